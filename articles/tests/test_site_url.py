"""Absolute URLs come from SITE_URL, never from the request's Host header or scheme (issue 11, finding 13)."""

import pytest

from articles.tests.reader_helpers import get, rich_article

pytestmark = pytest.mark.django_db

FORGED = {"HTTP_HOST": "localhost:666"}


@pytest.fixture
def site_url(settings):
    settings.SITE_URL_FIXED = True
    settings.SITE_URL = "https://news.example.com"
    settings.ALLOWED_HOSTS = [
        "testserver",
        "localhost",
        "news.example.com",
    ]  # the forged host passes ALLOWED_HOSTS, as in the finding


@pytest.mark.parametrize("url", ["/en/feeds/rss.xml", "/zh-hans/feeds/atom.xml", "/sitemap.xml", "/robots.txt", "/en/"])
def test_a_forged_host_never_reaches_feeds_sitemaps_or_pages(client, site_url, url):
    rich_article(1)
    response = get(client, url, **FORGED)
    assert response.status_code == 200, url
    body = response.content.decode()
    assert "localhost" not in body and "testserver" not in body
    assert "https://news.example.com/" in body


def test_article_pages_name_the_site_url_in_canonical_open_graph_and_json_ld(client, site_url):
    article = rich_article(1)
    body = get(client, f"/en/article/{article.slug}/", **FORGED).content.decode()
    assert "localhost:666" not in body
    assert f'<link rel="canonical" href="https://news.example.com/en/article/{article.slug}/"' in body
    assert f'"url":"https://news.example.com/en/article/{article.slug}/"' in body.replace(" ", "")


def test_a_host_outside_allowed_hosts_is_still_refused(client, site_url):
    assert get(client, "/en/", HTTP_HOST="evil.example.org").status_code == 400


def test_without_site_url_development_keeps_the_request_host(client, settings):
    settings.SITE_URL_FIXED = False
    rich_article(1)
    assert "http://testserver/" in get(client, "/en/feeds/rss.xml").content.decode()
