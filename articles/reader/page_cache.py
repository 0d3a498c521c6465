"""
The reader page cache: whole pages per language, scheme and path, for anonymous GETs.

Invalidation is a publication generation kept in the database (``PublicationGeneration``):
every move that changes what readers see bumps it inside its own transaction, and every page
key includes it, read once per request. So a committed unpublish misses every cached page at
once in every process, whatever the cache server did meanwhile (down during the move, restored
from an old snapshot, one in-process cache per worker). Every cache call is guarded: when the
backend fails (Redis down or hung, bounded by its socket timeouts) reads are misses and writes
are skipped; reader pages never error because of the cache.

Keys hold only the query parameters a page uses (``PAGE_PARAMS``): any other parameter
(``utm_*``, click ids, junk) is ignored, and pages never echo it (their links are built from the
same parameters), so a flood of made-up parameters is served from one cached page instead of
filling the cache with renders. (Not a redirect: an article page counts its view first, and a
redirect would count a tracked link twice.)
"""

import functools
import hashlib
import logging
import math
import time
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import connections, router
from django.db.models import F, Min
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import get_language

from articles.caching import guarded

logger = logging.getLogger(__name__)

# Response headers worth keeping with a cached page.
KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "ETag", "Last-Modified")
# The query parameters cached pages read; any other one is left out of the key.
PAGE_PARAMS = ("sort", "page", "after", "before")


def _safe(operation, default=None):
    return guarded(operation, default)


def generation():
    """
    The current publication generation: one query, answered by the database (never the cache).
    Plain SQL written once per process: this runs on every cached page, where building the
    ORM query cost more than the cache lookup it keys.
    """
    from articles.models import PublicationGeneration

    alias = router.db_for_read(PublicationGeneration)
    with connections[alias].cursor() as cursor:
        cursor.execute(_generation_sql(alias), [1])
        row = cursor.fetchone()
    return (row[0] if row else 0) or 0


@functools.cache
def _generation_sql(alias):
    from articles.models import PublicationGeneration

    quote = connections[alias].ops.quote_name
    meta = PublicationGeneration._meta
    value = meta.get_field("value").column
    return f"SELECT {quote(value)} FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} = %s"


def purge():
    """
    Make every cached reader page stale, in every process: bump the publication generation. Run
    inside the transaction that changes what readers see, so the bump commits (or rolls back)
    with it; the cache server is not involved.
    """
    from articles.models import PublicationGeneration

    if not PublicationGeneration.objects.filter(pk=1).update(value=F("value") + 1):
        PublicationGeneration.objects.get_or_create(pk=1, defaults={"value": 1})


# When the next scheduled first publication is due (Unix time; 0 when none is): no page is kept
# past it, so a scheduled article shows up in cached listings right after its time.
NEXT_PUBLICATION_KEY = "reader:next-publication"


def next_publication(gen=None):
    """
    The Unix time of the next scheduled first publication, 0 if none; one query when not known.
    Kept per generation: a schedule or unschedule bumps it, so a stale value is never read.
    """
    gen = generation() if gen is None else gen
    key = f"{NEXT_PUBLICATION_KEY}:{gen}"

    def read():
        value = cache.get(key)
        if value is None or (value and value <= time.time()):
            from articles.models import Article

            at = Article.objects.filter(live_version__isnull=False, published_at__gt=timezone.now()).aggregate(
                at=Min("published_at")
            )["at"]
            value = at.timestamp() if at else 0
            cache.set(key, value, timeout=settings.PAGE_CACHE_SECONDS or None)
        return value

    return _safe(read, default=0)


def page_lifetime(gen=None):
    """Seconds a page may be kept: ``PAGE_CACHE_SECONDS``, but never past the next scheduled publication."""
    if settings.PAGE_CACHE_SECONDS <= 0:
        return settings.PAGE_CACHE_SECONDS  # nothing is kept: no need to look
    at = next_publication(gen)
    if not at:
        return settings.PAGE_CACHE_SECONDS
    # Rounded down: a page expires at or before the publication (0 seconds: not kept at all).
    return max(0, min(settings.PAGE_CACHE_SECONDS, math.floor(at - time.time())))


def canonical_query(request):
    """The query string of the parameters a cached page uses, in a fixed order ("" when none)."""
    if not request.GET:
        return ""
    kept = [(name, request.GET[name]) for name in PAGE_PARAMS if name in request.GET]
    return urlencode(kept)


def page_key(request, gen):
    # The scheme is part of the key: a page rendered for https (its absolute links) is never
    # served over http. The host is not: absolute URLs come from SITE_URL when it is set.
    path = f"{request.scheme}://{request.path}?{canonical_query(request)}"
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
        if settings.PAGE_CACHE_SECONDS <= 0:  # the page cache is off: nothing to key, no generation to read
            return conditional(request, view(request, *args, **kwargs))
        gen = generation()
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
            lifetime = page_lifetime(gen)
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
