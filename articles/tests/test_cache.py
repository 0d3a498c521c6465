"""The reader page cache: per language and path, anonymous only, purged on publish, harmless when down."""

import pytest
from django.core.cache.backends import locmem
from django.core.cache.backends.base import BaseCache
from django.db import transaction

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
    # A hit runs one query, the publication generation, an article page's included: its view is
    # buffered, not written.
    with django_assert_num_queries(1):
        again = get(client, "/zh-hans/")
    assert again["X-Page-Cache"] == "hit"
    assert again.content.decode().count('<html lang="zh-Hans">') == 1
    with django_assert_num_queries(1):
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


def test_a_publication_that_rolls_back_leaves_the_cached_page_served(client):
    rich_article(1)
    get(client, "/en/")
    version = full_version(title_en="Published then rolled back")
    workflow.version_submit(version=version)
    with pytest.raises(RuntimeError), transaction.atomic():
        workflow.version_publish(version=version)
        raise RuntimeError("the request failed after the move")
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
            assert response.get("X-Page-Cache") != "hit"
    flush_view_counts()
    article.refresh_from_db()
    assert article.views == 4
    # Publishing still works (the purge is skipped, not fatal).
    version = full_version()
    workflow.version_submit(version=version)
    workflow.version_publish(version=version)
    assert get(client, f"/en/article/{version.article.slug}/").status_code == 200


# Invalidation that does not depend on the cache (issue 11, finding 1) ---------------------------


def locmem_cache(location):
    return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": location}}


def test_an_unpublish_in_one_worker_is_seen_at_once_by_another_workers_in_process_cache(client, settings):
    article = rich_article(1)
    url = f"/en/article/{article.slug}/"
    settings.CACHES = locmem_cache("worker-b")  # the second process fills its own cache
    assert get(client, url).status_code == 200 and get(client, url)["X-Page-Cache"] == "hit"
    settings.CACHES = locmem_cache("worker-a")  # the first process makes the move
    workflow.article_unpublish(article=article)
    settings.CACHES = locmem_cache("worker-b")
    assert get(client, url).status_code == 404
    assert article.slug not in get(client, "/en/").content.decode()


def test_an_unpublish_while_the_cache_is_down_is_seen_when_it_comes_back(client, settings):
    article = rich_article(1)
    url = f"/en/article/{article.slug}/"
    settings.CACHES = locmem_cache("outage")
    get(client, url)
    assert get(client, url)["X-Page-Cache"] == "hit"
    settings.CACHES = BROKEN
    workflow.article_unpublish(article=article)  # the cache hears nothing of it
    assert get(client, url).status_code == 404
    settings.CACHES = locmem_cache("outage")  # back, with everything it held before
    assert get(client, url).status_code == 404


def test_a_cache_restored_from_an_old_snapshot_does_not_bring_an_unpublished_page_back(client, settings):
    article = rich_article(1)
    url = f"/en/article/{article.slug}/"
    settings.CACHES = locmem_cache("snapshot")
    get(client, url)
    assert get(client, url)["X-Page-Cache"] == "hit"
    snapshot = dict(locmem._caches["snapshot"]), dict(locmem._expire_info["snapshot"])
    workflow.article_unpublish(article=article)
    locmem._caches["snapshot"].clear()
    locmem._caches["snapshot"].update(snapshot[0])
    locmem._expire_info["snapshot"].update(snapshot[1])
    assert get(client, url).status_code == 404
    assert article.slug not in get(client, "/en/").content.decode()


# Keys (issue 11, findings 12 and 13) -------------------------------------------------------------


def test_parameters_a_page_does_not_use_share_one_cached_page(client):
    rich_article(1)
    assert get(client, "/en/?utm_source=x")["X-Page-Cache"] == "miss"
    for n in range(5):
        response = get(client, f"/en/?utm_{n}=x&fbclid={n}")
        assert response["X-Page-Cache"] == "hit"
        assert "utm_" not in response.content.decode() and "fbclid" not in response.content.decode()
    assert get(client, "/en/?sort=trending&utm_source=x")["X-Page-Cache"] == "miss"
    assert get(client, "/en/?utm_source=y&sort=trending")["X-Page-Cache"] == "hit"


def test_a_page_cached_over_https_is_never_served_over_http(client):
    rich_article(1)
    assert get(client, "/en/", secure=True)["X-Page-Cache"] == "miss"
    assert get(client, "/en/", secure=True)["X-Page-Cache"] == "hit"
    response = get(client, "/en/")
    assert response["X-Page-Cache"] == "miss"
    assert "https://testserver" not in response.content.decode()
