"""Security headers (issue 11, finding 11): CSP without inline code, Permissions-Policy, Referrer-Policy, HSTS by env."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from articles.tests.factories import published_article

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]
# The production environment docs/operations.md documents (besides DATABASE_URL, REDIS_URL, …).
PRODUCTION_ENV = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "news.example.com",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
}


def policy(response):
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def reader_and_admin_pages(article):
    return [
        "/en/",
        "/zh-hans/",
        f"/en/article/{article.slug}/",
        f"/zh-hans/article/{article.slug}/bilingual/",
        "/en/search/?q=chip",
        reverse("admin:index"),
        reverse("admin:articles_articleversion_change", args=[article.live_version.pk]),
        reverse("admin:articles_auditevent_changelist"),
        reverse("admin:articles_section_add"),
    ]


def test_reader_and_admin_pages_send_a_policy_without_inline_scripts_or_styles(superuser):
    article = published_article()
    client = Client()
    client.force_login(superuser)
    for url in reader_and_admin_pages(article):
        response = client.get(url)
        assert response.status_code == 200, url
        directives = policy(response)
        for name in ("script-src", "style-src"):
            assert "'self'" in directives[name], url
            assert not {"'unsafe-inline'", "'unsafe-eval'", "*"} & set(directives[name]), (url, directives[name])
        assert directives["object-src"] == ["'none'"] and directives["frame-ancestors"] == ["'none'"]
        html = response.content.decode()
        assert 'style="' not in html, url  # inline style attributes would be blocked
        nonce = [value for value in directives["style-src"] if value.startswith("'nonce-")]
        for tag in ("<style", "<script>"):
            if tag in html:  # only Django admin's own inline elements, each carrying this response's nonce
                assert nonce and f'nonce="{nonce[0][7:-1]}"' in html, (url, tag)


def test_the_score_bars_are_drawn_without_inline_styles(client):
    article = published_article(hot_score=73)
    html = client.get(f"/en/article/{article.slug}/").content.decode()
    assert '<rect width="73" height="1">' in html


def test_every_response_names_its_referrer_and_permissions_policy(client):
    response = client.get("/en/")
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_hsts_and_the_https_redirect_are_off_unless_configured(client, settings):
    response = client.get("/en/")
    assert "Strict-Transport-Security" not in response.headers and response.status_code == 200
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    client = Client()  # the security middleware reads its settings when it starts
    assert client.get("/en/").status_code == 301
    response = client.get("/en/", secure=True)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_check_deploy_with_the_documented_production_settings_finds_nothing():
    documented = (BASE_DIR / "docs" / "operations.md").read_text(encoding="utf-8")
    for name, value in PRODUCTION_ENV.items():
        assert f"{name}={value}" in documented, name
    env = {
        **{
            key: value
            for key, value in os.environ.items()
            if key not in ("DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
        },
        **PRODUCTION_ENV,
        "SECRET_KEY": secrets.token_urlsafe(50),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)." and not result.stderr


def test_a_reader_page_gets_the_policy_django_csp_builds_and_follows_a_settings_change(client, settings):
    from csp.utils import build_policy

    article = published_article()
    page = f"/en/article/{article.slug}/"
    assert client.get(page).headers["Content-Security-Policy"] == build_policy()
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'self'"], "img-src": ["https://cdn.example"]}}
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    response = client.get(page)
    # django-csp orders directives by a set, which differs between processes: compare them as a set.
    directives = set(response.headers["Content-Security-Policy"].split("; "))
    assert directives == {"default-src 'self'", "img-src https://cdn.example"}
    assert response.headers["Content-Security-Policy-Report-Only"] == "default-src 'none'"
