"""Snippets (articles.search.highlight): cut from a bounded window, the same as from the whole text."""

import pytest
from django.utils.html import escape

from articles.languages import LANGUAGES
from articles.search.highlight import HAN, highlight, snippet, terms_pattern


def _whole_text_snippet(text, pattern, language):
    """The snippet computed over the whole text, whitespace collapsed first (the rule the window keeps)."""
    text = " ".join((text or "").split())
    if not text:
        return ""
    width = LANGUAGES[language].snippet_chars
    match = pattern.search(text) if pattern else None
    start = 0
    if match and match.start() > width // 3:
        start = match.start() - width // 3
        if not HAN.search(text[start : start + 1]):
            space = text.rfind(" ", 0, start)
            start = space + 1 if space != -1 and match.start() - space < width // 2 else start
    end = min(len(text), start + width)
    if end < len(text) and not HAN.search(text[end - 1 : end]):
        space = text.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    piece = highlight(text[start:end], pattern)
    prefix = "… " if start > 0 and not HAN.search(text[start]) else ("…" if start > 0 else "")
    suffix = " …" if end < len(text) and not HAN.search(text[end - 1]) else ("…" if end < len(text) else "")
    return escape(prefix) + piece + escape(suffix)


ENGLISH = "The plant adds capacity as demand for chips grows in every region of the world. "
CHINESE = "该厂扩充产能以满足各地区不断增长的芯片需求，园区用电将达两吉瓦。"


def _texts(filler, needle):
    """Long texts with the needle at the start, the middle and the end, and runs of whitespace."""
    yield needle + filler * 200
    yield filler * 100 + needle + filler * 100
    yield filler * 200 + needle
    yield filler * 50 + "\n\n  \t" * 2000 + needle + " \n" * 3000 + filler * 50  # runs wider than the window
    yield "  \n" + filler[:40] + needle + filler[:30] + "\n  "  # shorter than a snippet
    yield filler * 200  # no match: the start


@pytest.mark.parametrize(
    ("language", "filler", "needle", "query"),
    [
        ("en", ENGLISH, " Gigawatts of power arrive. ", ["gigawatts"]),
        ("en", ENGLISH, "Gigawatt-scale sites ", ["gigawatt", "sites"]),
        ("zh-hans", CHINESE, "吉瓦级数据中心", ["吉瓦"]),
        ("zh-hans", CHINESE, "量子纠缠实验室", ["量子", "实验室"]),
    ],
)
def test_a_snippet_from_the_window_around_the_match_is_the_one_the_whole_text_gives(language, filler, needle, query):
    pattern = terms_pattern(query)
    for text in _texts(filler, needle):
        assert snippet(text, pattern, language) == _whole_text_snippet(text, pattern, language)


@pytest.mark.parametrize(("language", "text"), [("en", ENGLISH * 3000), ("zh-hans", CHINESE * 3000)])
def test_a_snippet_of_a_very_long_text_stays_one_passage_with_its_match_marked(language, text):
    term = "spike" if language == "en" else "负荷"  # found only at the very end
    long_text = text + ("\n" + text[:200]) + (" a sudden spike " if language == "en" else "突发负荷")
    result = snippet(long_text, terms_pattern([term]), language)
    assert f"<mark>{term}</mark>" in result
    assert len(result) < LANGUAGES[language].snippet_chars * 2
    assert result.startswith("…")


def test_a_snippet_without_a_pattern_or_text_is_the_start_or_nothing():
    assert snippet("", terms_pattern(["chip"]), "en") == ""
    assert snippet(None, None, "en") == ""
    assert str(snippet("  a   b  ", None, "en")) == "a b"
