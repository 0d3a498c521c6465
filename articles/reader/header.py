"""
The parts of a reader page around its content that many requests share, rendered once per
process for each distinct set of what they show and kept in a bounded memo.

``site_header_html(context)`` is the site header (name, search form, language switch, section
navigation): a pure function of the language, the script prefix, the site name, the sections
(slugs and names in the language), the language links, the current section, whether this is
the home page and the search query it echoes. A renamed or added section, another page, another
language is another key, so nothing can go stale; the old entries age out. See
docs/benchmarks.md, "Listings".
"""

from functools import lru_cache

from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from articles.languages import column

# Distinct headers kept per process (about 2 kB each): every page kind × language × section,
# plus the search queries echoed in the search box.
MEMO_SIZE = 2048


def site_header_html(context):
    """The site header for a template ``context`` (``site_name``, ``nav_sections``, ``language_links``, …)."""
    language = get_language()
    name = column("name", language)
    sections = tuple(
        (section.slug, getattr(section, name) or section.slug, section.get_absolute_url())
        for section in context.get("nav_sections") or ()
    )
    links = tuple(
        (link["code"], link["html_lang"], link["name"], link["url"], bool(link["current"]))
        for link in context.get("language_links") or ()
    )
    request = context.get("request")
    query = request.GET.get("q") if request is not None else None
    return _header(
        (language, get_script_prefix()),
        context.get("site_name"),
        sections,
        links,
        context.get("current_section"),
        bool(context.get("on_home")),
        query,
    )


@lru_cache(maxsize=MEMO_SIZE)
def _header(active, site_name, sections, links, current_section, on_home, query):
    # ``active`` (language, script prefix) is the one in force now: the labels and URLs depend on it.
    return mark_safe(  # noqa: S308 - rendered by the template engine, escaped there
        render_to_string(
            "includes/site_header.html",
            {
                "site_name": site_name,
                "nav_sections": [
                    {"slug": slug, "name": label, "get_absolute_url": url} for slug, label, url in sections
                ],
                "language_links": [
                    {"code": code, "html_lang": tag, "name": label, "url": url, "current": current}
                    for code, tag, label, url, current in links
                ],
                "current_section": current_section,
                "on_home": on_home,
                "query": query,
            },
        )
    )
