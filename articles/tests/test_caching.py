"""A cache that is down or hung costs a bounded wait, never a 5xx (issue 11, finding 3)."""

import socket
import threading
import time

import pytest
from django.core.cache.backends.base import BaseCache
from django.urls import reverse
from django.utils.module_loading import import_string

from articles import caching, workflow
from articles.models import AfterCommitJob
from articles.search import search
from articles.tests.factories import full_version, override_checks
from articles.tests.http import CsrfClient
from articles.tests.reader_helpers import get, rich_article

pytestmark = pytest.mark.django_db
CALLS = []


class DeadCache(BaseCache):
    """A cache server that does not answer: every call fails (after its socket timeout, in real life)."""

    def __init__(self, location, params):
        super().__init__(params)

    def _fail(self, *args, **kwargs):
        CALLS.append(args[:1])
        raise TimeoutError("Timeout reading from socket")

    add = get = set = touch = delete = clear = incr = decr = has_key = get_many = set_many = delete_many = _fail


@pytest.fixture
def dead_cache(settings):
    settings.CACHES = {"default": {"BACKEND": f"{__name__}.DeadCache"}}


def test_after_one_failure_the_cache_is_left_alone_for_a_few_seconds(client, dead_cache):
    calls = import_string(f"{__name__}.CALLS")  # the list the backend (imported by name) appends to
    rich_article(1)
    caching.reset()
    calls.clear()
    for _ in range(5):
        assert get(client, "/en/").status_code == 200
    assert len(calls) == 1  # one timeout, then no waiting on a dead server
    caching.reset()
    assert get(client, "/en/").status_code == 200
    assert len(calls) == 2


def test_search_answers_while_the_cache_is_down(client, dead_cache):
    rich_article(1, title_en="Heliotrope accelerator")
    for language in ("en", "zh-hans"):
        caching.reset()
        assert get(client, f"/{language}/search/?q=heliotrope").status_code == 200


def test_the_admin_edit_form_and_its_heartbeat_answer_while_the_cache_is_down(editor, dead_cache):
    version = full_version()
    client = CsrfClient(editor)
    assert client.get(reverse("admin:articles_articleversion_change", args=[version.pk])).status_code == 200
    caching.reset()
    response = client.submit(reverse("admin:articles_articleversion_presence", args=[version.pk]))
    assert response.status_code == 200


def test_publishing_while_the_cache_is_down_succeeds_and_updates_the_search_index(
    moderator, editor, dead_cache, django_capture_on_commit_callbacks
):
    version = full_version(title_en="Marmalade quasar")
    workflow.version_submit(version=version, by=editor)
    override_checks(version, moderator)
    client = CsrfClient(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.submit(f"/admin/moderation/version/{version.pk}/publish/")
    assert response.status_code == 302
    assert search("Marmalade", "en", {}, 1).paginator.count == 1
    assert not AfterCommitJob.objects.filter(signal="article_published").exists()
    assert get(CsrfClient(), f"/en/article/{version.article.slug}/").status_code == 200


# A real hung server ----------------------------------------------------------------------------


class HungServer:
    """
    A TCP server on a free port that accepts every connection and never answers (a hung Redis,
    as a SIGSTOPped redis-server behaves once the kernel has accepted the connection).
    """

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepted = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                conn, _address = self.listener.accept()
            except OSError:
                return  # closed
            self.accepted.append(conn)  # kept open, never read from or written to...
            # ...for HANG_SECONDS: a client without a socket timeout waits that long, and fails the bound.
            timer = threading.Timer(HANG_SECONDS, conn.close)
            timer.daemon = True
            timer.start()

    def close(self):
        self.listener.close()
        for conn in self.accepted:
            conn.close()


@pytest.fixture
def hung_redis(settings):
    pytest.importorskip("redis", reason="redis-py is not installed")
    from newsroom.settings import redis_cache

    server = HungServer()
    settings.REDIS_URL = f"redis://127.0.0.1:{server.port}/0"  # the view counter's buffer is Redis too
    settings.CACHES = {"default": redis_cache(settings.REDIS_URL)}
    caches_close()
    yield server
    caches_close()
    server.close()
    caching.reset()


def caches_close():
    """Drop the connections made so far (Django rebuilds its cache handlers when CACHES changes)."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.close()


# The documented bound: one socket timeout per request (each request below meets the hung server
# afresh), plus the work of the page itself on a loaded test machine.
WORK_SECONDS = 6.0
HANG_SECONDS = 12.0


def timed(call, server=None):
    caching.reset()  # as if the last failure was longer ago than CACHE_RETRY_SECONDS: the worst case
    before = len(server.accepted) if server else 0
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started, (len(server.accepted) - before if server else 0)


def test_a_hung_redis_costs_each_request_a_bounded_wait_and_no_5xx(
    hung_redis, settings, moderator, editor, django_capture_on_commit_callbacks
):
    assert settings.CACHES["default"]["OPTIONS"]["socket_timeout"] == settings.CACHE_SOCKET_TIMEOUT == 0.25
    article = rich_article(1, title_en="Hung cache story")
    version = full_version(title_en="Published while the cache hangs")
    workflow.version_submit(version=version, by=editor)
    override_checks(version, moderator)
    reader = CsrfClient()
    admin = CsrfClient(moderator)
    calls = {
        "home": lambda: get(reader, "/en/"),
        "home zh": lambda: get(reader, "/zh-hans/"),
        "article": lambda: get(reader, f"/en/article/{article.slug}/"),
        "search": lambda: get(reader, "/en/search/?q=hung"),
        "search zh": lambda: get(reader, "/zh-hans/search/?q=hung"),
        "edit form": lambda: admin.get(reverse("admin:articles_articleversion_change", args=[version.pk])),
        "presence": lambda: admin.submit(reverse("admin:articles_articleversion_presence", args=[version.pk])),
    }
    answers = {name: timed(call, hung_redis) for name, call in calls.items()}
    with django_capture_on_commit_callbacks(execute=True):
        answers["publish"] = timed(lambda: admin.submit(f"/admin/moderation/version/{version.pk}/publish/"), hung_redis)
    answers["published page"] = timed(lambda: get(reader, f"/en/article/{version.article.slug}/"), hung_redis)

    rows = {name: (response.status_code, round(seconds, 2), n) for name, (response, seconds, n) in answers.items()}
    report = str(rows)  # printed whole on failure
    assert all(status < 500 for status, _seconds, _waits in rows.values()), report
    assert answers["publish"][0].status_code == 302 and answers["published page"][0].status_code == 200, report
    # Each request met the hung server at most once (every connection costs one read timeout)...
    assert all(waits <= 1 for _status, _seconds, waits in rows.values()), report
    # ...and so finished within one timeout plus its own work.
    bound = settings.CACHE_SOCKET_TIMEOUT + WORK_SECONDS
    assert all(seconds < bound for _status, seconds, _waits in rows.values()), report
    assert hung_redis.accepted, "the cache never connected to the hung server: the test tested nothing"
    assert search("Published while", "en", {}, 1).paginator.count == 1
