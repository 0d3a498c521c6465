"""HTTP behaviour of every API response: ETag/304, Cache-Control and configurable CORS."""

import pytest

from articles.tests.factories import published_article

pytestmark = pytest.mark.django_db


def test_a_get_carries_an_etag_and_cache_control_and_answers_304_when_unchanged(client, settings):
    settings.API_CACHE_SECONDS = 45
    published_article()
    first = client.get("/api/v1/articles/")
    assert first.status_code == 200
    assert first["Cache-Control"] == "public, max-age=45"
    again = client.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]


def test_the_etag_changes_when_the_content_changes(client):
    first = client.get("/api/v1/articles/")
    published_article()
    second = client.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200 and second["ETag"] != first["ETag"]


def test_errors_and_reader_pages_get_no_api_headers(client):
    missing = client.get("/api/v1/articles/no-such-article/")
    assert missing.status_code == 404 and not missing.has_header("ETag")
    page = client.get("/en/")
    assert not page.has_header("Access-Control-Allow-Origin")


def test_cors_allows_only_the_configured_origins(client, settings):
    settings.API_CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
    allowed = client.get("/api/v1/sections/", HTTP_ORIGIN="https://app.example.com")
    assert allowed["Access-Control-Allow-Origin"] == "https://app.example.com"
    assert "Origin" in allowed["Vary"]
    other = client.get("/api/v1/sections/", HTTP_ORIGIN="https://evil.example.net")
    assert not other.has_header("Access-Control-Allow-Origin")


def test_cors_is_off_by_default(client):
    response = client.get("/api/v1/sections/", HTTP_ORIGIN="https://app.example.com")
    assert not response.has_header("Access-Control-Allow-Origin")


def test_a_preflight_from_an_allowed_origin_is_answered(client, settings):
    settings.API_CORS_ALLOWED_ORIGINS = ["*"]
    response = client.options(
        "/api/v1/articles/", HTTP_ORIGIN="https://app.example.com", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert "Authorization" in response["Access-Control-Allow-Headers"]
