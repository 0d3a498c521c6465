"""Highlighted snippets: the passage around the first match, HTML-escaped, matches in <mark>."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.languages import LANGUAGES
from articles.search.segmentation import HAN


def _stem(term):
    """A prefix that finds the term's inflections in running text (gigawatts → gigawatt…)."""
    for suffix, keep in (("ies", 3), ("ing", 4), ("es", 3), ("ed", 3), ("s", 3), ("y", 3)):
        if term.endswith(suffix) and len(term) - len(suffix) >= keep and not term.endswith("ss"):
            return term[: -len(suffix)]
    return term


def terms_pattern(terms):
    """A regex finding the terms: Chinese words anywhere, other words as prefixes at a word start."""
    han = sorted((t for t in terms if HAN.search(t)), key=len, reverse=True)
    latin = sorted({_stem(t) for t in terms if not HAN.search(t)}, key=len, reverse=True)
    parts = []
    if han:
        parts.append("|".join(re.escape(t) for t in han))
    if latin:
        parts.append(r"\b(?:" + "|".join(re.escape(t) for t in latin) + r")\w*")
    if not parts:
        return None
    return re.compile("|".join(f"(?:{part})" for part in parts), re.IGNORECASE)


def highlight(text, pattern):
    """``text`` escaped, with every match wrapped in <mark>."""
    if not text:
        return ""
    if pattern is None:
        return escape(text)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped


def snippet(text, pattern, language):
    """
    About one paragraph of ``text`` around the first match (its start when nothing matches, e.g.
    the match was an entity alias or a tag), with "…" where it was cut. Runs of whitespace read as
    one space. Only a window around the match is normalised and cut (``_window``): the cost
    follows the snippet's width, not the length of the article.
    """
    text = (text or "").strip()
    if not text:
        return ""
    width = LANGUAGES[language].snippet_chars
    match = pattern.search(text) if pattern else None
    text, at, cut_before, cut_after = _window(text, match.start() if match else 0, width)
    start = 0
    if match and at > width // 3:
        start = at - width // 3
        if not HAN.search(text[start : start + 1]):
            # Do not start mid-word in space-separated text.
            space = text.rfind(" ", 0, start)
            start = space + 1 if space != -1 and at - space < width // 2 else start
    end = min(len(text), start + width)
    if end < len(text) and not HAN.search(text[end - 1 : end]):
        space = text.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    piece = highlight(text[start:end], pattern)
    before = start > 0 or cut_before
    after = end < len(text) or cut_after
    prefix = "… " if before and not HAN.search(text[start]) else ("…" if before else "")
    suffix = " …" if after and not HAN.search(text[end - 1]) else ("…" if after else "")
    return mark_safe(escape(prefix) + piece + escape(suffix))  # noqa: S308 - pieces escaped


SPACES = re.compile(r"\s+")


def _window(text, at, width):
    """
    ``(window, position, cut_before, cut_after)``: the part of ``text`` (already stripped) around
    position ``at``, whitespace runs made one space, holding at least ``width`` characters on each
    side of ``at`` where the text has them; ``position`` is ``at`` in it, and ``cut_*`` say whether
    text was left out. The same characters around ``at`` as normalising the whole text would give
    (a run of whitespace never spans ``at``, the start of a match), so the snippet is the same.
    """
    margin = 2 * width
    while True:
        low, high = max(0, at - margin), min(len(text), at + margin)
        head = SPACES.sub(" ", text[low:at])
        tail = SPACES.sub(" ", text[at:high])
        if (low == 0 or len(head) > width) and (high == len(text) or len(tail) > width):
            return head + tail, len(head), low > 0, high < len(text)
        margin *= 2
