"""Context every reader page's base template needs: language links, hreflang, canonical URL, navigation."""

from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.urls import get_script_prefix, get_urlconf, reverse, translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, override

from articles.languages import LANGUAGE_CODES, NATIVE_NAMES, html_lang
from articles.timefmt import relative_time_strings

# Query parameters that select different content; everything else is left out of canonical URLs.
CANONICAL_PARAMS = {"q": None, "sort": "latest", "page": "1", "after": None, "before": None}


def _canonical_query(request):
    kept = [
        (name, request.GET[name])
        for name, default in CANONICAL_PARAMS.items()
        if request.GET.get(name) not in (None, "", default)
    ]
    return f"?{urlencode(kept)}" if kept else ""


def _translated_path(path, language):
    """``translate_url(path, language)``, remembered per process (it resolves and reverses the path)."""
    return _translate(path, language, get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


@lru_cache(maxsize=8192)
def _translate(path, language, active, prefix, urlconf):
    # active, prefix and urlconf are the ones in force now: the answer depends on them.
    return translate_url(path, language)


def _path_in(request, language):
    """This page's path in ``language`` (its canonical query kept); that language's home when the path has no route."""
    # Only the parameters that select content: a cached page must not echo a stray utm_* one.
    full_path = request.path + _canonical_query(request)
    translated = _translated_path(full_path, language)
    if translated == full_path and language != get_language():
        with override(language):
            return reverse("articles:home")
    return translated


def alternate_links_for(request, languages=LANGUAGE_CODES):
    """hreflang links to this page in ``languages`` plus x-default (the default language, else the first)."""
    query = _canonical_query(request)
    links = [
        {
            "hreflang": html_lang(code),
            "code": code,
            "url": request.build_absolute_uri(_translated_path(request.path, code)) + query,
        }
        for code in languages
    ]
    if not links:
        return []
    default = next((link for link in links if link["code"] == settings.LANGUAGE_CODE), links[0])
    return links + [{"hreflang": "x-default", "code": None, "url": default["url"]}]


def reader(request):
    language = get_language()
    query = _canonical_query(request)

    def language_links():
        return [
            {
                "code": code,
                "html_lang": html_lang(code),
                "name": NATIVE_NAMES[code],
                "url": _path_in(request, code),
                "current": code == language,
            }
            for code in LANGUAGE_CODES
        ]

    def nav_sections():
        return navigation_sections()

    return {
        "site_name": settings.SITE_NAME,
        "canonical_url": request.build_absolute_uri(request.path) + query,
        "alternate_links": SimpleLazyObject(lambda: alternate_links_for(request)),
        "language_links": SimpleLazyObject(language_links),
        "nav_sections": SimpleLazyObject(nav_sections),
        "reltime_strings": relative_time_strings(),
    }


SECTIONS_KEY = "reader:nav-sections"


def navigation_sections():
    """
    Every section, in navigation order: from the cache (no query) unless a section changed since;
    one query when the cache misses or is down.
    """
    from articles.models import Section
    from articles.reader.page_cache import _safe

    sections = _safe(lambda: cache.get(SECTIONS_KEY))
    if sections is None:
        sections = list(Section.objects.all())
        _safe(lambda: cache.set(SECTIONS_KEY, sections, settings.PAGE_CACHE_SECONDS or None))
    return sections


def sections_changed(sender, **kwargs):
    """A section was added, renamed, moved or deleted: every process reads them afresh once committed."""
    from articles.reader.page_cache import _safe, purge

    def forget():
        _safe(lambda: cache.delete(SECTIONS_KEY))
        purge()

    transaction.on_commit(forget)
