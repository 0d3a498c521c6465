"""
The reader page cache: whole pages per language and full path, for anonymous GETs.

Invalidation is a generation counter kept in the cache itself: every key includes the current
generation, and publishing or unpublishing an article bumps it, so every cached page is
missed at once without enumerating keys. Every cache call is guarded: when the cache backend
fails (Redis down), reads are misses and writes are skipped; reader pages never error because
of the cache.
"""

import hashlib
import logging
import math
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db.models import Min
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

GENERATION_KEY = "reader:generation"
# Response headers worth keeping with a cached page.
KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "ETag", "Last-Modified")


def _safe(operation, default=None):
    try:
        return operation()
    except Exception:  # noqa: BLE001 - any backend failure is a miss, never an error page
        logger.warning("Page cache unavailable; serving without it.", exc_info=True)
        return default


def generation():
    """The current cache generation, created on first use (unique, so never reused after a loss)."""

    def read():
        value = cache.get(GENERATION_KEY)
        if value is None:
            cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
            value = cache.get(GENERATION_KEY)
        return value

    return _safe(read)


def purge():
    """Make every cached reader page stale. Safe to call when the cache is down."""

    def bump():
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # no generation yet (or it was evicted): start a fresh one
            cache.set(GENERATION_KEY, time.time_ns(), timeout=None)

    _safe(bump)


def purge_on_publication_change(**kwargs):
    purge()


# When the next scheduled first publication is due (Unix time; 0 when none is): no page is kept
# past it, so a scheduled article shows up in cached listings right after its time.
NEXT_PUBLICATION_KEY = "reader:next-publication"


def next_publication():
    """The Unix time of the next scheduled first publication, 0 if none; one query when not known."""

    def read():
        value = cache.get(NEXT_PUBLICATION_KEY)
        if value is None or (value and value <= time.time()):
            from articles.models import Article

            at = Article.objects.filter(live_version__isnull=False, published_at__gt=timezone.now()).aggregate(
                at=Min("published_at")
            )["at"]
            value = at.timestamp() if at else 0
            cache.set(NEXT_PUBLICATION_KEY, value, timeout=None)
        return value

    return _safe(read, default=0)


def page_lifetime():
    """Seconds a page may be kept: ``PAGE_CACHE_SECONDS``, but never past the next scheduled publication."""
    if settings.PAGE_CACHE_SECONDS <= 0:
        return settings.PAGE_CACHE_SECONDS  # nothing is kept: no need to look
    at = next_publication()
    if not at:
        return settings.PAGE_CACHE_SECONDS
    # Rounded down: a page expires at or before the publication (0 seconds: not kept at all).
    return max(0, min(settings.PAGE_CACHE_SECONDS, math.floor(at - time.time())))


def purge_on_schedule_change(action=None, **kwargs):
    """A new or withdrawn schedule changes when cached pages must expire, a new address every link to it: start afresh."""
    if action in ("schedule", "unschedule", "change_slug"):
        _safe(lambda: cache.delete(NEXT_PUBLICATION_KEY))
        purge()


def page_key(request, gen):
    path = f"{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(path.encode()).hexdigest()
    return f"reader:page:{gen}:{get_language()}:{digest}"


def is_cacheable(request):
    """Anonymous GET/HEAD only: staff and logged-in users always get a fresh page."""
    if request.method not in ("GET", "HEAD"):
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def cached_page(view):
    """
    Serve ``view``'s 200 responses from the page cache for anonymous readers, with HTTP caching
    headers for everyone.

    A cached response carries ``X-Page-Cache: hit``; a stored one ``X-Page-Cache: miss``. Every
    200 response gets an ``ETag`` (and keeps the ``Last-Modified`` the view set) and a
    ``Cache-Control`` (``READER_CACHE_CONTROL`` for anonymous readers, private otherwise); a
    conditional request whose validators match gets a 304 without the body.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_cacheable(request):
            return conditional(request, view(request, *args, **kwargs), public=False)
        gen = generation()
        if gen is None:
            return conditional(request, view(request, *args, **kwargs))
        key = page_key(request, gen)
        stored = _safe(lambda: cache.get(key))
        # The entry carries its own expiry as well as the backend's timeout: a backend whose clock
        # or eviction lags (a Redis restored from a snapshot) never serves a page past its time.
        if stored is not None and stored.get("expires", 0) > time.time():
            response = HttpResponse(stored["content"], status=stored["status"])
            for name, value in stored["headers"].items():
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return conditional(request, response)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            if hasattr(response, "render") and callable(response.render):
                response.render()
            set_response_etag(response)
            lifetime = page_lifetime()
            entry = {
                "expires": time.time() + lifetime,
                "content": response.content,
                "status": response.status_code,
                "headers": {name: response[name] for name in KEPT_HEADERS if response.has_header(name)},
            }
            _safe(lambda: cache.set(key, entry, lifetime))
            response["X-Page-Cache"] = "miss"
        return conditional(request, response)

    return wrapper


def conditional(request, response, *, public=True):
    """Add validators and ``Cache-Control`` to a 200 page; answer 304 when the request's validators match."""
    if response.status_code != 200 or response.streaming:
        return response
    if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
        response.render()
    if public:
        response["Cache-Control"] = settings.READER_CACHE_CONTROL
    else:
        patch_cache_control(response, private=True, no_cache=True)
    if not response.has_header("ETag"):
        set_response_etag(response)
    last_modified = response.get("Last-Modified")
    return get_conditional_response(
        request,
        etag=response["ETag"],
        last_modified=parse_http_date_safe(last_modified) if last_modified else None,
        response=response,
    )


def last_modified_header(response, moment):
    """Set ``Last-Modified`` to ``moment`` (an aware datetime, or None for nothing)."""
    if moment is not None:
        response["Last-Modified"] = http_date(moment.timestamp())
    return response
