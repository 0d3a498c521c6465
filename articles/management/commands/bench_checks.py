"""
Time the consistency report for one long bilingual article, in memory (no database).

    manage.py bench_checks                 # ~2,000 English words + the Chinese, 20 runs
    manage.py bench_checks --runs 50 --articles 2

The article is built from the demo content (the longest demo articles joined into one), checked
against every demo entity. Three numbers: the first run in the process (jieba loads its
dictionaries), warm runs with the per-text caches emptied before each run (a version nobody has
looked at yet: the number the < 200 ms target is about), and warm runs on the same text (the
same version seen again by the review screen, the admin page and the approval gate).
"""

import json
import re
import statistics
import time
from pathlib import Path

from django.core.management.base import BaseCommand

from articles.consistency.engine import check_content
from articles.consistency.quantities import _extract_cached
from articles.consistency.slots import _words
from articles.entities.mentions import forget_texts, pos_tags
from articles.entities.names import _names_in, _patterned_names

DEMO = Path(__file__).resolve().parents[2] / "demo_content" / "articles"
LIST_PARTS = ("tldr", "key_data", "insights", "faq")


def english_words(content):
    text = json.dumps(content.get("en") or {}, ensure_ascii=False)
    return len(re.findall(r"[A-Za-z]+(?:'[a-z]+)?", text))


def long_article(count):
    """The ``count`` longest bilingual demo articles joined into one ``(content, entities)``."""
    articles = [json.loads(path.read_text(encoding="utf-8")) for path in sorted(DEMO.glob("*.json"))]
    entities = list({e["slug"]: e for a in articles for e in a.get("entities") or []}.values())
    bilingual = [
        a for a in articles if all((a["content"].get(lang) or {}).get("analysis") for lang in ("en", "zh-hans"))
    ]
    chosen = sorted(bilingual, key=lambda a: english_words(a["content"]), reverse=True)[:count]
    content = {}
    for language in ("en", "zh-hans"):
        versions = [a["content"][language] for a in chosen]
        joined = {"title": versions[0]["title"], "summary": versions[0].get("summary", "")}
        joined["analysis"] = "\n\n".join(v.get("analysis") or "" for v in versions)
        for part in LIST_PARTS:
            joined[part] = [item for v in versions for item in v.get(part) or []]
        content[language] = joined
    return content, entities


def timed(function):
    """(wall, CPU) milliseconds of one call: on a shared machine the CPU time is the engine's own cost."""
    wall, cpu = time.perf_counter(), time.process_time()
    function()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def summary(runs):
    parts = []
    for label, times in (("wall", [w for w, _ in runs]), ("CPU", [c for _, c in runs])):
        times = sorted(times)
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        parts.append(f"{label} median {statistics.median(times):.0f} ms, p95 {p95:.0f} ms, max {times[-1]:.0f} ms")
    return "; ".join(parts)


class Command(BaseCommand):
    help = "Time the cross-language consistency report for a ~2,000-word bilingual article."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--articles", type=int, default=2, help="Demo articles joined into one (2 ≈ 2,000 words).")

    def handle(self, *args, runs, articles, **options):
        content, entities = long_article(articles)
        run = lambda: check_content(content=content, entities=entities)  # noqa: E731
        _clear()
        first = timed(run)
        chinese = len(re.findall(r"[\u3400-\u9fff]", json.dumps(content["zh-hans"], ensure_ascii=False)))
        self.stdout.write(
            f"Article: {english_words(content)} English words, {chinese} Chinese characters, "
            f"{len(entities)} entities; {len(run())} findings."
        )
        self.stdout.write(f"first run in the process (loads jieba): wall {first[0]:.0f} ms, CPU {first[1]:.0f} ms")
        fresh = []
        for _ in range(runs):
            _clear()
            fresh.append(timed(run))
        self.stdout.write(f"warm, text not seen before ({runs} runs): {summary(fresh)}")
        self.stdout.write(f"warm, same text again ({runs} runs): {summary([timed(run) for _ in range(runs)])}")


def _clear():
    pos_tags.cache_clear()
    _extract_cached.cache_clear()
    _patterned_names.cache_clear()
    _names_in.cache_clear()
    _words.cache_clear()
    forget_texts()
