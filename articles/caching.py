"""
Every cache call outside Django's own goes through ``guarded``: a cache that is down or hung
costs at most one socket timeout (``CACHES`` options) and then nothing for
``CACHE_RETRY_SECONDS``, during which calls are skipped and answer their default. Nothing the
cache holds is needed for a correct answer (page cache keys carry the database's publication
generation, sessions live in the database), so readers, search, the admin and publishing keep
working through an outage.
"""

import logging
import threading
import time

from django.conf import settings

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_down_until = 0.0


def guarded(operation, default=None):
    """``operation()``, or ``default`` when the cache fails now or failed in the last few seconds."""
    global _down_until
    if time.monotonic() < _down_until:
        return default
    try:
        return operation()
    except Exception:  # noqa: BLE001 - any backend failure is a miss, never an error
        with _lock:
            _down_until = time.monotonic() + getattr(settings, "CACHE_RETRY_SECONDS", 5)
        logger.warning("The cache is not answering; going without it for a few seconds.", exc_info=True)
        return default


def reset():
    """Forget a recorded outage (tests, and a cache known to be back)."""
    global _down_until
    _down_until = 0.0
