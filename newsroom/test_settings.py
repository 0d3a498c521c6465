"""
Settings for the test suite: the project's own settings with what only tests want.

Password hashing is most of a suite that logs users in, so tests use a fast hasher; nothing
else differs from what runs in production.
"""

import os
from urllib.parse import urlsplit, urlunsplit

from newsroom.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# pytest-xdist runs the suite in several processes. Each gets its own Redis database, because
# the suite clears the cache between tests and Django's Redis ``clear()`` flushes the whole database.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _worker.startswith("gw"):  # noqa: F405
    _url = urlsplit(REDIS_URL)  # noqa: F405
    _base = int(_url.path.strip("/") or 0)
    _db = (_base - int(_worker[2:])) % 16
    REDIS_URL = urlunsplit(_url._replace(path=f"/{_db}"))
    CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405

# Buffered views are flushed by the first request after this interval. Under load a test can
# outlast the production default (10 s) and its pinned query count would see the flush's UPDATE;
# the tests of flushing set the interval they need.
VIEW_COUNT_FLUSH_SECONDS = 3600
