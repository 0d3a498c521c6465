"""
Link the first mention of each entity in a rendered analysis to the entity's page.

Runs on sanitised HTML (``rendering.render_markdown``'s output) when a version is published: only
text between tags is read and changed, never a tag or an attribute; text inside a link, a heading
or code is left alone. The inserted link's address is escaped and the linked text is the
document's own text, escaped again, so the result is as safe as its input.
"""

import html
import re

from django.urls import NoReverseMatch, reverse
from django.utils.translation import override

from articles.entities.mentions import find_mentions

# A tag as html5ever (nh3) serialises it: attribute values are double-quoted with '"' escaped,
# but may hold '>'.
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")
# Text inside these is never linked.
SKIPPED = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre"}
VOID = {"br", "hr", "img", "wbr"}


def entity_url(slug, language):
    with override(language):
        return reverse("articles:entity", kwargs={"slug": slug})


def link_first_mentions(rendered, *, entities, language):
    """
    Return ``rendered`` with the first mention of each of ``entities`` (exchange-format dicts)
    wrapped in ``<a href="/<language>/entity/<slug>/" class="entity-link">``. Mentions follow
    ``articles.entities.mentions`` rules (both scripts, whole words, Chinese word boundaries).
    """
    if not rendered or not entities:
        return rendered
    linked = set()
    out = []
    skipping = []  # open tags whose text is not linked
    position = 0
    for match in _TAG.finditer(rendered):
        text = rendered[position : match.start()]
        out.append(_link_text(text, entities, language, linked) if text and not skipping else text)
        closing, name = match.group(1), match.group(2).lower()
        if name in SKIPPED:
            if closing:
                if name in skipping:
                    del skipping[len(skipping) - 1 - skipping[::-1].index(name)]
            elif not match.group(0).endswith("/>"):
                skipping.append(name)
        out.append(match.group(0))
        position = match.end()
    tail = rendered[position:]
    out.append(_link_text(tail, entities, language, linked) if tail and not skipping else tail)
    return "".join(out)


def _link_text(escaped, entities, language, linked):
    text = html.unescape(escaped)
    first = []
    for mention in find_mentions(text=text, entities=entities, language=language):
        if mention.entity not in linked:
            linked.add(mention.entity)
            first.append(mention)
    if not first:
        return escaped
    pieces, position = [], 0
    for mention in first:
        try:
            url = entity_url(mention.entity, language)
        except NoReverseMatch:  # a slug the URL pattern refuses: leave the text as it is
            continue
        pieces.append(html.escape(text[position : mention.start], quote=False))
        pieces.append(f'<a href="{html.escape(url)}" class="entity-link">{html.escape(mention.text, quote=False)}</a>')
        position = mention.end
    pieces.append(html.escape(text[position:], quote=False))
    return "".join(pieces)
