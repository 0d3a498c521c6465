"""Reader pages carry HTTP validators and Cache-Control; conditional requests get 304."""

import pytest
from django.utils.http import http_date

from articles.tests.reader_helpers import LANGUAGES, get, rich_article

pytestmark = pytest.mark.django_db


def _paths(article):
    return (
        "",
        f"article/{article.slug}/",
        f"article/{article.slug}/bilingual/",
        f"tag/{article.live_version.tags.get().slug}/",
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_send_cache_control_and_an_etag_and_answer_304_when_it_matches(client, language):
    article = rich_article(1)
    for path in _paths(article):
        first = get(client, f"/{language}/{path}")
        assert first.status_code == 200
        assert first["Cache-Control"] == "public, max-age=0, must-revalidate"
        assert first["ETag"]
        again = get(client, f"/{language}/{path}", HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304, path
        assert again.content == b""
        assert get(client, f"/{language}/{path}", HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


@pytest.mark.parametrize("language", LANGUAGES)
def test_article_pages_send_last_modified_and_answer_if_modified_since(client, language):
    article = rich_article(1)
    response = get(client, f"/{language}/article/{article.slug}/")
    assert response["Last-Modified"] == http_date(article.published_at.timestamp())
    unchanged = get(client, f"/{language}/article/{article.slug}/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert unchanged.status_code == 304
    older = http_date(article.published_at.timestamp() - 3600)
    assert get(client, f"/{language}/article/{article.slug}/", HTTP_IF_MODIFIED_SINCE=older).status_code == 200


def test_a_changed_page_gets_a_new_etag(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    article = rich_article(1)
    before = get(client, "/en/")["ETag"]
    rich_article(1)
    after = get(client, "/en/", HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200 and after["ETag"] != before
    assert article.slug in after.content.decode()


def test_signed_in_staff_get_private_pages(client, editor):
    article = rich_article(1)
    client.force_login(editor)
    response = get(client, f"/en/article/{article.slug}/")
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
