import pytest

from articles.reader.rendering import render_markdown

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](jav&#x09;ascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<svg onload="alert(1)"><circle/></svg>',
    '<a href="javascript:alert(1)">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<details open ontoggle=alert(1)>",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_xss_payloads_render_inert(payload):
    html = render_markdown(f"Intro\n\n{payload}\n\n分析 {payload}").lower()
    for dangerous in (
        "<script",
        "onerror",
        "onload",
        "ontoggle",
        "javascript:",
        "data:text",
        "<svg",
        "<iframe",
        "style=",
    ):
        assert dangerous not in html


def test_headings_lists_emphasis_tables_quotes_and_https_links_survive():
    html = render_markdown(
        "# Title\n\n## Sub\n\n- one\n- two\n\n1. first\n\n*em* **strong**\n\n> quote\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n[site](https://example.com)"
    )
    for fragment in (
        "<h2>Title</h2>",
        "<h3>Sub</h3>",
        "<ul>",
        "<ol>",
        "<em>em</em>",
        "<strong>strong</strong>",
        "<blockquote>",
        "<table>",
        "<td>1</td>",
        'href="https://example.com"',
    ):
        assert fragment in html


def test_links_are_marked_nofollow_and_noopener():
    assert 'rel="noopener noreferrer nofollow"' in render_markdown("[a](https://example.com)")


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""
