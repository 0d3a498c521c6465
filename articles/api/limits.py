"""
Per-token submission rate, counted in the cache (fixed windows). A cache that is down or hung
lets the request through: the limit protects the newsroom from a runaway client, and refusing
every client because Redis failed would be worse.
"""

import logging
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    retry_after: int = 0


def submission_rate_check(*, token, now=None):
    """Count one submission for ``token``; refuse it when the window's limit is reached."""
    limit = settings.API_SUBMIT_RATE
    window = settings.API_SUBMIT_RATE_WINDOW
    now = time.time() if now is None else now
    index = int(now // window)
    key = f"api-rate:{token.pk}:{index}"
    try:
        cache.add(key, 0, timeout=window + 1)
        count = cache.incr(key)
    except Exception:  # noqa: BLE001 - any cache failure: let the request through
        logger.warning("API rate limit skipped: the cache is not answering", exc_info=True)
        return RateDecision(allowed=True)
    if count > limit:
        return RateDecision(allowed=False, retry_after=max(1, math.ceil((index + 1) * window - now)))
    return RateDecision(allowed=True)
