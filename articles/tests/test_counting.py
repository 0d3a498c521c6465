"""View counting: once per reader view, cached or not; never for staff or bots; no lost increments."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from articles.models import Article
from articles.tests.reader_helpers import BROWSER, get, rich_article


def views(article):
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
    assert Article.objects.get(pk=article.pk).views == threads_count * per_thread
