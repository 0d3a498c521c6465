"""
Faults under real processes (issue 11, requirement 12): two gunicorn workers and a private
redis-server, both started here on their own ports, in front of the test database.

- an unpublish is invisible through both workers at once;
- Redis stopped mid-run: no 5xx from reader pages, search, the admin edit form or publishing,
  and the cache is used again once it is back;
- database connections terminated during publishes: each publish either applied fully (its
  after-commit work done, or done by ``repair`` from its durable record) and answered 302, or
  left nothing and answered 503 ("the database connection was lost; nothing was saved").

Runs on PostgreSQL (CI sets DATABASE_URL and REDIS_URL); skipped, with the reason, on SQLite or
when the gunicorn or redis-server binary is missing. A few seconds long.
"""

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection

from articles import workflow
from articles.models import AfterCommitJob, Article, ArticleVersion, AuditEvent
from articles.search import search
from articles.tests.factories import UserFactory, full_version, override_checks, published_article
from articles.tests.ports import free_ports
from articles.workflow.after_commit import jobs_retry

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
# Chosen when the module loads, so each test process (and each checkout) has its own pair.
APP_PORT, REDIS_PORT = free_ports(2, HOST)
GUNICORN = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or shutil.which("gunicorn")
REDIS_SERVER = shutil.which("redis-server")
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"


def _skip_reason():
    if connection.vendor != "postgresql":
        return "fault tests need PostgreSQL (set DATABASE_URL): they share the test database with gunicorn"
    if not GUNICORN:
        return "gunicorn not found: fault tests skipped (pip install -r requirements.txt)"
    if not REDIS_SERVER:
        return "redis-server not found: fault tests skipped (apt-get install redis-server)"
    return None


pytestmark = [pytest.mark.django_db(transaction=True)]


def _wait_for_port(port, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listening on {HOST}:{port} after {timeout}s")


class Redis:
    """A private redis-server this test can stop and start."""

    def __init__(self, port):
        self.port, self.process = port, None

    def start(self):
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", HOST, "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_for_port(self.port)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def site(request):
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    database = connection.settings_dict
    redis = Redis(REDIS_PORT)
    redis.start()
    environment = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST'] or HOST}:"
        f"{database['PORT'] or 5432}/{database['NAME']}",
        "REDIS_URL": f"redis://{HOST}:{REDIS_PORT}/0",
        "NEWSROOM_WORKERS": "2",
        "CACHE_RETRY_SECONDS": "0.5",
        "DB_CONN_MAX_AGE": "60",
        "DEBUG": "1",  # static files without a collectstatic run; status codes are the same
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
    }
    app = subprocess.Popen(
        [GUNICORN, "newsroom.wsgi", "-w", "2", "-b", f"{HOST}:{APP_PORT}", "--timeout", "30", "--log-level", "warning"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(APP_PORT)
        yield redis
    finally:
        app.send_signal(signal.SIGTERM)
        try:
            app.wait(timeout=15)
        except subprocess.TimeoutExpired:
            app.kill()
        redis.stop()


def call(method, path, *, cookies=None, data=None, timeout=60):
    """One request on a fresh connection (gunicorn hands it to either worker); (status, body, headers)."""
    conn = http.client.HTTPConnection(HOST, APP_PORT, timeout=timeout)
    headers = {"User-Agent": BROWSER, "Host": HOST}
    body = None
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if data is not None:
        body = urlencode(data)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Referer"] = f"http://{HOST}:{APP_PORT}/admin/"
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace"), dict(response.getheaders())
    finally:
        conn.close()


def staff_cookies(user):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = (
        "django.contrib.auth.backends.ModelBackend"  # what a password login records (axes only guards)
    )
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    token = "a" * 32
    return {settings.SESSION_COOKIE_NAME: session.session_key, settings.CSRF_COOKIE_NAME: token}, token


def publish_over_http(cookies, token, version):
    return call(
        "POST",
        f"/admin/moderation/version/{version.pk}/publish/",
        cookies=cookies,
        data={"csrfmiddlewaretoken": token, "seen": workflow.review_stamp(version), "note": ""},
    )


def test_an_unpublish_is_invisible_through_both_workers_at_once(site):
    article = published_article(title_en="Two workers story")
    url = f"/en/article/{article.slug}/"
    for _ in range(10):  # fill the cache through both workers
        assert call("GET", url)[0] == 200 and call("GET", "/en/")[0] == 200
    workflow.article_unpublish(article=article)
    statuses = [call("GET", url)[0] for _ in range(20)]
    assert statuses == [404] * 20
    assert all("Two workers story" not in call("GET", "/en/")[1] for _ in range(10))


def test_a_redis_outage_costs_no_5xx_and_the_cache_comes_back(site):
    article = published_article(title_en="Outage proof story")
    moderator = UserFactory(is_superuser=True)  # the Moderators group is gone in a flushed (transactional) database
    cookies, token = staff_cookies(moderator)
    drafts = [full_version(title_en=f"Published during the outage {n}") for n in range(2)]
    for draft in drafts:
        workflow.version_submit(version=draft)
        override_checks(draft, moderator)
    pages = ["/en/", "/zh-hans/", f"/en/article/{article.slug}/", "/en/search/?q=outage"]
    for path in pages:
        assert call("GET", path)[0] == 200
    site.stop()
    statuses, started = [], time.monotonic()
    statuses += [(path, call("GET", path)[0], time.monotonic() - started) for path in pages * 3]
    edit = f"/admin/articles/articleversion/{drafts[0].pk}/change/"
    statuses.append((edit, call("GET", edit, cookies=cookies)[0], time.monotonic() - started))
    statuses.append(("publish", publish_over_http(cookies, token, drafts[0])[0], time.monotonic() - started))
    assert [entry for entry in statuses if entry[1] >= 500] == []
    assert time.monotonic() - started < 30, statuses
    assert Article.objects.get(pk=drafts[0].article_id).live_version_id == drafts[0].pk
    assert search("outage", "en", {}, 1).paginator.count == 2  # indexed although Redis was down
    site.start()
    time.sleep(0.6)  # CACHE_RETRY_SECONDS in the workers
    assert publish_over_http(cookies, token, drafts[1])[0] == 302
    for path in pages:
        assert call("GET", path)[0] == 200
    # The cache answers again: a warm page is a hit.
    assert call("GET", "/zh-hans/")[0] == 200
    assert call("GET", "/zh-hans/")[2].get("X-Page-Cache") == "hit"
    assert not AfterCommitJob.objects.exists()


def test_connections_killed_during_publishes_leave_each_publish_whole_or_absent(site):
    moderator = UserFactory(is_superuser=True)  # the Moderators group is gone in a flushed (transactional) database
    cookies, token = staff_cookies(moderator)
    drafts = [full_version(title_en=f"Killed connection story {n}") for n in range(12)]
    for draft in drafts:
        workflow.version_submit(version=draft)
        override_checks(draft, moderator)
    stop = threading.Event()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        own = cursor.fetchone()[0]

    killed = []

    def killer():
        with connection.cursor() as cursor:  # this thread's own connection
            while not stop.is_set():
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid NOT IN (pg_backend_pid(), %s)"
                    " AND backend_type = 'client backend'",
                    [own],
                )
                killed.extend(row[0] for row in cursor.fetchall() if row[0])
                time.sleep(0.7)  # some publishes run between kills, some are cut
        connection.close()

    thread = threading.Thread(target=killer)
    thread.start()
    try:
        answers = {draft.pk: publish_over_http(cookies, token, draft)[0] for draft in drafts}
    finally:
        stop.set()
        thread.join()
    assert killed, "no connection was terminated: the fault did not happen"
    jobs_retry()  # what publish_scheduled / repair do every minute
    for draft in drafts:
        draft.refresh_from_db()
        live = Article.objects.filter(pk=draft.article_id, live_version_id=draft.pk).exists()
        published = AuditEvent.objects.filter(version_id=draft.pk, action="publish").exists()
        if live:
            assert published and draft.state == ArticleVersion.State.APPROVED
            assert answers[draft.pk] == 302, answers
        else:
            assert not published and draft.state == ArticleVersion.State.IN_REVIEW
            assert answers[draft.pk] == 503, "a publish that left nothing did not say so: " + str(answers)
    # Every publish that applied has its after-commit work done: the search index holds it.
    live = Article.objects.filter(live_version__in=drafts).count()
    assert search("Killed connection", "en", {}, 1).paginator.count == live
    assert not AfterCommitJob.objects.filter(signal="article_published").exists()
