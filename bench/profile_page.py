"""
Deterministic cost of one reader page, in process: ``python -m bench.profile_page``.

Against a corpus built by ``python -m bench --build-only`` (same ``BENCH_WORK_DIR``, ``--articles``
and ``--db``), with the harness's production settings and the page cache off, it requests each
page through Django's test client (a few unmeasured requests first, so per-process memos are
warm, as on a server that has served it once), then prints per request: Python function calls
(cProfile), CPU milliseconds (``time.process_time()``, median of ``--repeat``) and SQL
statements. Function calls do not depend on the machine's load; CPU time does a little.
``--top N`` prints the N functions with the most cumulative time of the first page.

    BENCH_WORK_DIR=/tmp/bench-x python -m bench.profile_page --articles 2000 [--db postgres]
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.profile_page", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--only", default="article,bilingual")
    parser.add_argument("--top", type=int, default=0)
    parser.add_argument("--no-wagtail", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from bench import run

    env = run.site_environment(args)
    env["PAGE_CACHE_SECONDS"] = "0"
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from bench import load

    _article, _total, measured = run.pages(args)
    client = Client(HTTP_USER_AGENT=load.BROWSER_AGENT)
    print(f"{'page':<28} {'calls':>8} {'CPU ms':>8} {'SQL':>4}")
    first = True
    for name, page in measured.items():
        if page["server"] != "cold" or name.startswith(("admin", "api")):
            continue
        for _ in range(3):
            response = client.get(page["path"])
            if response.status_code != 200:
                raise SystemExit(f"GET {page['path']} answered {response.status_code}.")
        profile = cProfile.Profile()
        profile.enable()
        client.get(page["path"])
        profile.disable()
        stats = pstats.Stats(profile)
        captured = []  # counted by a wrapper: the test client's request_started resets the query log

        def count(execute, sql, params, many, context, captured=captured):
            captured.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            client.get(page["path"])
        times = []
        for _ in range(args.repeat):
            started = time.process_time()
            client.get(page["path"])
            times.append((time.process_time() - started) * 1000)
        print(f"{name:<28} {stats.total_calls:>8,} {statistics.median(times):>8.2f} {len(captured):>4}")
        if first and args.top:
            stats.sort_stats("cumulative").print_stats(args.top)
            first = False


if __name__ == "__main__":
    main()
