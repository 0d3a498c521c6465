"""
The address of a page named by a slug (an article, section, tag or entity), in the active
language: ``reverse()`` remembered per process. A reader page prints a few dozen of them (the
navigation, related links, tags, entities, structured data), and ``reverse()`` walks the URL
patterns every time. The answer depends only on the URL name, the slug, the language, the
script prefix and the URLconf, which are all in the key.
"""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


def slug_url(name, slug):
    """``reverse(name, kwargs={"slug": slug})`` in the active language, remembered."""
    return _slug_url(name, slug, get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


@functools.lru_cache(maxsize=16384)
def _slug_url(name, slug, language, prefix, urlconf):
    return reverse(name, kwargs={"slug": slug}, urlconf=urlconf)
