"""The reader page cache: per language and path, anonymous only, purged on publish, harmless when down."""

import pytest
from django.core.cache.backends.base import BaseCache

from articles import workflow
from articles.reader.counting import flush_view_counts
from articles.tests.factories import full_version
from articles.tests.reader_helpers import get, rich_article

pytestmark = pytest.mark.django_db


class BrokenCache(BaseCache):
    """A cache backend whose server is down: every call raises."""

    def __init__(self, location, params):
        super().__init__(params)

    def _fail(self, *args, **kwargs):
        raise ConnectionError("cache server unreachable")

    add = get = set = touch = delete = clear = incr = decr = has_key = get_many = set_many = delete_many = _fail


BROKEN = {"default": {"BACKEND": "articles.tests.test_cache.BrokenCache"}}


def test_anonymous_pages_are_cached_per_language_and_path(client, django_assert_num_queries):
    article = rich_article(1)
    for language in ("en", "zh-hans"):
        for path in ("", f"article/{article.slug}/"):
            first = get(client, f"/{language}/{path}")
            assert first["X-Page-Cache"] == "miss"
    # A hit runs no query, an article page's included: its view is buffered, not written.
    with django_assert_num_queries(0):
        again = get(client, "/zh-hans/")
    assert again["X-Page-Cache"] == "hit"
    assert again.content.decode().count('<html lang="zh-Hans">') == 1
    with django_assert_num_queries(0):
        hit = get(client, f"/en/article/{article.slug}/")
    assert hit["X-Page-Cache"] == "hit"
    assert get(client, "/en/?sort=trending")["X-Page-Cache"] == "miss"


def test_publishing_and_unpublishing_purge_cached_pages(client, django_capture_on_commit_callbacks):
    article = rich_article(1)
    get(client, "/en/")
    assert get(client, "/en/")["X-Page-Cache"] == "hit"
    version = full_version(title_en="A brand new story")
    workflow.version_submit(version=version)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.version_publish(version=version)
    fresh = get(client, "/en/")
    assert fresh["X-Page-Cache"] == "miss" and "A brand new story" in fresh.content.decode()
    assert get(client, f"/en/article/{article.slug}/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        workflow.article_unpublish(article=article)
    assert get(client, f"/en/article/{article.slug}/").status_code == 404
    assert article.slug not in get(client, "/en/").content.decode()


def test_without_a_publication_the_cached_page_is_served(client):
    rich_article(1)
    get(client, "/en/")
    version = full_version(title_en="Published without its signal")
    workflow.version_submit(version=version)
    workflow.version_publish(version=version)  # on_commit never runs inside this test's transaction
    assert get(client, "/en/")["X-Page-Cache"] == "hit"


def test_staff_get_fresh_pages_and_never_fill_the_cache(client, editor):
    rich_article(1)
    client.force_login(editor)
    assert "X-Page-Cache" not in get(client, "/en/")
    client.logout()
    assert get(client, "/en/")["X-Page-Cache"] == "miss"


def test_a_cache_outage_degrades_to_misses_never_errors(client, settings):
    article = rich_article(1)
    settings.CACHES = BROKEN
    for language in ("en", "zh-hans"):
        for path in (
            "",
            f"article/{article.slug}/",
            f"article/{article.slug}/bilingual/",
            f"tag/{article.live_version.tags.get().slug}/",
        ):
            response = get(client, f"/{language}/{path}")
            assert response.status_code == 200, path
            assert "X-Page-Cache" not in response
    flush_view_counts()
    article.refresh_from_db()
    assert article.views == 4
    # Publishing still works (the purge is skipped, not fatal).
    version = full_version()
    workflow.version_submit(version=version)
    workflow.version_publish(version=version)
    assert get(client, f"/en/article/{version.article.slug}/").status_code == 200
