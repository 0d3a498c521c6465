"""
The harness: ``python -m bench --articles 2000 --rounds 2 --duration 5 [--db postgres]``.

1. Prepares a throwaway database (a new SQLite file under the work directory, or the PostgreSQL
   database named in DATABASE_URL, which must contain "bench" because it is dropped), migrates it
   and builds the corpus (``bench.corpus``), then runs the real ``rebuild_search_index`` and
   ``index_mentions --live`` and times them.
2. Counts the SQL of one request per page in this process (Django's test client against the same
   database, page cache off unless the page is a warm one).
3. Starts the servers, each with its own PID: the site twice under gunicorn (page cache off, and
   on), the floor, nginx (the static file and the micro-cache in front of the warm site) and, unless
   ``--no-wagtail``, the stock Wagtail site in its own venv.
4. Runs ``wrk`` on every page for ``--duration`` seconds, ``--rounds`` times, rotating the order each
   round, then reads each gunicorn worker's RSS, stops every server and writes the results.
"""

import argparse
import io
import json
import math
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from bench import load, report, servers

REPO = Path(__file__).resolve().parent.parent
WORK = Path(os.environ.get("BENCH_WORK_DIR", "/tmp/newsroom-bench"))
# BENCH_PORT_BASE lets two benchmark runs share a machine without sharing ports.
_PORT_BASE = int(os.environ.get("BENCH_PORT_BASE", "8400"))
PORTS = {
    name: _PORT_BASE + offset
    for offset, name in enumerate(("cold", "warm", "floor", "static", "microcache", "wagtail"), start=1)
}
SORTS = ("latest", "trending", "quality", "impact")
SEARCHES = {"en": "capacity demand", "zh-hans": "产能"}
WAGTAIL_PAIRS = {
    "article en, cache off": "wagtail article",
    "home latest p1": "wagtail listing p1",
    "home latest deep": "wagtail listing deep",
}
MICROCACHE_PAGES = ("article en, nginx micro-cache",)


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="python -m bench", description="Newsroom benchmark harness (docs/benchmarks.md)."
    )
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="Seconds of load per page and round.")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers per server.")
    parser.add_argument("--entities", type=int, default=1000)
    parser.add_argument(
        "--mentions",
        choices=("sample", "all"),
        default="sample",
        help="Index entity mentions of every article (slow today) or time a sample and extrapolate.",
    )
    parser.add_argument("--mentions-sample", type=int, default=20)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--no-wagtail", action="store_true", help="Skip the Wagtail comparison.")
    parser.add_argument(
        "--only",
        default="",
        help="Measure only the pages whose name contains one of these comma-separated words (the floor and ceiling always run).",
    )
    parser.add_argument("--reuse", action="store_true", help="Keep a corpus of the same size built by an earlier run.")
    parser.add_argument(
        "--build-only",
        action="store_true",
        help="Build the corpus (and the Wagtail site) for a later --reuse run, and stop: no servers, no load.",
    )
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "benchmark-results")
    return parser.parse_args(argv)


# Setting up -----------------------------------------------------------------------------------


def site_environment(args):
    """The production environment both site servers and this process use."""
    env = {
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        # Plain HTTP on 127.0.0.1: the session cookie must not be limited to HTTPS.
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "STATIC_ROOT": str(WORK / "static"),
        "MEDIA_ROOT": str(WORK / "media"),
        "LOG_LEVEL": "ERROR",
    }
    if args.db == "postgres":
        env["DATABASE_URL"] = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/newsroom_bench"
        env["REDIS_URL"] = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/7"
        env["CACHE_KEY_PREFIX"] = "bench"
    else:
        env["SQLITE_PATH"] = str(WORK / f"newsroom-{args.articles}.sqlite3")
        os.environ.pop("DATABASE_URL", None)
        os.environ.pop("REDIS_URL", None)
    return env


def fresh_database(args, env):
    """Empty the throwaway database (unless ``--reuse`` finds a finished corpus); True if it is new."""
    if args.db == "sqlite":
        path = Path(env["SQLITE_PATH"])
        if args.reuse and path.exists() and (WORK / f"{path.name}.done").exists():
            return False
        for suffix in ("", "-wal", "-shm", ".done"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return True
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(env["DATABASE_URL"])
    name = config["NAME"]
    if "bench" not in name:
        raise SystemExit(f"Refusing to drop database {name!r}: its name must contain 'bench' (it is thrown away).")
    marker = WORK / f"{name}-{args.articles}.done"
    if args.reuse and marker.exists():
        return False
    marker.unlink(missing_ok=True)
    dsn = {"host": config["HOST"] or "127.0.0.1", "port": config["PORT"] or 5432, "user": config["USER"]}
    if config.get("PASSWORD"):
        dsn["password"] = config["PASSWORD"]
    with psycopg.connect(dbname="postgres", autocommit=True, **dsn) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    subprocess.run(["redis-cli", "-u", env["REDIS_URL"], "FLUSHDB"], capture_output=True, check=False)
    return True


def done_marker(args, env):
    if args.db == "sqlite":
        return WORK / f"{Path(env['SQLITE_PATH']).name}.done"
    import dj_database_url

    return WORK / f"{dj_database_url.parse(env['DATABASE_URL'])['NAME']}-{args.articles}.done"


def timed(label, function):
    started = time.perf_counter()
    value = function()
    seconds = time.perf_counter() - started
    print(f"  {label}: {seconds:.1f} s", flush=True)
    return value, seconds


def planner_statistics():
    """
    What production's every-minute ``publish_scheduled`` does for the planner (``PRAGMA optimize``
    on SQLite): without statistics SQLite sorts listings by reading each version's full row
    instead of the covering index (docs/benchmarks.md, "Listings"), about 35 ms more per page.
    """
    from django.core.management import call_command

    call_command("publish_scheduled", verbosity=0, stdout=io.StringIO())


def build(args, env, new):
    """Migrate, build the corpus and the indexes; return the build figures."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if not new:
        print("Reusing the corpus of an earlier run.", flush=True)
        planner_statistics()
        from articles.models import PageSnapshot
        from articles.reader.snapshots import render_key

        # A corpus built before stored links and snapshots existed, or whose snapshots' fragments
        # were rendered by other templates: rebuild them, as a deploy would.
        if not PageSnapshot.objects.exists() or PageSnapshot.objects.exclude(data__fragments_key=render_key()).exists():
            timed("rebuild_reader_links", lambda: call_command("rebuild_reader_links", verbosity=0, no_progress=True))
        try:
            marker = json.loads(done_marker(args, env).read_text())
        except ValueError:
            marker = {}
        return {
            f"{name} (built {marker.get('built_at', '?')})": figures
            for name, figures in marker.get("build", {}).items()
        }
    from bench import corpus

    def progress(done, total, seconds):
        if done % 2000 == 0 or done == total:
            print(f"  corpus: {done:,}/{total:,} articles, {done / seconds:.0f}/s", flush=True)

    print(f"Building {args.articles:,} articles…", flush=True)
    figures = {"corpus": corpus.build(args.articles, entities=args.entities, progress=progress)}
    _, seconds = timed("rebuild_search_index", lambda: call_command("rebuild_search_index", verbosity=0))
    figures["rebuild_search_index"] = {"seconds": round(seconds, 1), "articles/s": round(args.articles / seconds, 1)}
    # What a publication stores for the reader: related/neighbour links and page snapshots.
    _, seconds = timed(
        "rebuild_reader_links", lambda: call_command("rebuild_reader_links", verbosity=0, no_progress=True)
    )
    figures["rebuild_reader_links"] = {"seconds": round(seconds, 1), "articles/s": round(args.articles / seconds, 1)}
    if args.mentions == "all":
        _, seconds = timed("index_mentions --live", lambda: call_command("index_mentions", live=True, verbosity=0))
        figures["index_mentions --live"] = {
            "seconds": round(seconds, 1),
            "articles/s": round(args.articles / seconds, 1),
        }
    else:
        # Today's mention indexing costs about a second per article with 1,000 entities: time the
        # same function on a sample and extrapolate, unless --mentions all.
        from articles.entities.mention_index import index_mentions
        from articles.models import ArticleVersion

        sample = ArticleVersion.objects.filter(live_for__isnull=False).order_by("pk")[: args.mentions_sample]
        ids = list(sample.values_list("pk", flat=True))
        _, seconds = timed(
            f"index_mentions, {len(ids)} live versions",
            lambda: index_mentions(versions=ArticleVersion.objects.filter(pk__in=ids)),
        )
        rate = len(ids) / seconds
        figures[f"index_mentions (sample of {len(ids)})"] = {
            "seconds": round(seconds, 1),
            "articles/s": round(rate, 2),
            f"estimated for {args.articles:,}": f"{args.articles / rate:.0f} s",
        }
    planner_statistics()
    built_at = datetime.now(UTC).strftime("%H:%M UTC")
    done_marker(args, env).write_text(json.dumps({"built_at": built_at, "build": figures}))
    return figures


# The pages --------------------------------------------------------------------------------------


def pages(args):
    """Every measured page: name → {server, path, admin (needs the session), sql (count it)}."""
    from django.db.models import Count

    from articles.models import Article, Section, Tag
    from bench.corpus import PREFIX

    public = Article.objects.published().filter(slug__startswith=PREFIX).order_by("published_at", "pk")
    total = public.count()
    article = public[total // 2]
    section = Section.objects.annotate(n=Count("versions__live_for")).order_by("-n", "pk").first()
    tag = Tag.objects.annotate(n=Count("versions__live_for")).order_by("-n", "pk").first()

    def deep(count):
        return max(1, math.ceil(count / 20))

    found = {
        "article en, cache off": ("cold", f"/en/article/{article.slug}/"),
        "article zh, cache off": ("cold", f"/zh-hans/article/{article.slug}/"),
        "article en, cache warm": ("warm", f"/en/article/{article.slug}/"),
        "article en, nginx micro-cache": ("microcache", f"/en/article/{article.slug}/"),
        "bilingual, cache off": ("cold", f"/en/article/{article.slug}/bilingual/"),
    }
    for name, base, count in (
        ("home", "/en/", total),
        ("section", f"/en/section/{section.slug}/", section.n),
        ("tag", f"/en/tag/{tag.slug}/", tag.n),
    ):
        for sort in SORTS:
            found[f"{name} {sort} p1"] = ("cold", f"{base}?sort={sort}")
            found[f"{name} {sort} deep"] = ("cold", f"{base}?sort={sort}&page={deep(count)}")
    for language, query in SEARCHES.items():
        found[f"search {language}"] = ("cold", f"/{language}/search/?q={urllib.request.quote(query)}")
    found["feed rss en"] = ("cold", "/en/feeds/rss.xml")
    found["feed atom zh"] = ("cold", "/zh-hans/feeds/atom.xml")
    # The read API (docs/api.md): the list and one article in both languages.
    found["api articles list"] = ("cold", "/api/v1/articles/?language=en")
    found["api article"] = ("cold", f"/api/v1/articles/{article.slug}/")
    found["admin changelist"] = ("cold", "/admin/articles/article/")
    # The article's change link redirects to its current version's form: measure the form itself.
    found["admin change form"] = ("cold", f"/admin/articles/articleversion/{article.live_version_id}/change/")
    words = [word.strip() for word in args.only.split(",") if word.strip()]
    if words:
        found = {name: page for name, page in found.items() if any(word in name for word in words)}
    return article, total, {name: {"server": server, "path": path} for name, (server, path) in found.items()}


def count_sql(measured):
    """SQL statements of one request per page (after one unmeasured request), in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from articles.reader import page_cache
    from bench.corpus import admin_user

    reader = Client(HTTP_USER_AGENT=load.BROWSER_AGENT)
    staff = Client(HTTP_USER_AGENT=load.BROWSER_AGENT)
    staff.force_login(admin_user())
    counts = {}
    for name, page in measured.items():
        if page["server"] == "microcache":
            continue
        client = staff if name.startswith("admin") else reader
        warm = page["server"] == "warm"
        with override_settings(PAGE_CACHE_SECONDS=300 if warm else 0):
            page_cache.purge()
            first = client.get(page["path"])
            if first.status_code != 200:
                raise SystemExit(f"GET {page['path']} answered {first.status_code} in the SQL probe.")
            with CaptureQueriesContext(connection) as captured:
                client.get(page["path"])
        counts[name] = len(captured)
    return counts, staff.cookies["sessionid"].value


# Wagtail ----------------------------------------------------------------------------------------


def wagtail_python():
    venv = WORK / "wagtail-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        print("Creating the Wagtail venv (pip install wagtail gunicorn)…", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "wagtail>=7,<9", "gunicorn"], check=True)
    return python


def build_wagtail(args, secret):
    """Generate and fill the Wagtail site with the corpus' content; return (python, site, env, seconds)."""
    from articles.models import Article
    from bench.corpus import PREFIX

    python = wagtail_python()
    site = WORK / "wagtail-site"
    content = WORK / f"wagtail-content-{args.articles}.json"
    items = [
        {
            "slug": article.slug,
            "title": article.live_version.title_en,
            "summary": article.live_version.summary_en,
            "body": article.live_version.analysis_html_en,
            "tags": [tag.name_en for tag in article.live_version.tags.all()],
            "scores": [
                article.live_version.hot_score,
                article.live_version.quality_score,
                article.live_version.impact_score,
            ],
            "published_at": article.published_at.isoformat(),
        }
        for article in Article.objects.filter(slug__startswith=PREFIX)
        .select_related("live_version")
        .prefetch_related("live_version__tags")
        .order_by("published_at")
    ]
    content.write_text(json.dumps(items, ensure_ascii=False))
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL")},
        "DJANGO_SETTINGS_MODULE": "benchsite.settings.bench",
        "SECRET_KEY": secret,
        "WAGTAIL_DB": str(WORK / f"wagtail-{args.articles}.sqlite3"),
        "WAGTAIL_STATIC_ROOT": str(WORK / "wagtail-static"),
    }
    print("Building the Wagtail site…", flush=True)
    started = time.perf_counter()
    subprocess.run(
        [str(python), str(REPO / "bench" / "wagtail_site.py"), "--site", str(site), "--content", str(content)],
        env=env,
        check=True,
    )
    return python, site, env, time.perf_counter() - started


# Running ----------------------------------------------------------------------------------------


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers={"User-Agent": load.BROWSER_AGENT, **(headers or {})})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read()


def drain(url):
    """Wait until the server behind ``url`` has finished the requests wrk left in flight."""
    parts = urllib.parse.urlsplit(url)
    try:
        fetch(f"{parts.scheme}://{parts.netloc}/robots.txt")
    except OSError:
        pass  # the floor and the static server have no robots.txt: their queue is short anyway


def rotate(names, round_number):
    """``names`` starting at position ``round_number`` (wrapping): each round starts elsewhere."""
    if not names:
        return []
    shift = round_number % len(names)
    return names[shift:] + names[:shift]


def main(argv=None):
    args = parse_args(argv)
    if not load.wrk_available():
        print("wrk is not installed (apt-get install wrk): using the Python load generator instead.", flush=True)
    if shutil.which("nginx") is None:
        raise SystemExit("nginx is not installed (apt-get install nginx-light): the ceiling needs it.")
    WORK.mkdir(parents=True, exist_ok=True)
    logs = WORK / "logs"
    logs.mkdir(exist_ok=True)
    env = site_environment(args)
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection

    started_at = datetime.now(UTC)
    new = fresh_database(args, env)
    build_figures = build(args, env, new)
    if args.build_only:
        if not args.no_wagtail:
            build_wagtail(args, env["SECRET_KEY"])
        print("Built; run again with --reuse to measure.")
        return
    article, total, measured = pages(args)
    print(f"{total:,} published articles; counting SQL per page…", flush=True)
    sql, session = count_sql(measured)
    database = f"{connection.vendor} {connection.Database.sqlite_version if connection.vendor == 'sqlite' else connection.pg_version}"
    connection.close()
    notes = []
    running = []
    rounds = {}
    rss = {}
    pss = {}
    try:
        site = {"cwd": str(REPO), "python": sys.executable, "log_dir": logs, "workers": args.workers}
        cold_env = {**os.environ, "PAGE_CACHE_SECONDS": "0"}
        warm_env = {**os.environ, "PAGE_CACHE_SECONDS": "300"}
        # The site's servers read the committed gunicorn settings (preloading master, deploy/).
        config = REPO / "deploy" / "gunicorn.conf.py"
        cold = servers.gunicorn(
            "site-cache-off", wsgi="newsroom.wsgi", port=PORTS["cold"], env=cold_env, config=config, **site
        )
        running.append(cold)
        warm = servers.gunicorn(
            "site-cache-on", wsgi="newsroom.wsgi", port=PORTS["warm"], env=warm_env, config=config, **site
        )
        running.append(warm)
        body = fetch(f"http://127.0.0.1:{PORTS['cold']}{article.get_absolute_url()}")
        floor_db = WORK / "floor.sqlite3"
        floor_db.unlink(missing_ok=True)
        floor_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.floor.settings", "FLOOR_DB": str(floor_db)}
        subprocess.run(
            [sys.executable, "-m", "django", "migrate", "--run-syncdb", "-v0"], env=floor_env, cwd=REPO, check=True
        )
        import sqlite3

        with sqlite3.connect(floor_db) as floor_connection:
            floor_connection.execute("INSERT INTO floor_page (id, body) VALUES (1, ?)", (body.decode(),))
        floor = servers.gunicorn("floor", wsgi="bench.floor.wsgi", port=PORTS["floor"], env=floor_env, **site)
        running.append(floor)
        if fetch(f"http://127.0.0.1:{PORTS['floor']}/") != body:
            notes.append("The floor's bytes differ from the article page's.")
        nginx = servers.nginx(
            root=WORK / "nginx",
            static_port=PORTS["static"],
            microcache_port=PORTS["microcache"],
            upstream_port=PORTS["warm"],
            source=REPO / "deploy" / "nginx-microcache.conf",
            log_dir=logs,
            static_files={"article.html": body},
        )
        running.append(nginx)
        targets = {
            name: (f"http://127.0.0.1:{PORTS[page['server']]}{page['path']}", name.startswith("admin"))
            for name, page in measured.items()
        }
        targets[report.FLOOR] = (f"http://127.0.0.1:{PORTS['floor']}/", False)
        targets[report.CEILING] = (f"http://127.0.0.1:{PORTS['static']}/article.html", False)
        if not args.no_wagtail:
            python, wagtail_site, wagtail_env, seconds = build_wagtail(args, env["SECRET_KEY"])
            build_figures["wagtail site (generate, migrate, load)"] = {"seconds": round(seconds, 1)}
            wagtail = servers.gunicorn(
                "wagtail",
                wsgi="benchsite.wsgi",
                port=PORTS["wagtail"],
                env=wagtail_env,
                cwd=str(wagtail_site),
                python=python,
                log_dir=logs,
                workers=args.workers,
            )
            running.append(wagtail)
            base = f"http://127.0.0.1:{PORTS['wagtail']}/news/"
            targets["wagtail article"] = (f"{base}{article.slug}/", False)
            targets["wagtail listing p1"] = (base, False)
            targets["wagtail listing deep"] = (f"{base}?page={max(1, math.ceil(total / 20))}", False)
        for url, admin in targets.values():  # warm every worker's caches and code paths
            headers = {"Cookie": f"sessionid={session}"} if admin else None
            for _ in range(2):
                fetch(url, headers)
        names = list(targets)
        for round_number in range(args.rounds):
            print(f"Round {round_number + 1}/{args.rounds}", flush=True)
            for name in rotate(names, round_number * max(1, len(names) // args.rounds)):
                url, admin = targets[name]
                headers = {"Cookie": f"sessionid={session}"} if admin else None
                result = load.run(
                    url,
                    duration=args.duration,
                    connections=args.connections,
                    threads=args.threads,
                    headers=headers,
                )
                rounds.setdefault(name, []).append(result.as_dict())
                drain(url)
                print(
                    f"  {name:<32} {result.rps:>9.1f} req/s  p50 {result.p50_ms or 0:>8.1f} ms  p99 {result.p99_ms or 0:>8.1f} ms"
                    + (f"  errors {result.errors}" if result.errors else ""),
                    flush=True,
                )
        for server in running:
            if server.name != "nginx":
                rss[server.name] = servers.worker_rss(server)
                pss[server.name] = servers.worker_pss(server)
    finally:
        for server in reversed(running):
            server.stop()
    rows = report.summarise(rounds, sql=sql, wagtail_pairs=WAGTAIL_PAIRS, ceiling_pages=MICROCACHE_PAGES)
    result = {
        "date": started_at.strftime("%Y-%m-%d"),
        "started_at": started_at.isoformat(timespec="seconds"),
        "settings": {
            "command": "python -m bench " + " ".join(argv if argv is not None else sys.argv[1:]),
            "articles": args.articles,
            "entities": args.entities,
            "rounds": args.rounds,
            "duration": args.duration,
            "connections": args.connections,
            "threads": args.threads,
            "workers": args.workers,
            "article_bytes": len(body),
            "load_tool": "wrk" if load.wrk_available() else "python",
        },
        "environment": report.environment(database=database, repo=REPO),
        "build": build_figures,
        "pages": rows,
        "rss_mb": rss,
        "pss_mb": pss,
        "notes": notes,
    }
    print()
    print(report.markdown(result))
    md, js = report.write(result, args.out)
    print(f"Written: {md.relative_to(REPO) if md.is_relative_to(REPO) else md} and {js.name}")
