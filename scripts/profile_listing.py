"""
CPU per listing request, in process: ``time.process_time()`` median and cProfile function calls
of one request through ``django.test.Client``, page cache off, ``DEBUG`` off.

Run on a bench corpus (``python -m bench --articles 2000 --build-only``)::

    SQLITE_PATH=/tmp/bench-listing/newsroom-2000.sqlite3 STATIC_ROOT=/tmp/bench-listing/static DEBUG=0 SECRET_KEY=x \
        ALLOWED_HOSTS=testserver .venv/bin/python manage.py shell < scripts/profile_listing.py

``PROFILE_TOP=30`` also prints the top functions of one request by cumulative time
(``PROFILE_PATH`` picks which, default the home page's latest sort).
"""

import cProfile
import io
import os
import pstats
import statistics
import time

from django.db.models import Count
from django.test import Client
from django.test.utils import override_settings

from articles.models import Article, Section, Tag
from articles.reader.ranking import SORTS

REQUESTS = int(os.environ.get("PROFILE_REQUESTS", "7"))
TOP = int(os.environ.get("PROFILE_TOP", "0"))


def paths():
    public = Article.objects.public("en").count()
    section = Section.objects.annotate(n=Count("versions__live_for")).order_by("-n", "pk").first()
    tag = Tag.objects.annotate(n=Count("versions__live_for")).order_by("-n", "pk").first()
    found = []
    for base, count in (("/en/", public), (f"/en/section/{section.slug}/", section.n), (f"/en/tag/{tag.slug}/", tag.n)):
        deep = max(1, -(-count // 20))
        for sort in SORTS:
            found.append(f"{base}?sort={sort}")
            found.append(f"{base}?sort={sort}&page={deep}")
    found.append("/zh-hans/?sort=latest")
    found.append(f"/zh-hans/section/{section.slug}/?sort=trending")
    return found


def measure(client, path):
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    times = []
    for _ in range(REQUESTS):
        started = time.process_time()
        client.get(path)
        times.append(time.process_time() - started)
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(path)
    profiler.disable()
    stats = pstats.Stats(profiler)
    return statistics.median(times) * 1000, stats.total_calls, stats


def main():
    client = Client()
    rows = []
    with override_settings(PAGE_CACHE_SECONDS=0):
        for path in paths():
            ms, calls, stats = measure(client, path)
            rows.append((path, ms, calls))
            if TOP and path == os.environ.get("PROFILE_PATH", "/en/?sort=latest"):
                out = io.StringIO()
                stats.stream = out
                stats.sort_stats("cumulative").print_stats(TOP)
                print(out.getvalue())
    print("| page | CPU ms | function calls |")
    print("|---|---:|---:|")
    for path, ms, calls in rows:
        print(f"| `{path}` | {ms:.1f} | {calls:,} |")


main()
