"""
Every fact about the site's languages, in one table, and the one way to name and read the
per-language columns modeltranslation adds (``title_en``, ``title_zh_hans``, …).

Adding a language: a row in ``LANGUAGES`` below, the code in ``settings.LANGUAGES`` (the two are
checked against each other at import), a migration for the new columns and a ``locale/`` catalogue.
"""

from dataclasses import dataclass

from django.conf import settings
from modeltranslation.utils import build_localized_fieldname


@dataclass(frozen=True)
class Language:
    code: str  # Django's language code and the URL prefix: /en/, /zh-hans/
    native_name: str  # shown in the language switch, in the language itself
    html_lang: str  # BCP 47 tag for <html lang>, hreflang and schema.org inLanguage
    og_locale: str  # Open Graph og:locale
    news_language: str  # Google News sitemap <news:language> (ISO 639, zh-cn for Simplified Chinese)
    search_config: str  # PostgreSQL text-search configuration (Chinese is pre-segmented with jieba)
    snippet_chars: int  # width of a search-result snippet, in characters
    by_character: bool  # compared (diffs) and segmented (search) by character, not by word


LANGUAGES = {
    "en": Language(
        code="en",
        native_name="English",
        html_lang="en",
        og_locale="en_US",
        news_language="en",
        search_config="english",
        snippet_chars=220,
        by_character=False,
    ),
    "zh-hans": Language(
        code="zh-hans",
        native_name="中文",
        html_lang="zh-Hans",
        og_locale="zh_CN",
        news_language="zh-cn",
        search_config="simple",
        snippet_chars=90,
        by_character=True,
    ),
}

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
if set(LANGUAGE_CODES) != set(LANGUAGES):
    raise RuntimeError(f"settings.LANGUAGES {LANGUAGE_CODES} and articles.languages.LANGUAGES disagree")

NATIVE_NAMES = {code: LANGUAGES[code].native_name for code in LANGUAGE_CODES}


def language(code):
    """The ``Language`` row for ``code``; an unknown code is a programming error (``KeyError``)."""
    return LANGUAGES[code]


def html_lang(code):
    """``"zh-hans"`` → ``"zh-Hans"``; a code not in the table is returned as it is."""
    row = LANGUAGES.get(code)
    return row.html_lang if row else code


def column(field, language):
    """``column("title", "zh-hans")`` → ``"title_zh_hans"``: the only place column names are built."""
    return build_localized_fieldname(field, language)


def columns(field):
    """The column of ``field`` in every language, in site order: ``("title_en", "title_zh_hans")``."""
    return tuple(column(field, code) for code in LANGUAGE_CODES)


def translated(obj, field, language):
    """
    The value of ``field`` in ``language`` on ``obj`` (a model instance with translated fields); a
    text never comes back as None (the per-language columns are nullable), a relation may.
    """
    value = getattr(obj, column(field, language))
    if value is None and obj._meta.get_field(field).empty_strings_allowed:
        return ""
    return value


def all_names(obj, field="name", separator=" · "):
    """
    ``obj``'s ``field`` in every language, in site order, blanks and repeats dropped: "OpenAI ·
    开放人工智能", so a picker reads the same in either interface language (the slug if all are blank).
    """
    found = []
    for code in LANGUAGE_CODES:
        value = (translated(obj, field, code) or "").strip()
        if value and value not in found:
            found.append(value)
    return separator.join(found) or getattr(obj, "slug", "") or str(obj)


def other_language(language):
    return next(code for code in LANGUAGE_CODES if code != language)
