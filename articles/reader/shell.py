"""
The article page's shell: the whole page (``articles/article_detail.html`` with its base template,
header, JSON-LD and head links) rendered when the version's page snapshot is stored, with marks
where the parts that vary per request go. A request then joins the shell's pieces with those
parts instead of rendering templates.

What is per request (a mark in the shell):

- ``origin``: the scheme and host of absolute URLs (canonical and hreflang links, JSON-LD, Open
  Graph, feeds): the shell is rendered for a placeholder host;
- ``published``, ``updated``, ``views``: the meta line's relative times and view count;
- ``links``: the section neighbours and related articles (``articles/includes/article_links.html``,
  read with one query: which targets are public depends on the clock);
- ``nav``: the sections of the site header (``includes/site_nav.html``), from a per-process memo
  keyed by the sections, so a renamed section shows at once on every page;
- ``heading``, ``text``: the snapshot's fragments (``articles.reader.snapshots``).

Everything else in the shell depends on the version (the snapshot is stored again on each
publication and when a tag or entity it names changes; its image renditions and social cards
are written into its row), on the article's address and times, on its section, and on the code (templates, translations, static file names). Those are the shell's
**stamp**, kept with it and compared on every request with the row just read and this process's
``shell_key()``: a shell of another stamp is not used, and the page is rendered as before. So a
slug change, a renamed section, a new deploy never show a stale page; they only make the page
render the slow way until its snapshot is stored again (a section's save does that for its
articles; ``manage.py rebuild_reader_links`` for all).

A request whose query string selects content (``q``, ``sort``, ``page``… which the header and
the canonical links echo) is rendered the usual way too.
"""

import functools
import hashlib
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import mark_safe
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import override

from articles import timefmt
from articles.languages import LANGUAGE_CODES, columns
from articles.reader import counting
from articles.reader.context_processors import CANONICAL_PARAMS, navigation_sections
from articles.timefmt import relative_time

# Bump when what a shell holds changes shape.
SHELL_FORMAT = 1
# Marks are this character around a part's name (never \x00: PostgreSQL's jsonb cannot hold it).
MARK = "\ue000"
PARTS = frozenset({"origin", "published", "updated", "views", "links", "nav", "heading", "text"})
# The host the shell is rendered for; every absolute URL starts with SHELL_ORIGIN, made a mark.
SHELL_HOST = "newsroom-page-shell.invalid"
SHELL_ORIGIN = f"http://{SHELL_HOST}"
# Static files the base template names (their hashed names change with a deploy).
STATIC_FILES = ("img/favicon.svg", "css/site.css", "js/site.js")
# Entries of the per-process memos of rendered navigation and links (cleared when full).
MEMO_SIZE = 1024


def mark(name):
    return mark_safe(f"{MARK}{name}{MARK}")  # noqa: S308 - our own marker, replaced before sending


@functools.cache
def shell_key():
    """What a shell was rendered with: every project template, the translations, static names, settings."""
    from articles.reader.snapshots import render_key

    digest = hashlib.sha256(f"{SHELL_FORMAT}:{render_key()}:{settings.SITE_NAME}".encode())
    for directory in (Path(d) for engine in settings.TEMPLATES for d in engine.get("DIRS", ())):
        for path in sorted(directory.rglob("*.html")):
            digest.update(str(path.relative_to(directory)).encode() + b"\0" + path.read_bytes())
    for name in STATIC_FILES:
        digest.update(static(name).encode())
    return digest.hexdigest()[:16]


def stamp(article, version):
    """The values besides the version that a shell of ``article``'s page depends on."""
    section = version.section
    values = [
        shell_key(),
        article.slug,
        article.published_at.isoformat() if article.published_at else "",
        article.updated_at.isoformat() if article.updated_at else "",
        str(version.pk),
        # Renditions and social cards are written into the version after it is stored (lead image, og:image).
        version.image.name or "",
        repr(version.image_renditions),
    ]
    if section is not None:
        values += [str(section.pk), section.slug, *(getattr(section, name) or "" for name in columns("name"))]
    return "\n".join(values)


# Rendering (when a snapshot is stored) -------------------------------------------------------


def _shell_request(path):
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = path
    request.META = {"SERVER_NAME": SHELL_HOST, "SERVER_PORT": "80", "HTTP_HOST": SHELL_HOST}
    request.get_host = lambda: SHELL_HOST
    return request


def render_shells(version, bodies=None):
    """
    ``{language: pieces}`` for the live page of ``version`` (loaded with its section, tags,
    entities and rows: ``articles.reader.snapshots.store_snapshots``) in each language it is
    readable in. ``bodies``: its ``article_page_context`` per language when already built.
    Nothing here queries: the version is the one loaded, and the parts that would (links,
    navigation) are marks.
    """
    from django.template.loader import get_template

    from articles.reader.views import article_detail_context

    article = version.article
    if not article.published_at:
        return {}
    template = get_template("articles/article_detail.html")
    bodies = bodies or {}
    shells = {}
    for language in LANGUAGE_CODES:
        body = bodies.get(language)
        if body is not None and not body["available"]:
            continue
        with override(language):
            request = _shell_request(article.get_absolute_url())
            context = article_detail_context(request, article, language, marks=True, version=version, body=body)
            if not context["body"]["available"]:
                continue
            html = template.render(context, request=request)
        pieces = html.replace(SHELL_ORIGIN, mark("origin")).split(MARK)
        names = pieces[1::2]
        if SHELL_HOST in html.replace(SHELL_ORIGIN, "") or not set(names) <= PARTS:
            continue  # a host outside a URL, or a mark character in the content: no shell
        shells[language] = pieces
    return shells


# Assembling (per request) --------------------------------------------------------------------


def page(request, article, language):
    """The article page's HTML from its shell, or None when it has no usable one (render it then)."""
    from articles.models import PageSnapshot
    from articles.reader.snapshots import FORMAT, render_key

    if request.GET and any(name in request.GET for name in CANONICAL_PARAMS):
        return None
    version = article.live_version
    try:
        snapshot = version.page_snapshot
    except PageSnapshot.DoesNotExist:
        return None
    data = snapshot.data if snapshot is not None else None
    if not data or data.get("format") != FORMAT or data.get("fragments_key") != render_key():
        return None
    pieces = (data.get("shells") or {}).get(language)
    fragments = (data.get("fragments") or {}).get(language)
    if not pieces or not fragments or data.get("shell_stamp") != stamp(article, version):
        return None
    parts = {
        "origin": f"{request.scheme}://{request.get_host()}",
        "published": timefmt.time_element(article.published_at),
        "updated": timefmt.time_element(article.updated_at, "updated"),
        "views": counting.views_label(article.views),
        "links": links_html(article.pk, language),
        "nav": nav_html(language, version.section.slug if version.section else None),
        "heading": fragments.get("heading", ""),
        "text": fragments.get("text", ""),
    }
    out = []
    append = out.append
    for index, piece in enumerate(pieces):
        append(parts[piece] if index % 2 else piece)
    return "".join(out)


_links_memo = {}


def links_html(article_id, language):
    """
    The page's neighbours and related articles (``articles/includes/article_links.html``): read
    per request, rendered once per process per what they print (their relative times included).
    """
    from django.template.loader import render_to_string

    from articles.reader.links import page_links

    related, previous, following = page_links(article_id=article_id, language=language)
    # The links' times are in the key; what the clock changes in their markup is the relative text.
    key = (
        language,
        get_current_timezone_name(),  # the absolute time in each link's tooltip
        previous,
        following,
        tuple(related),
        tuple(relative_time(link.published_at) for link in related),
    )
    html = _links_memo.get(key)
    if html is None:
        if len(_links_memo) >= MEMO_SIZE:
            _links_memo.clear()
        context = {"related": related, "previous_article": previous, "next_article": following}
        html = _links_memo[key] = render_to_string("articles/includes/article_links.html", context)
    return html


_nav_memo = {}


def nav_html(language, current_section):
    """The header's section navigation in ``language``: rendered once per process per sections' state."""
    from django.template.loader import render_to_string

    sections = navigation_sections()
    names = columns("name")
    key = (
        language,
        current_section,
        get_script_prefix(),
        get_urlconf(),
        tuple((s.pk, s.slug, *(getattr(s, name) for name in names)) for s in sections),
    )
    html = _nav_memo.get(key)
    if html is None:
        if len(_nav_memo) >= MEMO_SIZE:
            _nav_memo.clear()
        context = {"nav_sections": sections, "current_section": current_section, "on_home": False}
        html = _nav_memo[key] = render_to_string("includes/site_nav.html", context)
    return html
