"""bench_pages: runs end to end on a tiny database and refuses a database with real content. No timing is asserted."""

import io
import re

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, ArticleVersion, AuditEvent
from articles.tests.factories import published_article

pytestmark = pytest.mark.django_db

ROW = re.compile(
    r"^\| (home|section|tag|entity|article|bilingual) \| (en|zh-hans) \|( [0-9.]+ \|){4} (\d+) \| (\d+) \|$"
)


def bench(*args):
    out = io.StringIO()
    call_command("bench_pages", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_bench_pages_seeds_through_the_workflow_and_prints_a_row_per_page_and_language():
    out = bench("--seed", "--articles", "3", "--requests", "2")

    assert "Seeded 3 article(s)." in out
    assert (
        "| Page | Language | Cold median ms | Cold p95 ms | Warm median ms | Warm p95 ms | Queries cold | Queries warm |"
        in out
    )
    rows = [ROW.match(line) for line in out.splitlines() if ROW.match(line)]
    assert sorted((m[1], m[2]) for m in rows) == sorted(
        (page, language)
        for page in ("home", "section", "tag", "entity", "article", "bilingual")
        for language in ("en", "zh-hans")
    )
    for match in rows:
        # A cold request reads the database; a warm one is a cache hit that reads only the
        # publication generation (article views are buffered, not written).
        assert int(match[4]) > 0
        assert int(match[5]) == 1
    assert "workflow.version_publish, first publication: median" in out
    assert "workflow.version_publish, update of a live article: median" in out

    published = Article.objects.published()
    assert published.count() == 3
    for article in published:
        version = article.live_version
        assert version.title_en and version.title_zh_hans and version.analysis_html_zh_hans
        assert (version.tags.count(), version.entities.count()) == (3, 3)
        assert (version.tldr_items.count(), version.key_data_rows.count(), version.faq_items.count()) == (4, 4, 3)
    # 3 first publications, then one update per timed request (2), each through the workflow.
    assert AuditEvent.objects.filter(action="publish").count() == 5
    assert ArticleVersion.objects.filter(state=ArticleVersion.State.SUPERSEDED).count() == 2


def test_bench_pages_runs_again_on_its_own_articles_without_seeding_more():
    bench("--seed", "--articles", "2", "--requests", "1")
    out = bench("--seed", "--articles", "2", "--requests", "1")

    assert "Seeded" not in out
    assert Article.objects.count() == 2
    assert "| home | en |" in out


def test_bench_pages_refuses_a_database_with_articles_it_did_not_create():
    published_article(article__slug="real-news")

    with pytest.raises(CommandError, match="1 article\\(s\\) not created by bench_pages"):
        bench("--seed", "--articles", "2", "--requests", "1")
    assert list(Article.objects.values_list("slug", flat=True)) == ["real-news"]


def test_bench_pages_without_seed_on_an_empty_database_says_to_seed():
    with pytest.raises(CommandError, match="run with --seed"):
        bench("--requests", "1")
