"""Template tags that put feeds, JSON-LD and social-card metadata in a page's <head>."""

from functools import lru_cache
from urllib.parse import urljoin

from django import template
from django.urls import get_script_prefix
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from articles.languages import translated
from articles.reader import structured_data
from articles.reader.feeds import feed_links as links_for

register = template.Library()

FEED_KINDS = {"section", "tag", "entity"}


@register.simple_tag(takes_context=True)
def feed_links(context):
    """
    ``<link rel="alternate">`` to the language's RSS and Atom feeds, plus the section's, tag's or
    entity's own feeds on its page.
    """
    request = context.get("request")
    if request is None:
        return ""
    match = getattr(request, "resolver_match", None)
    kind = slug = ""
    if match is not None and match.namespace == "articles" and match.url_name in FEED_KINDS:
        kind, slug = match.url_name, match.kwargs.get("slug", "")
    base = request.build_absolute_uri("/")
    return _feed_links(kind, slug, base, get_language(), get_script_prefix())


@lru_cache(maxsize=4096)
def _feed_links(kind, slug, base, language, prefix):
    # Remembered per page kind and slug, site address, language and script prefix (all in the key).
    return format_html_join(
        "\n",
        '<link rel="alternate" type="{}" title="{}" href="{}">',
        ((link["type"], link["title"], urljoin(base, link["url"])) for link in links_for(kind, slug)),
    )


def _meta(tags):
    return format_html_join("\n", '<meta {}="{}" content="{}">', tags)


@register.simple_tag(takes_context=True)
def article_metadata(context, body, article):
    """JSON-LD, Open Graph and Twitter tags for an article page; nothing when it is not readable in this language."""
    request = context.get("request")
    if not body or not body.get("available") or body.get("preview") or not article.is_published():
        return ""
    graph = structured_data.article_graph(request=request, article=article, body=body)
    social = structured_data.article_social(request=request, article=article, body=body)
    return mark_safe("\n".join([*(structured_data.json_ld(item) for item in graph), _meta(social)]))  # noqa: S308


@register.simple_tag(takes_context=True)
def listing_metadata(context, page, obj=None, kind=""):
    """CollectionPage/ItemList JSON-LD and social tags for a listing page (home, section, tag or entity)."""
    request = context.get("request")
    language = get_language()
    if obj is None:
        name = context.get("site_name") or ""
        description = structured_data.home_description()
        trail = ()
    else:
        name = translated(obj, "name", language) or obj.slug
        description = translated(obj, "description", language) or _("The latest articles filed under %(name)s.") % {
            "name": name
        }
        trail = ((name, obj.get_absolute_url()),)
    articles = list(page.object_list) if page is not None else []
    graph = structured_data.listing_graph(
        request=request, name=name, description=description, articles=articles, language=language, trail=trail
    )
    social = structured_data.listing_social(request=request, name=name, description=description, language=language)
    return mark_safe("\n".join([*(structured_data.json_ld(item) for item in graph), _meta(social)]))  # noqa: S308
