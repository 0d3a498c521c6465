"""
Markdown → sanitised HTML, and ``render_analysis``: the one render of an article's analysis (with
each entity's first mention linked), run when a version is approved and for previews, so a
preview shows what the live page will.
"""

import markdown
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sup",
    "sub",
    "del",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"https", "http", "mailto"}


def render_markdown(text):
    """
    Render editor Markdown to HTML that is safe to mark safe in a template.

    Raw HTML in the source is escaped by the sanitiser (only the tags above survive), links keep
    only https/http/mailto targets (``javascript:``, ``data:`` and obfuscated schemes are dropped),
    and every link gets ``rel="noopener noreferrer nofollow"``. Headings start at ``<h2>``: the
    page's ``<h1>`` is the article title.
    """
    if not text:
        return ""
    html = markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    html = _shift_headings(html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def _shift_headings(html):
    # "# Heading" in an analysis would compete with the title; demote every level by one.
    for level in range(5, 0, -1):
        html = html.replace(f"<h{level}>", f"<h{level + 1}>").replace(f"</h{level}>", f"</h{level + 1}>")
    return html


def render_analysis(text, *, language, entities=None):
    """
    The analysis as readers see it: sanitised Markdown with the first mention of each known
    entity linked to its page. ``entities`` defaults to the shared vocabulary payload.
    """
    from django.utils.translation import override

    from articles.entities.linking import link_first_mentions
    from articles.entities.vocabulary import entities_payload

    if entities is None:
        entities = entities_payload()
    with override(language):
        return link_first_mentions(render_markdown(text), entities=entities, language=language)
