"""
Time entity mention finding and linking with a large vocabulary, in memory (no database):

    manage.py bench_mentions --entities 1000 --articles 5

Builds ``--entities`` synthetic entities (an English and a Chinese name and alias each, a tenth
of them persons) and ``--articles`` analyses of about 1,500 words per language (real words in clauses) that
mention some of them, then reports the time per article to find every mention (the mention index and checks)
and to render the analysis with its first mentions linked (publication), and the process's
peak memory.
"""

import random
import resource
import statistics
import time

from django.core.management.base import BaseCommand
from django.utils.translation import override

from articles.entities.dictionary import plain_tokenizer, pos_tokenizer
from articles.entities.mentions import mentions_in_content, vocabulary_footprint
from articles.management.commands.bench_search import EN_WORDS, ZH_WORDS
from articles.reader.rendering import render_analysis

HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经"
SYLLABLES = "ka lo mi ra ne tu vo si de ba fu gi ho je ly mo pa qu re ta".split()


def _entities(rng, count):
    entities = []
    for i in range(count):
        latin = "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize() + f" {i}"
        han = "".join(rng.choice(HAN) for _ in range(3)) + str(i)
        entities.append(
            {
                "slug": f"entity-{i}",
                "kind": "person" if i % 10 == 0 else "company",
                "name": {"en": latin, "zh-hans": han},
                "aliases": {"en": [latin.upper()], "zh-hans": [han + "公司"]},
            }
        )
    return entities


def _analysis(rng, entities, language, words=1500):
    """About ``words`` words of prose in ``language`` (real words, clauses and paragraphs), mentioning a few entities."""
    parts = []
    for n in range(words):
        if rng.random() < 0.01:
            parts.append(rng.choice(entities)["name"][language])
        elif language == "en":
            parts.append(rng.choice(EN_WORDS))
        else:
            parts.append(rng.choice(ZH_WORDS))
        if n % 60 == 59:
            parts.append(".\n\n" if language == "en" else "。\n\n")
        elif n % 8 == 7:
            parts.append("," if language == "en" else "，")
    return (" " if language == "en" else "").join(parts)


class Command(BaseCommand):
    help = "Benchmark entity mention finding and linking with a large vocabulary (in memory)."

    def add_arguments(self, parser):
        parser.add_argument("--entities", type=int, default=1000)
        parser.add_argument("--articles", type=int, default=5)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, entities, articles, seed, **options):
        rng = random.Random(seed)
        vocabulary = _entities(rng, entities)
        texts = [{lang: _analysis(rng, vocabulary, lang) for lang in ("en", "zh-hans")} for _ in range(articles)]
        rss_start = _rss()
        plain_tokenizer()
        rss_jieba = _rss()
        pos_tokenizer()
        rss_tags = _rss()
        started = time.perf_counter()
        mentions_in_content(content={"en": {"title": "warm-up"}}, entities=vocabulary)
        mentions_in_content(content={"zh-hans": {"title": vocabulary[0]["name"]["zh-hans"]}}, entities=vocabulary)
        rss_vocabulary = _rss()
        warm = time.perf_counter() - started
        find, render, found = [], [], 0
        for text in texts:
            started = time.perf_counter()
            found += len(
                mentions_in_content(content={lang: {"analysis": t} for lang, t in text.items()}, entities=vocabulary)
            )
            find.append(time.perf_counter() - started)
            started = time.perf_counter()
            for lang, t in text.items():
                with override(lang):
                    render_analysis(t, language=lang, entities=vocabulary)
            render.append(time.perf_counter() - started)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(
            f"{entities} entities, {articles} articles (both languages): first call {warm:.2f} s; "
            f"find mentions {statistics.median(find) * 1000:.0f} ms/article (median, {found} found); "
            f"render with links {statistics.median(render) * 1000:.0f} ms/article (median); peak RSS {peak:.0f} MB"
        )
        self.stdout.write(
            f"memory: RSS {rss_start:.0f} MB before jieba's stock dictionary, +{rss_jieba - rss_start:.0f} MB for it, "
            f"+{rss_tags - rss_jieba:.0f} MB for its part-of-speech tables, "
            f"+{rss_vocabulary - rss_tags:.0f} MB for the vocabulary of {entities} entities; "
            f"vocabulary alone (tracemalloc) {vocabulary_footprint(vocabulary) / 2**20:.1f} MB"
        )


def _rss():
    """Resident memory of this process now, in MB (Linux /proc)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0
