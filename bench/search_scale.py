"""
How search cost grows with the archive (issue 15, item 7), in process, on SQLite:

    python -m bench.search_scale --copies 10 [--repeat 40 --rounds 4 --reuse]

Takes the harness' SQLite corpus (``$BENCH_WORK_DIR/newsroom-2000.sqlite3``, built and migrated
by ``python -m bench --articles 2000``) and makes two copies of it next to it: as it is, and with
every article cloned ``copies - 1`` times in SQL (each copy older than the last, so the archive
grows into the past, with its tags, entities and search-index rows; no text is segmented again).
Then, in rounds that alternate the two sizes (so both see the same machine load), a child process
per size times the search page for the harness' two queries (``bench.run.SEARCHES``), page cache
off, through Django's test client: the whole view (ranking, count, page, tags, snippets, facets,
template), one request at a time, no HTTP server and no concurrent load. The harness' queries
match every article: the worst case for a search whose cost follows the number of matches.

Prints p50/p99 per size (medians over rounds) and writes them to
``docs/benchmark-results/<date>-search-scale.json``.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORK = Path(os.environ.get("BENCH_WORK_DIR", "/tmp/newsroom-bench"))
ID_OFFSET = 1_000_000  # copy k of article/version n gets id n + k × ID_OFFSET


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.search_scale", description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=WORK / "newsroom-2000.sqlite3")
    parser.add_argument("--copies", type=int, default=10, help="The archive size to reach, in copies of the corpus.")
    parser.add_argument("--repeat", type=int, default=40, help="Requests per query, size and round.")
    parser.add_argument("--rounds", type=int, default=4, help="Rounds; the sizes alternate within each.")
    parser.add_argument("--reuse", action="store_true", help="Keep the databases of an earlier run.")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # one size, in a child process
    return parser.parse_args(argv)


def _columns(cursor, table):
    cursor.execute(f"PRAGMA table_info({table})")
    return [row[1] for row in cursor.fetchall()]


def _clone(cursor, table, overrides, where=""):
    """INSERT … SELECT every column of ``table``, with ``overrides`` (column → SQL expression)."""
    columns = _columns(cursor, table)
    names = ", ".join(columns)
    values = ", ".join(overrides.get(column, column) for column in columns)
    cursor.execute(f"INSERT INTO {table} ({names}) SELECT {values} FROM {table} {where}")


def grow(copies, base_articles):
    """Clone the corpus' articles ``copies - 1`` times (tags, entities, index rows with them)."""
    from django.db import connection, transaction

    from articles.search.backends import _ID_BITS, _LANGUAGE_BITS, MAX_ARTICLE_ID

    id_shift = _ID_BITS + _LANGUAGE_BITS
    with transaction.atomic(), connection.cursor() as cursor:
        for k in range(1, copies):
            offset, hours = k * ID_OFFSET, k * (base_articles + 24)
            original = f"WHERE id < {ID_OFFSET}"
            _clone(
                cursor,
                "articles_article",
                {
                    "id": f"id + {offset}",
                    "slug": f"slug || '-copy{k}'",
                    "created_at": f"datetime(created_at, '-{hours} hours')",
                    "published_at": f"datetime(published_at, '-{hours} hours')",
                    "updated_at": "NULL",
                    "draft_id": "NULL",
                    "live_version_id": f"live_version_id + {offset}",
                },
                original,
            )
            _clone(
                cursor,
                "articles_articleversion",
                {"id": f"id + {offset}", "article_id": f"article_id + {offset}", "based_on_id": "NULL"},
                f"{original} AND id IN (SELECT live_version_id FROM articles_article WHERE id < {ID_OFFSET})",
            )
            for through, column in (
                ("articles_articleversion_tags", "tag_id"),
                ("articles_articleversion_entities", "entity_id"),
            ):
                cursor.execute(
                    f"INSERT INTO {through} (articleversion_id, {column}) SELECT articleversion_id + {offset}, {column} "
                    f"FROM {through} WHERE articleversion_id < {ID_OFFSET}"
                )
            # The index rows, renumbered: publication second minus the shift, article id plus the offset.
            key = (
                f"((((rowid >> {id_shift}) - {hours * 3600}) << {id_shift}) "
                f"| ((((rowid >> {_LANGUAGE_BITS}) & {MAX_ARTICLE_ID}) + {offset}) << {_LANGUAGE_BITS}) "
                f"| (rowid & {(1 << _LANGUAGE_BITS) - 1}))"
            )
            originals = f"WHERE ((rowid >> {_LANGUAGE_BITS}) & {MAX_ARTICLE_ID}) < {ID_OFFSET}"
            cursor.execute(
                "INSERT INTO articles_search_index (rowid, article_id, language, title, entities, summary, tags, body, plain) "
                f"SELECT {key}, article_id + {offset}, language, title, entities, summary, tags, body, plain "
                f"FROM articles_search_index {originals}"
            )
            cursor.execute(
                "INSERT INTO articles_search_heads (rowid, title, entities, summary, tags) "
                f"SELECT {key}, title, entities, summary, tags FROM articles_search_heads {originals}"
            )
            cursor.execute(
                "INSERT INTO articles_search_rows (article_id, language, row_key) "
                f"SELECT article_id + {offset}, language, {key.replace('rowid', 'row_key')} "
                f"FROM articles_search_rows WHERE article_id < {ID_OFFSET}"
            )
            print(f"  copy {k}/{copies - 1} done", flush=True)


def measure(repeat):
    """{page name: {p50, p99, results}} for the harness' search pages, through the test client."""
    from django.test import Client
    from django.test.utils import override_settings

    from articles import search
    from bench.run import SEARCHES

    client = Client()
    figures = {}
    with override_settings(PAGE_CACHE_SECONDS=0):
        for language, query in SEARCHES.items():
            path = f"/{language}/search/"
            response = client.get(path, {"q": query})  # warm-up: jieba, the vocabulary, the page cache of SQLite
            if response.status_code != 200:
                raise SystemExit(f"GET {path}?q={query} answered {response.status_code}.")
            timings, cpu = [], []
            for _ in range(repeat):
                started, cpu_started = time.perf_counter(), time.process_time()
                client.get(path, {"q": query})
                timings.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - cpu_started) * 1000)
            timings.sort()
            results = search.search(query, language)
            figures[f"search {language}"] = {
                "p50 ms": round(statistics.median(timings), 1),
                "p99 ms": round(timings[min(len(timings) - 1, int(len(timings) * 0.99))], 1),
                # CPU seconds of this process per request: what machine load distorts least.
                "cpu p50 ms": round(statistics.median(cpu), 1),
                "results": results.paginator.count,
                "more": results.more,
            }
    return figures


def setup(database):
    os.environ.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DEBUG="0",
        SQLITE_PATH=str(database),
        ALLOWED_HOSTS="testserver",
        STATIC_ROOT=str(WORK / "static"),  # the harness' collectstatic
        SECRET_KEY=os.environ.get("SECRET_KEY") or "search-scale-only",
        LOG_LEVEL="ERROR",
    )
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(REPO))
    import django

    django.setup()


def build(source, copies):
    """The two databases: the corpus as it is, and grown to ``copies`` times its size."""
    small, large = source.with_name("search-scale-1.sqlite3"), source.with_name(f"search-scale-{copies}.sqlite3")
    for target in (small, large):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(source, target)
    setup(large)
    from django.core.management import call_command

    from articles.models import Article

    call_command("migrate", verbosity=0)
    base = Article.objects.filter(live_version__isnull=False).count()
    print(f"Cloning {base:,} articles to {base * copies:,}…", flush=True)
    started = time.perf_counter()
    grow(copies, base)
    print(f"  cloned in {time.perf_counter() - started:.0f} s", flush=True)
    return small, large


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.measure:
        setup(args.measure)
        from articles.models import Article

        figures = measure(args.repeat)
        print(json.dumps({"articles": Article.objects.filter(live_version__isnull=False).count(), "pages": figures}))
        return
    if not args.source.exists():
        raise SystemExit(f"No corpus at {args.source}: run `python -m bench --articles 2000 --build-only` first.")
    small, large = (
        args.source.with_name("search-scale-1.sqlite3"),
        args.source.with_name(f"search-scale-{args.copies}.sqlite3"),
    )
    if not (args.reuse and small.exists() and large.exists()):
        # Built in a child process: this one only starts the measurements.
        subprocess.run([sys.executable, "-m", "bench.search_scale", "--build", *sys.argv[1:]], check=True, cwd=REPO)
    runs = {}
    for round_number in range(args.rounds):  # sizes alternate, so both see the same machine load
        for database in (small, large) if round_number % 2 == 0 else (large, small):
            print(f"Round {round_number + 1}/{args.rounds}: {database.name}…", flush=True)
            output = subprocess.run(
                [sys.executable, "-m", "bench.search_scale", "--measure", str(database), "--repeat", str(args.repeat)],
                check=True,
                cwd=REPO,
                capture_output=True,
                text=True,
            ).stdout
            run = json.loads(output.strip().splitlines()[-1])
            for name, figures in run["pages"].items():
                runs.setdefault(run["articles"], {}).setdefault(name, []).append(figures)
    results = {
        "command": f"python -m bench.search_scale --copies {args.copies} --repeat {args.repeat} --rounds {args.rounds}",
        "note": "in process (Django test client, page cache off), one request at a time; medians over rounds",
        "load average": " ".join(f"{value:.2f}" for value in os.getloadavg()),
        "articles": {},
    }
    print(f"{'articles':>9} {'page':<16} {'p50 ms':>8} {'p99 ms':>8} {'cpu p50':>8} {'results':>8}")
    for articles, pages in sorted(runs.items()):
        for name, rounds in pages.items():
            figures = {
                "p50 ms": round(statistics.median(r["p50 ms"] for r in rounds), 1),
                "p99 ms": round(statistics.median(r["p99 ms"] for r in rounds), 1),
                "cpu p50 ms": round(statistics.median(r["cpu p50 ms"] for r in rounds), 1),
                "results": rounds[0]["results"],
                "more": rounds[0]["more"],
                "rounds": rounds,
            }
            results["articles"].setdefault(articles, {})[name] = figures
            count = f"{figures['results']}{'+' if figures['more'] else ''}"
            print(
                f"{articles:>9,} {name:<16} {figures['p50 ms']:>8} {figures['p99 ms']:>8} "
                f"{figures['cpu p50 ms']:>8} {count:>8}"
            )
    out = REPO / "docs" / "benchmark-results" / f"{datetime.now(UTC):%Y-%m-%d}-search-scale.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"Written: {out.relative_to(REPO)}")


if __name__ == "__main__":
    if "--build" in sys.argv:
        sys.argv.remove("--build")
        _args = parse_args(sys.argv[1:])
        build(_args.source, _args.copies)
    else:
        main()
