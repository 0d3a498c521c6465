"""
View counting without a database write per view.

A reader's view of an article page is counted before the page cache answers (cached pages count
too); staff, obvious bots and prefetches are not. The count goes to a buffer, and buffered counts
reach ``Article.views`` in batches, one ``UPDATE`` per flush whatever the number of articles:

- with Redis (``REDIS_URL``): ``HINCRBY`` on one shared hash, so every process and the worker
  see the same pending counts. Any process flushes when ``VIEW_COUNT_FLUSH_SECONDS`` have passed
  since the last flush (a short Redis lock keeps it to one at a time), and ``manage.py
  flush_view_counts`` (run by ``make worker``) does the same.
- otherwise: a counter in this process, flushed when it holds ``VIEW_COUNT_BUFFER_MAX`` views,
  when ``VIEW_COUNT_FLUSH_SECONDS`` have passed, and at exit.

What a crash can lose is at most one flush interval of views (see docs/operations.md). A flush
whose ``UPDATE`` fails puts its counts back in the buffer. A Redis outage falls back to the
in-process buffer: a reader never gets an error because counting failed.
"""

import atexit
import logging
import re
import threading
import time
import uuid
from collections import Counter

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, F, When
from django.db.models.functions import Now
from django.utils import formats
from django.utils.translation import ngettext

from articles.caching import guarded
from articles.models import Article

logger = logging.getLogger(__name__)

BOT_PATTERN = re.compile(
    r"bot|crawl|spider|slurp|preview|headless|lighthouse|pingdom|monitor|curl|wget|python-requests|httpclient"
    r"|facebookexternalhit|embedly|quora link|whatsapp|telegram",
    re.IGNORECASE,
)
PENDING_KEY = "reader:views:pending"
LOCK_KEY = "reader:views:flush-lock"
# The running total of the hash, kept in the hash itself (no slug is empty) so a flush moves both.
TOTAL_FIELD = ""


def is_countable(request):
    """A GET by a reader: not staff, not a bot, not a prefetch."""
    if request.method != "GET":
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_staff:
        return False
    # From META rather than request.headers: that would copy every header of every counted view.
    meta = request.META
    agent = meta.get("HTTP_USER_AGENT", "")
    if not agent or BOT_PATTERN.search(agent):
        return False
    purpose = meta.get("HTTP_SEC_PURPOSE", "") or meta.get("HTTP_PURPOSE", "")
    return "prefetch" not in purpose.lower()


def article_view_count(*, request, slug):
    """Count one view of article ``slug`` if ``request`` is a reader's (buffered); return 1 if counted, else 0."""
    if not is_countable(request):
        return 0
    buffer = view_buffer()
    buffer.add(slug)
    buffer.flush_if_due()
    return 1


def flush_view_counts():
    """Write every buffered view to the database now; return the number of views written."""
    return view_buffer().flush()


def apply_view_counts(counts):
    """Add ``{slug: views}`` to the published articles with those slugs: one ``UPDATE``."""
    counts = {slug: n for slug, n in counts.items() if n > 0}
    if not counts:
        return 0
    increment = Case(*(When(slug=slug, then=n) for slug, n in counts.items()), default=0)
    # The published() rule on the article row only (no join), so the UPDATE touches one table;
    # one statement, atomic by itself.
    Article.objects.filter(
        slug__in=list(counts), live_version__isnull=False, published_at__isnull=False, published_at__lte=Now()
    ).update(views=F("views") + increment)
    return sum(counts.values())


class LocalBuffer:
    """Pending views in this process; bounded by ``VIEW_COUNT_BUFFER_MAX`` views."""

    def __init__(self):
        self._lock = threading.Lock()
        self._pending = Counter()
        self._size = 0
        self._last_flush = time.time()

    def add(self, slug, n=1):
        with self._lock:
            self._pending[slug] += n
            self._size += n

    def pending(self):
        with self._lock:
            return dict(self._pending)

    def flush_if_due(self):
        due = self._size >= settings.VIEW_COUNT_BUFFER_MAX or (
            time.time() - self._last_flush >= settings.VIEW_COUNT_FLUSH_SECONDS
        )
        return self.flush() if due else 0

    def flush(self):
        with self._lock:
            counts, self._pending, self._size = self._pending, Counter(), 0
            self._last_flush = time.time()
        try:
            return apply_view_counts(counts)
        except Exception:
            with self._lock:
                self._pending.update(counts)
                self._size += sum(counts.values())
            raise


class RedisBuffer:
    """Pending views in one Redis hash shared by every process; the local buffer when Redis fails."""

    def __init__(self, fallback):
        self.fallback = fallback
        self._last_flush = time.time()
        self._total = 0  # views in the shared hash, as of this process's last add

    def _client(self):
        return cache._cache.get_client(write=True)

    # Every Redis call goes through articles.caching.guarded: down or hung, it costs one socket
    # timeout and then nothing for a few seconds, and the views stay in this process meanwhile.

    def add(self, slug, n=1):
        def write():
            pipe = self._client().pipeline(transaction=False)
            key = cache.make_key(PENDING_KEY)
            pipe.hincrby(key, slug, n)
            pipe.hincrby(key, TOTAL_FIELD, n)
            return pipe.execute()[1]

        total = guarded(write)
        if total is None:  # Redis down: keep the view in this process
            self.fallback.add(slug, n)
        else:
            self._total = total

    def pending(self):
        counts = Counter(self.fallback.pending())
        # Redis down: this process's pending views only.
        counts.update(guarded(lambda: _counts(self._client().hgetall(cache.make_key(PENDING_KEY))), {}))
        return dict(counts)

    def flush_if_due(self):
        full = self._total >= settings.VIEW_COUNT_BUFFER_MAX
        if not full and time.time() - self._last_flush < settings.VIEW_COUNT_FLUSH_SECONDS:
            return 0
        self._total = 0
        self._last_flush = time.time()
        # One flusher at a time across processes; the lock expires by itself if it dies.
        locked = guarded(
            lambda: bool(
                self._client().set(cache.make_key(LOCK_KEY), 1, nx=True, ex=max(1, settings.VIEW_COUNT_FLUSH_SECONDS))
            )
        )
        if locked is None:  # Redis down
            return self.fallback.flush_if_due()
        if not locked:
            return self.fallback.flush()
        return self.flush()

    def flush(self):
        written = self.fallback.flush()
        pending = cache.make_key(PENDING_KEY)
        taken = f"{pending}:flushing:{uuid.uuid4().hex}"

        def take():
            client = self._client()
            try:
                client.rename(pending, taken)  # atomic: views arriving now start a new hash
            except Exception as error:  # noqa: BLE001
                if "no such key" in str(error).lower():
                    return {}
                raise
            return _counts(client.hgetall(taken))

        counts = guarded(take)
        if not counts:  # nothing buffered, or Redis unavailable: views buffered there are flushed later
            return written
        try:
            written += apply_view_counts(counts)
        except Exception:

            def put_back():
                for slug, n in counts.items():  # back into the buffer: flushed next time
                    self._client().hincrby(pending, slug, n)

            guarded(put_back)
            raise
        finally:
            guarded(lambda: self._client().delete(taken))
        return written


def _counts(stored):
    return {k.decode(): int(v) for k, v in stored.items() if k.decode() != TOTAL_FIELD}


_local = LocalBuffer()
_buffers = {}


def view_buffer():
    """The buffer this process uses: Redis when the cache is Redis, else the in-process one."""
    if getattr(settings, "REDIS_URL", None) and hasattr(cache, "_cache") and hasattr(cache._cache, "get_client"):
        if "redis" not in _buffers:
            _buffers["redis"] = RedisBuffer(_local)
        return _buffers["redis"]
    return _local


@atexit.register
def _flush_at_exit():
    try:
        _local.flush()
    except Exception:  # noqa: BLE001 - the database may already be gone at exit
        logger.warning("Could not flush buffered views at exit.", exc_info=True)


def views_label(count):
    """ "11,350 views" / "11350 次阅读": grouped the way the active language writes numbers."""
    return ngettext("%(count)s view", "%(count)s views", count) % {
        "count": formats.number_format(count, force_grouping=True)
    }
