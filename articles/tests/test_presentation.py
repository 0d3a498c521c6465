"""articles.reader.presentation: the article page from any version, sanitised, in fixed queries."""

from html.parser import HTMLParser

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from articles import workflow
from articles.entities.vocabulary import entities_payload
from articles.reader.presentation import article_page_context, version_for_display
from articles.tests.factories import (
    ArticleVersionFactory,
    EntityFactory,
    FaqItemFactory,
    InsightFactory,
    KeyDataRowFactory,
    SectionFactory,
    TagFactory,
    TldrItemFactory,
    full_version,
)
from articles.tests.reader_helpers import LANGUAGES, get

pytestmark = pytest.mark.django_db

XSS_PAYLOADS = [
    "<script>alert('xss')</script>",
    "<img src=x onerror=alert('xss')>",
    "<svg onload=alert('xss')>",
    "<svg><script>alert('xss')</script></svg>",
    "\"><script>alert('xss')</script>",
    "<a href=\"javascript:alert('xss')\">click</a>",
    "<a href=\" JaVaScRiPt:alert('xss')\">click</a>",
    "<a href=\"&#106;avascript:alert('xss')\">click</a>",
    "<a href=\"jav&#x09;ascript:alert('xss')\">click</a>",
    "[click](javascript:alert('xss'))",
    "[click](JAVASCRIPT:alert('xss'))",
    "[click](  javascript:alert('xss'))",
    "[click](java\tscript:alert('xss'))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox('xss'))",
    "![pic](javascript:alert('xss'))",
    "<iframe src=\"javascript:alert('xss')\"></iframe>",
    "<object data=\"data:text/html,<script>alert('xss')</script>\"></object>",
    "<div style=\"background:url(javascript:alert('xss'))\">x</div>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss')></style></mglyph></table></mtext></math>",
    "<details open ontoggle=alert('xss')>",
    "<a href='https://example.com' onclick=\"alert('xss')\">ok</a>",
]
PAYLOAD = "\n\n".join(XSS_PAYLOADS)
FORBIDDEN_TAGS = {"script", "svg", "iframe", "object", "embed", "math", "img", "style", "form", "input", "base"}
# The header's search form (and its text box) and the score bars are ours; any other form, input or svg is injected.
OUR_FORM = {("form", "site-search"), ("input", "site-search-q"), ("svg", "score__bar")}
OUR_SCRIPTS = (
    {("src", "/static/js/site.js"), ("defer", None)},
    {("id", "reltime-strings"), ("type", "application/json")},
)


class DangerFinder(HTMLParser):
    """Collects anything in a page that could run script."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            # Ours, or structured data (JSON is data, never run).
            if set(attrs) not in OUR_SCRIPTS and dict(attrs).get("type") != "application/ld+json":
                self.problems.append(("script", attrs))
            return
        if tag in FORBIDDEN_TAGS and (tag, dict(attrs).get("class", dict(attrs).get("id"))) not in OUR_FORM:
            self.problems.append((tag, attrs))
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append((tag, name, value))
            if name == "style" and not (tag == "span" and value.startswith("width: ") and value.endswith("%")):
                self.problems.append((tag, name, value))
            if name in ("href", "src", "action", "formaction", "data", "xlink:href"):
                # As browsers parse URLs: C0 controls and spaces trimmed at the ends, tabs and newlines removed.
                scheme = value.strip("".join(map(chr, range(0x21)))).translate({9: None, 10: None, 13: None}).lower()
                if scheme.startswith(("javascript:", "data:", "vbscript:")):
                    self.problems.append((tag, name, value))

    handle_startendtag = handle_starttag


def dangers(page):
    finder = DangerFinder()
    finder.feed(page)
    return finder.problems


def payload_everywhere():
    """A published article with the payloads in every text field of both languages."""
    both = {"name_en": PAYLOAD[:80], "name_zh_hans": PAYLOAD[:80]}
    section = SectionFactory(**both)
    tag = TagFactory(**both)
    entity = EntityFactory(**both, description_en=PAYLOAD, description_zh_hans=PAYLOAD)
    fields = {}
    for column in ("en", "zh_hans"):
        fields.update(
            {f"title_{column}": PAYLOAD[:200], f"summary_{column}": PAYLOAD[:600], f"analysis_{column}": PAYLOAD}
        )
    version = ArticleVersionFactory(section=section, tags=[tag], entities=[entity], ai_generated=True, **fields)
    TldrItemFactory(version=version, text_en=PAYLOAD[:500], text_zh_hans=PAYLOAD[:500])
    KeyDataRowFactory(
        version=version,
        entity=entity,
        info_en=PAYLOAD[:300],
        info_zh_hans=PAYLOAD[:300],
        metric_en=PAYLOAD[:200],
        metric_zh_hans=PAYLOAD[:200],
    )
    InsightFactory(version=version, text_en=PAYLOAD[:1500], text_zh_hans=PAYLOAD[:1500])
    FaqItemFactory(
        version=version,
        question_en=PAYLOAD[:300],
        question_zh_hans=PAYLOAD[:300],
        answer_en=PAYLOAD[:3000],
        answer_zh_hans=PAYLOAD[:3000],
    )
    workflow.version_submit(version=version)
    workflow.version_publish(version=version)
    version.article.refresh_from_db()
    return version.article


def test_xss_payloads_in_every_text_field_of_both_languages_render_inert(client):
    article = payload_everywhere()
    version = article.live_version
    paths = [
        f"article/{article.slug}/",
        f"article/{article.slug}/bilingual/",
        "",
        f"tag/{version.tags.get().slug}/",
        f"entity/{version.entities.get().slug}/",
        f"section/{version.section.slug}/",
    ]
    for language in LANGUAGES:
        for path in paths:
            response = get(client, f"/{language}/{path}")
            assert response.status_code == 200
            assert dangers(response.content.decode()) == [], path
    # The payloads are shown as text, not dropped silently from plain-text fields.
    assert "&lt;script&gt;alert(" in get(client, f"/en/article/{article.slug}/").content.decode()


def test_the_danger_finder_catches_what_it_looks_for():
    assert dangers('<img src=x onerror="alert(1)">')
    assert dangers('<a href=" JaVa\tScript:alert(1)">x</a>')
    assert not dangers('<a href="java    script:alert(1)">relative, inert</a>')
    assert dangers("<script>alert(1)</script>")
    assert dangers('<svg onload="alert(1)">')
    assert not dangers('<a href="https://example.com">ok</a>')


def test_markdown_structure_survives_sanitising(client):
    analysis = (
        "## Context\n\nSome *emphasis* and **strong** text.\n\n- one\n- two\n\n1. first\n2. second\n\n"
        "> A quote\n\n| Entity | Metric |\n| --- | --- |\n| Acme | 1.6 GW |\n\n[source](https://example.com/report)"
    )
    version = full_version(analysis_en=analysis, analysis_zh_hans=analysis)
    workflow.version_submit(version=version)
    workflow.version_publish(version=version)
    for language in LANGUAGES:
        page = get(client, f"/{language}/article/{version.article.slug}/").content.decode()
        for fragment in (
            "<h3>Context</h3>",
            "<em>emphasis</em>",
            "<strong>strong</strong>",
            "<ul>",
            "<ol>",
            "<blockquote>",
            "<table>",
            "<td>1.6 GW</td>",
            'href="https://example.com/report"',
        ):
            assert fragment in page, fragment


def test_a_draft_without_rendered_analysis_is_rendered_on_the_fly_and_sanitised():
    version = full_version(analysis_en="Hello *draft* <script>alert(1)</script>")
    assert version.analysis_html_en in ("", None)
    body = article_page_context(
        article=version.article, version=version_for_display(version.pk), language="en", preview=True
    )
    assert "<em>draft</em>" in body["analysis_html"]
    assert "<script" not in body["analysis_html"]
    assert body["preview"] is True and body["other_languages"] == [{"code": "zh-hans", "name": "中文", "url": ""}]


def test_a_key_data_row_names_its_one_entity_in_each_language_and_is_left_out_where_it_is_blank():
    helix = EntityFactory(slug="helix", name_en="Helix Semiconductor", name_zh_hans="螺旋半导体")
    lumen = EntityFactory(slug="lumen", name_en="Lumen Cloud", name_zh_hans="流明云")
    version = full_version(n_rows=0)
    KeyDataRowFactory(version=version, position=0, entity=helix)
    KeyDataRowFactory(version=version, position=1, entity=helix, entity_override_zh_hans=lumen)
    KeyDataRowFactory(version=version, position=2, entity=lumen, info_zh_hans="", metric_zh_hans="")
    loaded = version_for_display(version.pk)
    names = {
        language: [
            row["entity"]["name"]
            for row in article_page_context(article=loaded.article, version=loaded, language=language, preview=True)[
                "key_data"
            ]
        ]
        for language in LANGUAGES
    }
    assert names == {
        "en": ["Helix Semiconductor", "Helix Semiconductor", "Lumen Cloud"],
        "zh-hans": ["螺旋半导体", "流明云"],  # the override; the English-only row is not shown
    }


def test_version_for_display_loads_everything_in_fixed_queries_and_the_template_adds_none():
    counts = []
    for size in (1, 5):
        version = full_version(
            n_rows=size, tags=[TagFactory() for _ in range(size)], entities=[EntityFactory() for _ in range(size)]
        )
        with CaptureQueriesContext(connection) as loading:
            loaded = version_for_display(version.pk)
        # A draft's analysis is rendered with entity links from the vocabulary, which a worker
        # builds once (2 queries) after an entity changes and then keeps: built here beforehand.
        entities_payload()
        with CaptureQueriesContext(connection) as rendering:
            for language in LANGUAGES:
                body = article_page_context(article=loaded.article, version=loaded, language=language, preview=True)
                page = render_to_string("articles/includes/article_body.html", {"body": body})
                assert len(body["faq"]) == size and body["title"] in page
        counts.append((len(loading), len(rendering)))
    # The version with its article and section, tags, entities, four lists, the rows' entity (the
    # Chinese overrides cost one more only when a row has one).
    assert counts == [(8, 0), (8, 0)]


def test_a_missing_language_is_reported_with_links_to_the_others():
    version = full_version(title_en="", summary_en="")
    body = article_page_context(article=version.article, version=version, language="en")
    assert body["available"] is False
    assert body["other_languages"] == [
        {"code": "zh-hans", "name": "中文", "url": f"/zh-hans/article/{version.article.slug}/"}
    ]
