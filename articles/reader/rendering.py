"""Markdown → sanitised HTML. Run once when a version is published, and for previews."""

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
