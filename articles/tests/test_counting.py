"""View counting: once per reader view, cached or not; never for staff or bots; no lost increments."""

import io
import threading
import time

import pytest
import time_machine
from django.core.management import call_command
from django.db import DatabaseError, connection, connections
from django.test import Client

from articles.models import Article
from articles.reader import counting
from articles.reader.counting import flush_view_counts
from articles.tests.reader_helpers import BROWSER, get, rich_article


def views(article):
    flush_view_counts()
    article.refresh_from_db()
    return article.views


@pytest.mark.django_db
def test_each_reader_view_counts_exactly_once_cached_or_not(client):
    article = rich_article(1)
    first = get(client, f"/en/article/{article.slug}/")
    assert first["X-Page-Cache"] == "miss"
    assert views(article) == 1
    second = get(client, f"/en/article/{article.slug}/")
    assert second["X-Page-Cache"] == "hit"
    assert views(article) == 2
    get(client, f"/zh-hans/article/{article.slug}/")
    get(client, f"/zh-hans/article/{article.slug}/bilingual/")
    assert views(article) == 4
    # Listings and other articles' pages do not count this one.
    get(client, "/en/")
    assert views(article) == 4


@pytest.mark.django_db
@pytest.mark.parametrize(
    "agent",
    [
        "Googlebot/2.1 (+http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0)",
        "Mozilla/5.0 HeadlessChrome/120.0",
        "Slackbot-LinkExpanding 1.0",
        "facebookexternalhit/1.1",
        "Twitterbot/1.0",
        "python-requests/2.31",
        "curl/8.4.0",
        "Some Crawler",
        "MySpider/1.0",
        "Link Preview",
        "",
    ],
)
def test_bots_are_not_counted(client, agent):
    article = rich_article(1)
    assert get(client, f"/en/article/{article.slug}/", HTTP_USER_AGENT=agent).status_code == 200
    assert views(article) == 0


@pytest.mark.django_db
def test_staff_are_not_counted(client, editor):
    article = rich_article(1)
    client.force_login(editor)
    get(client, f"/en/article/{article.slug}/")
    assert views(article) == 0


@pytest.mark.django_db
def test_prefetches_404s_and_redirects_are_not_counted(client):
    article = rich_article(1)
    get(client, f"/en/article/{article.slug}/", HTTP_SEC_PURPOSE="prefetch")
    assert get(client, "/en/article/nothing-here/").status_code == 404
    client.head(f"/en/article/{article.slug}/", HTTP_USER_AGENT=BROWSER)
    assert views(article) == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_views_lose_no_increments_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL: set DATABASE_URL (SQLite serialises writers, so it proves nothing here).")
    article = rich_article(1)
    threads_count, per_thread = 12, 10
    barrier = threading.Barrier(threads_count)
    errors = []

    def read():
        client = Client()
        try:
            barrier.wait()
            for _ in range(per_thread):
                response = get(client, f"/en/article/{article.slug}/")
                if response.status_code != 200:
                    errors.append(response.status_code)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=read) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    flush_view_counts()
    assert Article.objects.get(pk=article.pk).views == threads_count * per_thread


# Buffering -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_view_writes_nothing_until_the_buffer_is_flushed(client, django_assert_num_queries):
    article = rich_article(1)
    get(client, f"/en/article/{article.slug}/")  # fills the page cache
    with django_assert_num_queries(5):  # each hit reads the publication generation, and writes nothing
        for _ in range(5):
            get(client, f"/en/article/{article.slug}/")
    article.refresh_from_db()
    assert article.views == 0
    with django_assert_num_queries(1):  # one UPDATE for every buffered article
        assert flush_view_counts() == 6
    assert views(article) == 6


@pytest.mark.django_db
def test_many_articles_are_flushed_in_one_update(client, django_assert_num_queries):
    articles = [rich_article(1) for _ in range(3)]
    for n, article in enumerate(articles, 1):
        for _ in range(n):
            get(client, f"/en/article/{article.slug}/")
    with django_assert_num_queries(1):
        flush_view_counts()
    assert [views(article) for article in articles] == [1, 2, 3]


@pytest.mark.django_db
def test_the_buffer_flushes_itself_when_full(client, settings):
    settings.VIEW_COUNT_BUFFER_MAX = 3
    article = rich_article(1)
    for _ in range(2):
        get(client, f"/en/article/{article.slug}/")
    article.refresh_from_db()
    assert article.views == 0
    get(client, f"/en/article/{article.slug}/")
    article.refresh_from_db()
    assert article.views == 3


@pytest.mark.django_db
def test_the_buffer_flushes_itself_once_the_interval_has_passed(client, settings):
    settings.VIEW_COUNT_FLUSH_SECONDS = 10
    article = rich_article(1)
    start = time.time()
    with time_machine.travel(start, tick=False):
        counting._local._last_flush = start
        get(client, f"/en/article/{article.slug}/")
    with time_machine.travel(start + 5, tick=False):
        get(client, f"/en/article/{article.slug}/")
    article.refresh_from_db()
    assert article.views == 0
    with time_machine.travel(start + 11, tick=False):
        get(client, f"/en/article/{article.slug}/")
    article.refresh_from_db()
    assert article.views == 3


@pytest.mark.django_db
def test_a_failed_flush_keeps_the_views_for_the_next_one(client, monkeypatch):
    article = rich_article(1)
    get(client, f"/en/article/{article.slug}/")

    def fail(counts):
        raise DatabaseError("connection lost")

    with monkeypatch.context() as patched:
        patched.setattr(counting, "apply_view_counts", fail)
        with pytest.raises(DatabaseError):
            flush_view_counts()
    assert views(article) == 1


@pytest.mark.django_db
def test_the_flush_command_writes_the_buffered_views(client):
    article = rich_article(1)
    get(client, f"/en/article/{article.slug}/")
    out = io.StringIO()
    call_command("flush_view_counts", stdout=out)
    assert "1 buffered views written" in out.getvalue()
    article.refresh_from_db()
    assert article.views == 1


@pytest.mark.django_db(transaction=True)
def test_views_buffered_in_redis_are_shared_by_processes_and_exact_once_flushed(client, settings):
    if not settings.REDIS_URL:
        pytest.skip("Needs Redis: set REDIS_URL (without it the buffer is per process, tested above).")
    article = rich_article(1)
    for _ in range(4):
        get(client, f"/en/article/{article.slug}/")
    # Another process (a fresh buffer object) sees the same pending views and flushes them.
    other = counting.RedisBuffer(counting.LocalBuffer())
    assert other.pending() == {article.slug: 4}
    assert other.flush() == 4
    assert views(article) == 4
    assert other.pending() == {}
