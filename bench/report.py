"""
Turning rounds of load results into the figures the harness prints and commits: medians over
rounds, ratios to the floor (and to Wagtail), the environment, Markdown and JSON.
"""

import json
import platform
import statistics
import subprocess
from pathlib import Path

FLOOR, CEILING = "floor", "ceiling"


def _median(values, digits):
    values = [v for v in values if v is not None]
    return round(float(statistics.median(values)), digits) if values else None


def median_result(results):
    """
    The median req/s, p50 and p99 of one page's rounds, and the errors summed. A round in which no
    request finished has no latency: it counts in req/s (as 0) but not in the percentiles.
    """
    return {
        "rps": _median((r["rps"] for r in results), 1),
        "p50_ms": _median((r["p50_ms"] for r in results), 2),
        "p99_ms": _median((r["p99_ms"] for r in results), 2),
        "errors": sum(r.get("errors", 0) for r in results),
        "rounds": len(results),
    }


def ratio(value, reference):
    """``value / reference`` rounded for display; None when there is no reference."""
    if not reference:
        return None
    return round(value / reference, 3)


def summarise(rounds, *, sql=None, wagtail_pairs=None, ceiling_pages=()):
    """
    ``rounds`` maps page name → the list of its per-round results (dicts with rps, p50_ms, p99_ms,
    errors). Returns one row per page with the medians, ``x_floor`` (req/s over the floor's) and,
    for pages listed in ``wagtail_pairs`` ({our page: Wagtail page}), ``x_wagtail``; for those in
    ``ceiling_pages``, ``x_ceiling`` (req/s over the static file's).
    """
    sql = sql or {}
    wagtail_pairs = wagtail_pairs or {}
    medians = {name: median_result(results) for name, results in rounds.items() if results}
    floor = medians.get(FLOOR, {}).get("rps")
    ceiling = medians.get(CEILING, {}).get("rps")
    rows = []
    for name, figures in medians.items():
        row = {"page": name, **figures, "sql": sql.get(name), "x_floor": ratio(figures["rps"], floor)}
        other = wagtail_pairs.get(name)
        if other in medians:
            row["x_wagtail"] = ratio(figures["rps"], medians[other]["rps"])
        if name in ceiling_pages:
            row["x_ceiling"] = ratio(figures["rps"], ceiling)
        rows.append(row)
    return rows


def _command(args):
    """What ``args`` prints (nginx -v writes to stderr); "" when it cannot run."""
    try:
        finished = subprocess.run(args, capture_output=True, text=True, check=False, timeout=10)
        return (finished.stdout or finished.stderr).strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""


def environment(*, database, repo):
    """What the numbers were measured on: CPU, cores, Python, Django, database, git commit."""
    import django

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    loadavg = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else []
    return {
        "cpu": cpu or platform.processor(),
        "cores": len([p for p in Path("/sys/devices/system/cpu").glob("cpu[0-9]*")]),
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": database,
        "wrk": (_command(["wrk", "--version"]) or "absent").splitlines()[0],
        "nginx": _command(["nginx", "-v"]).removeprefix("nginx version: ") or "absent",
        "commit": _command(["git", "-C", str(repo), "rev-parse", "--short", "HEAD"]),
        "branch": _command(["git", "-C", str(repo), "rev-parse", "--abbrev-ref", "HEAD"]),
        "load_average_at_start": loadavg,
    }


def _fmt(value, digits=1):
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


def markdown(result):
    """The result file's Markdown: settings, environment, the table, build times and memory."""
    env, settings = result["environment"], result["settings"]
    lines = [
        f"# Benchmark {result['date']}: {settings['articles']:,} articles, {env['database']}",
        "",
        f"`{settings['command']}`",
        "",
        f"- Load: wrk -t{settings['threads']} -c{settings['connections']} -d{settings['duration']}s per page and "
        f"round, {settings['rounds']} rounds, order rotated each round; figures are medians over rounds.",
        f"- Servers: gunicorn, {settings['workers']} sync workers each, DEBUG off, 127.0.0.1; floor = one-row "
        "plain Django view, ceiling = nginx static file, both with the article page's bytes "
        f"({settings['article_bytes']:,} bytes).",
        f"- Environment: {env['cpu']}, {env['cores']} cores, Python {env['python']}, Django {env['django']}, "
        f"{env['database']}, {env.get('wrk', 'wrk').split(' Copyright')[0]}, nginx {env.get('nginx', '?')}, commit {env['commit']} ({env['branch']}), load average at start "
        f"{' '.join(env['load_average_at_start'])}.",
        "",
        "| page | req/s | p50 ms | p99 ms | SQL | × floor | × Wagtail | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in result["pages"]:
        lines.append(
            f"| {row['page']} | {_fmt(row['rps'])} | {_fmt(row['p50_ms'])} | {_fmt(row['p99_ms'])} | "
            f"{_fmt(row.get('sql'))} | {_fmt(row.get('x_floor'), 3)} | {_fmt(row.get('x_wagtail'), 3)} | {row['errors']} |"
        )
    for row in result["pages"]:
        if row.get("x_ceiling") is not None:
            lines += ["", f"{row['page']}: {_fmt(row['x_ceiling'], 3)}× the static file (the ceiling)."]
    lines += ["", "## Build", ""]
    for name, figures in result["build"].items():
        lines.append(f"- {name}: " + ", ".join(f"{key} {value}" for key, value in figures.items()))
    lines += ["", "## Memory after the run (RSS per gunicorn worker, MB)", ""]
    for name, values in result["rss_mb"].items():
        lines.append(f"- {name}: {', '.join(_fmt(v) for v in values)}")
    if result.get("pss_mb"):
        lines += ["", "PSS per worker, MB (pages shared with the master and the other workers counted in part):", ""]
        for name, values in result["pss_mb"].items():
            lines.append(f"- {name}: {', '.join(_fmt(v) for v in values)}")
    if result.get("notes"):
        lines += ["", "## Notes", ""] + [f"- {note}" for note in result["notes"]]
    return "\n".join(lines) + "\n"


def write(result, directory):
    """Write ``<date>-<N>[-<db>].md`` and ``.json`` into ``directory``; return both paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    stem = f"{result['date']}-{result['settings']['articles']}"
    if result["environment"]["database"].split()[0].lower() != "sqlite":
        stem += "-" + result["environment"]["database"].split()[0].lower()
    md, js = directory / f"{stem}.md", directory / f"{stem}.json"
    md.write_text(markdown(result), encoding="utf-8")
    js.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return md, js
