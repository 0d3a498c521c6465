"""
The query budget of reader pages with the page cache off: at most 6 SQL statements each, and the
same number whatever the archive size (3 or 300 articles) and the number of tags, entities and
rows an article has.
"""

import pytest
from django.core.cache import cache

from articles import search
from articles.reader.context_processors import SECTIONS_KEY
from articles.reader.links import rebuild_links
from articles.reader.snapshots import rebuild_snapshots
from articles.tests.factories import EntityFactory, SectionFactory, TagFactory, bulk_published_articles
from articles.tests.reader_helpers import LANGUAGES, count_queries, rich_article

pytestmark = pytest.mark.django_db

BUDGET = 6


def _archive(size):
    """``size`` live articles sharing a section, a tag and an entity with one rich article of ``rows`` rows."""
    section, tag, entity = SectionFactory(), TagFactory(), EntityFactory()
    bulk_published_articles(size - 1, section=section, tags=[tag], entities=[entity], hours_ago=10)
    article = rich_article(size % 7 + 1, section=section)  # 3 → 4 rows of each list, 300 → 7
    article.live_version.tags.add(tag)
    article.live_version.entities.add(entity)
    rebuild_snapshots()
    rebuild_links()
    search.rebuild()
    return article, section, tag, entity


def _pages(article, section, tag, entity):
    return {
        "article": f"article/{article.slug}/",
        "bilingual": f"article/{article.slug}/bilingual/",
        "home": "",
        "home, trending, page 2": "?sort=trending&page=2",
        "section": f"section/{section.slug}/",
        "tag": f"tag/{tag.slug}/",
        "entity": f"entity/{entity.slug}/",
        "search": "search/?q=fab",
    }


def _counts(client, languages, size):
    """For each language, the SQL of each page over an archive of ``size`` articles (built once)."""
    article, section, tag, entity = _archive(size)
    pages = _pages(article, section, tag, entity)
    if size < 40:  # a second page needs more than one page of articles
        pages.pop("home, trending, page 2")
    counts = {}
    for language in languages:
        # As on a process's first page: the navigation sections are read (and cached) again. (Their
        # cache is dropped on commit of a section change, and a test's transaction never commits.)
        cache.delete(SECTIONS_KEY)
        counts[language] = {name: count_queries(client, f"/{language}/{path}") for name, path in pages.items()}
    return counts


@pytest.fixture
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0
    # Buffered views are flushed by whichever request comes after VIEW_COUNT_FLUSH_SECONDS: one
    # UPDATE per interval, not per page. Building a 300-article archive can take longer than the
    # interval, so keep that flush out of the pages counted here.
    settings.VIEW_COUNT_FLUSH_SECONDS = 3600


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_reader_page_stays_within_six_queries_for_a_small_archive(client, language, no_page_cache):
    counts = _counts(client, [language], 3)[language]
    assert max(counts.values()) <= BUDGET, counts


def test_reader_pages_cost_the_same_queries_for_three_and_three_hundred_articles(client, no_page_cache):
    # Both languages on one archive of each size: building 300 articles is most of this test.
    small = _counts(client, LANGUAGES, 3)
    big = _counts(client, LANGUAGES, 300)
    for language in LANGUAGES:
        big[language].pop("home, trending, page 2")
        assert big[language] == small[language], language
        assert max(big[language].values()) <= BUDGET, (language, big[language])
