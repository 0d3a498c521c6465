"""
gunicorn settings for the Newsroom site: ``gunicorn newsroom.wsgi -c deploy/gunicorn.conf.py``.

- ``preload_app``: the master imports the site and, before forking, loads what every worker
  would otherwise load for itself (``newsroom.preload``): jieba's dictionary, the entity
  vocabulary and the entity-aware dictionary search uses, the templates of reader pages. Workers
  share those pages copy-on-write; ``gc.freeze()`` keeps the collector from touching (and so
  copying) them. The master holds no database or cache connection when it forks.
- Sync workers (the site's views are short and CPU-bound): ``NEWSROOM_WORKERS`` (or
  ``WEB_CONCURRENCY``) of them, the variable the settings read to refuse more than one worker
  without ``REDIS_URL``; 1 when neither is set, as there. About one per core.
- A worker stuck for ``GUNICORN_TIMEOUT`` seconds (60) is replaced; a reload or a stop waits
  ``graceful_timeout`` for requests under way.
- ``max_requests`` (with jitter) recycles a worker now and then, so a slow leak or memo growth
  never accumulates.

Every value can be set from the environment; command-line options (``--bind``, ``--workers``)
override this file.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("NEWSROOM_WORKERS") or os.environ.get("WEB_CONCURRENCY") or "1")
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 2
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
preload_app = True
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None


def when_ready(server):
    """In the master, after the app was imported and before the first fork."""
    from newsroom.preload import preload

    server.log.info("Preloaded before forking: %s", ", ".join(preload()))
