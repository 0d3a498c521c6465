"""manage.py check_articles: text and JSON, drafts/in review or live versions, exit code 0."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from articles import workflow
from articles.models import ArticleVersion
from articles.tests.factories import full_version, published_article

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("check_articles", *args, stdout=out)  # raises on a non-zero exit
    return out.getvalue()


@pytest.fixture
def articles(editor):
    in_review = full_version(n_rows=1)
    ArticleVersion.objects.filter(pk=in_review.pk).update(
        title_en="Fab costs $2 billion", title_zh_hans="晶圆厂耗资30亿美元"
    )
    workflow.version_submit(version=in_review, by=editor)
    draft = full_version(n_rows=1)
    ArticleVersion.objects.filter(pk=draft.pk).update(summary_zh_hans="")
    live = published_article(n_rows=1)
    ArticleVersion.objects.filter(pk=live.live_version_id).update(analysis_zh_hans="")
    return {"in_review": in_review.article, "draft": draft.article, "live": live}


def test_text_output_lists_drafts_and_versions_in_review_with_severity_language_and_span(articles):
    out = run()
    # A changed figure is one finding, on the Chinese side, naming the English figure.
    assert f"{articles['in_review'].slug} v1 (in_review): 1 finding(s)" in out
    assert "HIGH   number_mismatch: zh-hans title 5–10 “30亿美元”" in out
    assert f"{articles['draft'].slug} v1 (draft): 1 finding(s)" in out and "MEDIUM missing_part: zh-hans summary" in out
    assert articles["live"].slug not in out
    assert out.strip().endswith(
        "2 finding(s) in 2 version(s). By severity: high 1, medium 1. By kind: missing_part 1, number_mismatch 1."
    )


def test_live_selection_checks_only_live_versions(articles):
    out = run("--live")
    assert articles["live"].slug in out and articles["draft"].slug not in out
    assert "HIGH   missing_part: zh-hans analysis" in out


def test_json_output_has_every_field_and_the_totals(articles):
    data = json.loads(run("--format", "json"))
    assert data["selection"] == "drafts" and data["totals"]["by_kind"] == {"missing_part": 1, "number_mismatch": 1}
    entry = next(v for v in data["versions"] if v["article"] == articles["in_review"].slug)
    finding = next(f for f in entry["findings"] if f["language"] == "zh-hans")
    assert finding == {
        "kind": "number_mismatch",
        "severity": "high",
        "language": "zh-hans",
        "part": "title",
        "index": None,
        "field": None,
        "span": [5, 10],
        "text": "30亿美元",
        "message": finding["message"],
        "other_index": None,
        "other_field": None,
        "other_span": [10, 20],
        "other_text": "$2 billion",
        "suggestion": "",
    }
    live = json.loads(run("--live", "--format", "json"))
    assert live["selection"] == "live" and [v["article"] for v in live["versions"]] == [articles["live"].slug]


def test_nothing_to_check_prints_a_zero_total():
    assert run().strip() == "0 finding(s) in 0 version(s). By severity: none. By kind: none."
