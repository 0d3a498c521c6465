"""The site's languages and the per-language column names modeltranslation gives them."""

from django.conf import settings
from modeltranslation.utils import build_localized_fieldname

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
# Names shown in the language switch, in their own language.
NATIVE_NAMES = {"en": "English", "zh-hans": "中文"}


def column(field, language):
    """``column("title", "zh-hans")`` → ``"title_zh_hans"``."""
    return build_localized_fieldname(field, language)


def other_language(language):
    return next(code for code in LANGUAGE_CODES if code != language)
