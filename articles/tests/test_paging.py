"""Listing pages: cursor links, the bounded count and what a deep page costs, through HTTP in both languages."""

import datetime
import html as html_module
import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.models import Article, ArticleVersion
from articles.reader import paging, views
from articles.reader.context_processors import SECTIONS_KEY
from articles.reader.ranking import SORTS
from articles.tests.factories import SectionFactory, bulk_published_articles
from articles.tests.reader_helpers import LANGUAGES, count_queries, get

pytestmark = pytest.mark.django_db

PER_PAGE = 3


@pytest.fixture
def small_pages(monkeypatch, settings):
    """Three articles a page, and no page cache: each request runs its queries."""
    monkeypatch.setattr(views, "PAGE_SIZE", PER_PAGE)
    settings.PAGE_CACHE_SECONDS = 0


def _archive(count):
    """``count`` public articles in one section, with tied scores and tied publication times to break."""
    section = SectionFactory()
    bulk_published_articles(count, section=section)
    shared_time = timezone.now() - datetime.timedelta(hours=3)
    for i, article in enumerate(Article.objects.filter(live_version__section=section).order_by("pk")):
        ArticleVersion.objects.filter(pk=article.live_version_id).update(
            quality_score=i % 3 * 10, impact_score=50, hot_score=i % 4 * 20
        )
        if i % 2:
            Article.objects.filter(pk=article.pk).update(published_at=shared_time)
    return section


def _link(response, rel):
    found = re.search(rf'rel="{rel}" href="([^"]+)"', response.content.decode())
    return html_module.unescape(found.group(1)) if found else None


def _walk(client, path, rel):
    """Follow the pager's ``rel`` links from ``path``: each page's article ids, in order."""
    pages = []
    url = path
    while url is not None:
        response = get(client, url)
        assert response.status_code == 200, url
        pages.append([article.pk for article in response.context["page"].object_list])
        next_query = _link(response, rel)
        url = path.split("?")[0] + next_query if next_query else None
    return pages


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("sort", SORTS)
def test_following_next_links_shows_every_article_exactly_once_in_the_sorts_order(client, small_pages, language, sort):
    section = _archive(11)
    path = f"/{language}/section/{section.slug}/"
    pages = _walk(client, f"{path}?sort={sort}", "next")
    expected = [a.pk for a in get(client, f"{path}?sort={sort}").context["page"].object_list]
    seen = [pk for page in pages for pk in page]
    assert len(pages) == 4 and all(len(page) == PER_PAGE for page in pages[:-1])
    assert sorted(seen) == sorted(Article.objects.filter(live_version__section=section).values_list("pk", flat=True))
    assert len(set(seen)) == len(seen)
    assert seen[:PER_PAGE] == expected
    # The old numbered URLs show the same pages.
    numbered = [
        [a.pk for a in get(client, f"{path}?sort={sort}&page={n}").context["page"].object_list] for n in range(1, 5)
    ]
    assert numbered == pages


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("sort", SORTS)
def test_following_previous_links_from_the_last_page_walks_the_same_pages_back(client, small_pages, language, sort):
    section = _archive(11)
    path = f"/{language}/section/{section.slug}/"
    forward = _walk(client, f"{path}?sort={sort}", "next")
    last = get(client, f"{path}?sort={sort}&page=4")
    backward = _walk(client, path + "?" + _link(last, "prev").lstrip("?"), "prev")
    assert [forward[-1], *backward] == forward[::-1]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("sort", SORTS)
def test_a_deep_page_costs_the_same_queries_as_the_first(client, small_pages, language, sort):
    section = _archive(3 * PER_PAGE + 1)
    path = f"/{language}/section/{section.slug}/"
    cache.delete(SECTIONS_KEY)
    count_queries(client, f"{path}?sort={sort}")  # the navigation sections are cached from here on
    first = count_queries(client, f"{path}?sort={sort}")
    url = f"{path}?sort={sort}"
    for _ in range(3):
        url = path + _link(get(client, url), "next")
    assert count_queries(client, url) == first
    assert count_queries(client, f"{path}?sort={sort}&page=4") == first


def test_the_deep_page_query_starts_at_the_cursor_instead_of_skipping_rows(client, small_pages):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    section = _archive(3 * PER_PAGE + 1)
    path = f"/en/section/{section.slug}/"
    url = path + _link(get(client, f"{path}?page=3"), "next")
    with CaptureQueriesContext(connection) as queries:
        get(client, url)
    assert not any("OFFSET" in query["sql"] for query in queries.captured_queries)
    assert "after=" in url


@pytest.mark.parametrize("sort", SORTS)
def test_every_sort_pages_by_cursor_including_trending(client, small_pages, sort):
    section = _archive(3 * PER_PAGE + 1)
    next_query = _link(get(client, f"/en/section/{section.slug}/?sort={sort}"), "next")
    assert "after=" in next_query
    if sort == "trending":  # the key, the publication time, the id
        assert len(next_query.split("after=")[1].split("_")) == 3


def test_a_listing_page_never_reads_the_versions_long_texts(client, small_pages):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    section = _archive(3 * PER_PAGE + 1)
    for sort in SORTS:
        with CaptureQueriesContext(connection) as queries:
            assert get(client, f"/en/section/{section.slug}/?sort={sort}&page=2").status_code == 200
        sql = " ".join(query["sql"] for query in queries.captured_queries)
        assert "analysis_en" not in sql and "analysis_html_zh_hans" not in sql, sort


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "query",
    [
        "?page=5",
        "?page=0",
        "?page=%EF%BC%92",  # a full-width digit
        "?page=99999999999999999999",
        "?sort=latest&page=2&after=99999999999999999_1",
        "?sort=latest&page=2&after=1_99999999999999999999",
        "?sort=latest&page=2&after=12x_3",
        "?sort=latest&page=2&after=1_2_3",
        "?sort=quality&page=2&after=5",
        "?sort=latest&page=2&after=1_1&before=1_1",
        "?sort=trending&page=2&after=1_1",
        "?sort=latest&page=2&after=1_1",  # before every article: nothing past it
    ],
)
def test_a_page_past_the_end_or_a_bad_cursor_is_a_404(client, small_pages, language, query):
    section = _archive(2 * PER_PAGE)
    response = get(client, f"/{language}/section/{section.slug}/{query}")
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("language", "with_total", "without_total"),
    [("en", "Page 2 of 4", "Page 2"), ("zh-hans", "第 2 页，共 4 页", "第 2 页")],
)
def test_the_pager_gives_a_total_only_up_to_the_counted_pages(
    client, small_pages, monkeypatch, language, with_total, without_total
):
    section = _archive(3 * PER_PAGE + 1)
    url = f"/{language}/section/{section.slug}/?page=2"
    assert with_total in get(client, url).content.decode()
    monkeypatch.setattr(paging, "MAX_PAGES", 3)
    page = get(client, url).content.decode()
    assert without_total in page and with_total not in page
    assert 'rel="next"' in page and 'rel="prev"' in page


def test_the_page_cache_keeps_pages_with_different_cursors_apart(client, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", PER_PAGE)
    section = _archive(3 * PER_PAGE)
    path = f"/en/section/{section.slug}/"
    second = get(client, f"{path}?sort=latest&page=2")
    cursor = _link(second, "next").split("after=")[1]
    shifted = f"{path}?sort=latest&page=2&after={cursor}"  # page 3's articles, numbered 2
    assert get(client, shifted).get("X-Page-Cache") != "hit"
    again = get(client, shifted)
    assert again.get("X-Page-Cache") == "hit"
    assert again.content != get(client, f"{path}?sort=latest&page=2").content
