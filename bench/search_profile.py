"""
Where one search request's time goes, in process, on a harness corpus:

    python -m bench.search_profile [--language en] [--repeat 40] [--top 30] [--database PATH] [--tree DIR]

Opens the harness' SQLite corpus (``$BENCH_WORK_DIR/newsroom-2000.sqlite3`` by default, built by
``python -m bench --articles 2000 --build-only``; or the PostgreSQL database in ``DATABASE_URL``
with ``--database postgres``) with production settings and the page cache off, requests the
harness' search page (``bench.run.SEARCHES``) through Django's test client, and prints:

- CPU time per request (``time.process_time()``, median of ``--repeat``): what the machine's load
  distorts least, so two trees can be compared on a busy machine;
- wall time per request (median), and the SQL statements of one request with their times;
- Python function calls per request and the ``--top`` functions by cumulative time (cProfile over
  five requests).

``--tree DIR`` runs another checkout's code (e.g. main's worktree) on the same corpus, for a
before/after comparison in the same conditions.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORK = Path(os.environ.get("BENCH_WORK_DIR", "/tmp/newsroom-bench"))


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.search_profile", description=__doc__.split("\n\n")[0])
    parser.add_argument("--language", default="en", choices=("en", "zh-hans"))
    parser.add_argument("--repeat", type=int, default=40, help="Requests timed (after two warm-up requests).")
    parser.add_argument("--top", type=int, default=30, help="Functions listed from the profile.")
    parser.add_argument(
        "--database",
        default=str(WORK / "newsroom-2000.sqlite3"),
        help="A SQLite file, or 'postgres' for the database in DATABASE_URL.",
    )
    parser.add_argument("--tree", type=Path, default=REPO, help="The checkout whose code serves the page.")
    return parser.parse_args(argv)


def setup(database, tree):
    os.environ.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DEBUG="0",
        ALLOWED_HOSTS="testserver",
        STATIC_ROOT=str(WORK / "static"),  # the harness' collectstatic
        SECRET_KEY=os.environ.get("SECRET_KEY") or "search-profile-only",
        LOG_LEVEL="ERROR",
        PAGE_CACHE_SECONDS="0",
    )
    if database != "postgres":
        if not Path(database).exists():
            raise SystemExit(f"No corpus at {database}: run `python -m bench --articles 2000 --build-only` first.")
        os.environ["SQLITE_PATH"] = database
        os.environ.pop("DATABASE_URL", None)
        os.environ.pop("REDIS_URL", None)
    # Only that checkout's packages (``bench`` itself is already imported from this one).
    sys.path[:] = [str(tree.resolve())] + [entry for entry in sys.path if Path(entry or ".").resolve() != REPO]
    import django

    django.setup()


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    setup(args.database, args.tree)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from bench.run import SEARCHES

    client = Client()
    path, query = f"/{args.language}/search/", {"q": SEARCHES[args.language]}
    with override_settings(PAGE_CACHE_SECONDS=0):
        for _ in range(2):  # warm-up: jieba, the vocabulary, the navigation sections, SQLite's page cache
            response = client.get(path, query)
            if response.status_code != 200:
                raise SystemExit(f"GET {path}?q={query['q']} answered {response.status_code}.")
        cpu, wall = [], []
        for _ in range(args.repeat):
            started, cpu_started = time.perf_counter(), time.process_time()
            client.get(path, query)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        with CaptureQueriesContext(connection) as captured:
            client.get(path, query)
        statements = list(captured.captured_queries)  # the next request's start empties the log
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(5):
            client.get(path, query)
        profile.disable()
    stats = pstats.Stats(profile)
    import articles

    print(
        f"search {args.language} ({connection.vendor}), code from {Path(list(articles.__path__)[0]).parent}, "
        f"{args.repeat} requests, load average {os.getloadavg()[0]:.2f}"
    )
    print(f"  CPU per request p50 {statistics.median(cpu):.1f} ms; wall p50 {statistics.median(wall):.1f} ms")
    print(f"  Python function calls per request: {stats.total_calls // 5:,}")
    print(f"  SQL: {len(statements)} statements")
    for statement in statements:
        print(f"    {float(statement['time']) * 1000:7.1f} ms  {statement['sql'][:120]}")
    stats.sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
