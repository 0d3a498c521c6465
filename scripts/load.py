#!/usr/bin/env python3
"""
A bounded HTTP load run against a Newsroom server on 127.0.0.1 (standard library only).

Sends exactly ``--requests`` GETs from ``--concurrency`` threads, cycling through the reader
pages it finds: both home pages and every article, section, tag and entity link on them (and
each article's bilingual page). It prints throughput, latency percentiles and the status codes
seen. It only talks to 127.0.0.1. See docs/benchmarks.md for how to start the server.

    python scripts/load.py --port 8001 --requests 3000 --concurrency 8
"""

import argparse
import http.client
import re
import statistics
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

HOST = "127.0.0.1"
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"
LINK = re.compile(r'href="(/(?:en|zh-hans)/(?:article|section|tag|entity)/[^"/?#]+/)"')
MAX_PATHS = 200


def get(port, path, timeout):
    """One GET on a fresh connection; return (status, seconds, body)."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"User-Agent": USER_AGENT, "Host": HOST})
        response = connection.getresponse()
        body = response.read()
        return response.status, time.perf_counter() - started, body
    finally:
        connection.close()


def discover(port, timeout):
    """The pages to load: both home pages and the reader links they show, plus bilingual article pages."""
    paths = ["/en/", "/zh-hans/"]
    for home in list(paths):
        status, _seconds, body = get(port, home, timeout)
        if status != 200:
            sys.exit(f"GET {home} answered {status}; is the site running with content on port {port}?")
        for link in LINK.findall(body.decode("utf-8", "replace")):
            if link not in paths:
                paths.append(link)
                if "/article/" in link:
                    paths.append(f"{link}bilingual/")
    return paths[:MAX_PATHS]


def percentile(values, fraction):
    ordered = sorted(values)
    rank = max(1, round(fraction * len(ordered) + 0.5))
    return ordered[min(rank, len(ordered)) - 1]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--requests", type=int, default=2000, help="total requests (default 2000, at most 100000)")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads (default 8, at most 64)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per request")
    args = parser.parse_args()
    if not 1 <= args.requests <= 100_000 or not 1 <= args.concurrency <= 64:
        parser.error("--requests must be 1–100000 and --concurrency 1–64.")

    paths = discover(args.port, args.timeout)
    statuses, latencies, failures = Counter(), [], Counter()

    def one(i):
        try:
            return get(args.port, paths[i % len(paths)], args.timeout)[:2]
        except (OSError, http.client.HTTPException) as error:
            return type(error).__name__, None

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        for status, seconds in pool.map(one, range(args.requests)):
            if seconds is None:
                failures[status] += 1
            else:
                statuses[status] += 1
                latencies.append(seconds)
    elapsed = time.perf_counter() - started

    print(f"{args.requests} requests over {len(paths)} pages, {args.concurrency} client threads, {elapsed:.1f} s")
    print(f"throughput: {args.requests / elapsed:.0f} requests/s")
    if latencies:
        print(
            "latency ms: median {:.1f}, p95 {:.1f}, p99 {:.1f}, max {:.1f}".format(
                *(
                    1000 * v
                    for v in (
                        statistics.median(latencies),
                        percentile(latencies, 0.95),
                        percentile(latencies, 0.99),
                        max(latencies),
                    )
                )
            )
        )
    print("status: " + ", ".join(f"{code}×{n}" for code, n in sorted(statuses.items(), key=str)))
    if failures:
        print("connection failures: " + ", ".join(f"{name}×{n}" for name, n in failures.items()))
    return 0 if not failures and set(statuses) == {200} else 1


if __name__ == "__main__":
    sys.exit(main())
