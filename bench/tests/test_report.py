"""Ratios, medians over rounds and the written result files (no load is generated here)."""

import json

from bench import report
from bench.run import rotate


def figures(rps, p50=10.0, p99=20.0, errors=0):
    return {"rps": rps, "p50_ms": p50, "p99_ms": p99, "errors": errors}


def rounds():
    return {
        "floor": [figures(800), figures(1000), figures(900)],
        "article": [figures(90, 80, 300), figures(100, 70, 200), figures(80, 90, 400, errors=2)],
        "wagtail article": [figures(200), figures(180), figures(220)],
        "ceiling": [figures(9000)],
    }


def by_page(rows):
    return {row["page"]: row for row in rows}


def test_each_page_is_the_median_of_its_rounds_with_errors_summed():
    row = by_page(report.summarise(rounds()))["article"]
    assert (row["rps"], row["p50_ms"], row["p99_ms"], row["errors"], row["rounds"]) == (90, 80, 300, 2, 3)


def test_every_page_is_divided_by_the_floors_median():
    rows = by_page(report.summarise(rounds()))
    assert (rows["article"]["x_floor"], rows["floor"]["x_floor"], rows["ceiling"]["x_floor"]) == (0.1, 1.0, 10.0)


def test_paired_pages_are_divided_by_their_wagtail_counterpart_only():
    rows = by_page(report.summarise(rounds(), wagtail_pairs={"article": "wagtail article"}))
    assert rows["article"]["x_wagtail"] == 0.45
    assert "x_wagtail" not in rows["floor"]


def test_without_a_floor_there_is_no_ratio():
    data = rounds()
    del data["floor"]
    assert by_page(report.summarise(data))["article"]["x_floor"] is None


def test_sql_counts_are_attached_to_their_pages():
    rows = by_page(report.summarise(rounds(), sql={"article": 7}))
    assert (rows["article"]["sql"], rows["floor"]["sql"]) == (7, None)


def test_rotation_starts_each_round_at_another_page_and_keeps_them_all():
    names = ["a", "b", "c", "d"]
    assert rotate(names, 1) == ["b", "c", "d", "a"]
    assert rotate(names, 6) == ["c", "d", "a", "b"]
    assert rotate([], 3) == []


def result(database="sqlite 3.40.1"):
    return {
        "date": "2026-12-03",
        "settings": {
            "command": "python -m bench --articles 200",
            "articles": 200,
            "rounds": 3,
            "duration": 5,
            "connections": 8,
            "threads": 2,
            "workers": 2,
            "article_bytes": 41234,
        },
        "environment": {
            "cpu": "Test CPU",
            "cores": 2,
            "python": "3.11.7",
            "django": "5.2",
            "database": database,
            "wrk": "wrk 4.1 [epoll] Copyright (C) 2012 Will Glozer",
            "nginx": "1.22",
            "commit": "abc1234",
            "branch": "bench",
            "load_average_at_start": ["1.00", "0.50", "0.25"],
        },
        "build": {"corpus": {"articles": 200, "seconds": 4.0, "rate": 50.0}},
        "pages": report.summarise(rounds(), sql={"article": 7}),
        "rss_mb": {"site-cache-off": [120.5, 118.25]},
        "notes": [],
    }


def test_results_are_written_as_markdown_and_json_named_by_date_and_size(tmp_path):
    md, js = report.write(result(), tmp_path)
    assert (md.name, js.name) == ("2026-12-03-200.md", "2026-12-03-200.json")
    assert json.loads(js.read_text())["pages"][1]["page"] == "article"
    text = md.read_text()
    assert "| article | 90.0 | 80.0 | 300.0 | 7 | 0.100 | – | 2 |" in text
    assert (
        "Test CPU, 2 cores, Python 3.11.7, Django 5.2, sqlite 3.40.1, wrk 4.1 [epoll], nginx 1.22, commit abc1234"
        in text
    )
    assert "- site-cache-off: 120.5, 118.2" in text


def test_a_postgresql_result_gets_its_own_file(tmp_path):
    md, _js = report.write(result(database="postgresql 150020"), tmp_path)
    assert md.name == "2026-12-03-200-postgresql.md"


def test_a_round_without_finished_requests_counts_in_throughput_but_not_in_latency():
    data = {"floor": [figures(100)], "search": [figures(4, 900, 1500), figures(0, None, None), figures(2, 700, 1100)]}
    row = by_page(report.summarise(data))["search"]
    assert (row["rps"], row["p50_ms"], row["p99_ms"]) == (2, 800, 1300)


def test_the_micro_cached_page_is_also_divided_by_the_static_file():
    rows = by_page(report.summarise(rounds(), ceiling_pages=("article",)))
    assert (rows["article"]["x_ceiling"], "x_ceiling" in rows["floor"]) == (0.01, False)
