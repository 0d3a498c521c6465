"""
Two gunicorn processes sharing PostgreSQL and Redis: a publish through one is visible through
the other at once (no stale cached page), and a session opened on one works on the other.
"""

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from articles import workflow
from articles.tests.factories import ArticleVersionFactory, ModeratorFactory
from articles.tests.ports import free_ports
from articles.tests.reader_helpers import BROWSER

ROOT = Path(__file__).resolve().parents[2]
# SCALE_OUT_PORT pins the first of the two ports; by default the kernel picks two free ones.
PORTS = (
    (int(os.environ["SCALE_OUT_PORT"]), int(os.environ["SCALE_OUT_PORT"]) + 1)
    if os.environ.get("SCALE_OUT_PORT")
    else free_ports(2)
)


@pytest.fixture
def two_servers(transactional_db):
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip("Needs PostgreSQL and Redis: set DATABASE_URL and REDIS_URL (the processes must share both).")
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:{database['PORT']}"
            f"/{database['NAME']}"
        ),
        "REDIS_URL": settings.REDIS_URL,
        "CACHE_KEY_PREFIX": settings.CACHES["default"].get("KEY_PREFIX", ""),
        "SECRET_KEY": "scale-out-test-secret",
        # DEBUG on only so static files need no collectstatic run; nothing tested here depends on it.
        "DEBUG": "1",
        "ALLOWED_HOSTS": "127.0.0.1",
        "PAGE_CACHE_SECONDS": "300",
    }
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "newsroom.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--graceful-timeout",
                "3",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in PORTS
    ]
    try:
        for port in PORTS:
            _wait_until_up(port)
        yield [f"http://127.0.0.1:{port}" for port in PORTS]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_up(port, timeout=90):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/en/", timeout=10)
            return
        except urllib.error.HTTPError as error:
            raise AssertionError(f"gunicorn on port {port} answers {error.code}") from error
        except OSError:  # refused while booting, or slow to answer its first request
            time.sleep(0.2)
    raise AssertionError(f"gunicorn on port {port} did not start")


def _status(opener, url, data=None):
    request = urllib.request.Request(url, data=data, headers={"User-Agent": BROWSER})
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.read().decode(), response.url
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), url


def test_a_publish_through_one_process_shows_through_the_other_and_sessions_are_shared(two_servers):
    first, second = two_servers
    ModeratorFactory(username="chief-moderator", password="correct-horse-battery")
    version = ArticleVersionFactory(title_en="Scale-out story")
    workflow.version_submit(version=version)
    article_path = f"/en/article/{version.article.slug}/"
    reader = urllib.request.build_opener()
    # The second process caches its home page and knows no such article.
    assert "Scale-out story" not in _status(reader, f"{second}/en/")[1]
    assert _status(reader, second + article_path)[0] == 404

    jar = http.cookiejar.CookieJar()
    staff = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    status, page, _ = _status(staff, f"{first}/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {"username": "chief-moderator", "password": "correct-horse-battery", "csrfmiddlewaretoken": token}
    status, _, landed = _status(staff, f"{first}/admin/login/?next=/admin/", urllib.parse.urlencode(form).encode())
    assert status == 200 and landed.endswith("/admin/")
    # The session opened on the first process is valid on the second.
    status, page, landed = _status(staff, f"{second}/admin/")
    assert status == 200 and "/admin/login/" not in landed

    token = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
    # The approval names the revision the moderator saw (the change form's hidden "seen" field).
    move = urllib.parse.urlencode(
        {"move": "publish", "csrfmiddlewaretoken": token, "seen": workflow.review_stamp(version)}
    ).encode()
    request = urllib.request.Request(
        f"{first}/admin/articles/articleversion/{version.pk}/move/",
        data=move,
        headers={"User-Agent": BROWSER, "Referer": f"{first}/admin/"},
    )
    with staff.open(request, timeout=30) as response:
        assert response.status == 200
    version.refresh_from_db()
    assert version.state == version.State.APPROVED

    # At once, through the other process: the page exists and the cached home page was purged.
    status, page, _ = _status(reader, second + article_path)
    assert status == 200 and "Scale-out story" in page
    assert "Scale-out story" in _status(reader, f"{second}/en/")[1]
