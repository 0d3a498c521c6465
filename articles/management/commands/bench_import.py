"""
Time ingest on a throwaway database: write a corpus of N articles in the exchange format (about
1,500-word analyses in both languages, tags and entities from a vocabulary of ``--entities``),
import it with ``import_articles --publish`` (mentions, checks, links and the search index
complete when it returns), then time ``rebuild_search_index``.

    manage.py bench_import --articles 100 --entities 1000
    DATABASE_URL=postgres://… manage.py bench_import      # the same on PostgreSQL
    manage.py bench_import --articles 40 --parts          # and the CPU seconds of each part of the import

The throwaway database is Django's test database (``test_<name>``); the real one is not touched.
"""

import collections
import functools
import importlib
import json
import random
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import setup_test_environment, teardown_test_environment

from articles.management.commands.bench_mentions import _analysis, _entities


def corpus(rng, articles, vocabulary):
    tags = [{"slug": f"tag-{i}", "name": {"en": f"Tag {i}", "zh-hans": f"标签{i}"}} for i in range(40)]
    out = []
    for i in range(articles):
        named = rng.sample(vocabulary, 3)
        content = {}
        for language in ("en", "zh-hans"):
            content[language] = {
                "title": f"{named[0]['name'][language]} story {i}",
                "summary": f"{named[1]['name'][language]} " + ("summary." if language == "en" else "摘要。"),
                "tldr": [f"{e['name'][language]} point" for e in named],
                "key_data": [{"entity": named[0]["slug"], "info": "Capacity", "metric": f"{i} GW"}],
                "analysis": _analysis(rng, named, language),
                "insights": ["Demand follows capacity." if language == "en" else "需求跟随产能。"],
                "faq": [
                    {"q": "When?" if language == "en" else "何时？", "a": "Now." if language == "en" else "现在。"}
                ],
            }
        out.append(
            {
                "slug": f"bench-{i}",
                "section": {"slug": "news", "name": {"en": "News", "zh-hans": "新闻"}},
                "published_at": f"2026-11-{1 + i % 28:02d}T{i % 24:02d}:00:00Z",
                "scores": {"hot": rng.randint(0, 100), "quality": rng.randint(0, 100), "impact": rng.randint(0, 100)},
                "tags": rng.sample(tags, 3),
                "entities": named,
                "content": content,
            }
        )
    return out


# The parts of an import timed by --parts: (module, function, other modules that imported it by name).
PARTS = [
    ("articles.exchange.importing", "_save_article", ()),
    ("articles.workflow", "_render", ()),
    ("articles.entities.linking", "link_first_mentions", ()),
    ("articles.reader.rendering", "render_markdown", ()),
    ("articles.entities.dictionary", "plain_tokenizer", ()),
    ("articles.entities.dictionary", "pos_tokenizer", ()),
    ("articles.workflow", "_begin", ()),
    ("articles.workflow", "version_submit", ()),
    ("articles.exchange.importing", "_write_version", ()),
    ("articles.exchange.importing", "entity_upsert", ()),
    ("articles.workflow.after_commit", "jobs_run_batch", ()),
    ("articles.images.cards", "article_cards_make", ()),
    ("articles.images.renditions", "version_renditions_make", ()),
    ("articles.entities.mention_index", "reindex_versions", ()),
    ("articles.search", "index_articles", ("articles.search.receivers",)),
    ("articles.reader.snapshots", "store_snapshots", ()),
    ("articles.reader.links", "refresh_articles_links", ()),
]


@contextmanager
def timed_parts(parts=PARTS):
    """Count CPU seconds and calls of each part while the block runs (module attributes patched, then restored)."""
    seconds, calls, patched = collections.Counter(), collections.Counter(), []

    def timed(name, function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                seconds[name] += time.process_time() - started
                calls[name] += 1

        return wrapper

    for module_name, attribute, importers in parts:
        module = importlib.import_module(module_name)
        original = getattr(module, attribute)
        wrapper = timed(f"{module_name}.{attribute}", original)
        for holder in [module, *map(importlib.import_module, importers)]:
            patched.append((holder, attribute, getattr(holder, attribute)))
            setattr(holder, attribute, wrapper)
    try:
        yield seconds, calls
    finally:
        for holder, attribute, original in reversed(patched):
            setattr(holder, attribute, original)


def _create_entities(vocabulary):
    from articles.models import Entity, EntityAlias

    created = Entity.objects.bulk_create(
        Entity(slug=e["slug"], kind=e["kind"], name_en=e["name"]["en"], name_zh_hans=e["name"]["zh-hans"])
        for e in vocabulary
    )
    EntityAlias.objects.bulk_create(
        EntityAlias(entity=entity, language=language, alias=alias)
        for entity, e in zip(created, vocabulary, strict=True)
        for language, aliases in e["aliases"].items()
        for alias in aliases
    )


class Command(BaseCommand):
    help = "Benchmark import_articles --publish and rebuild_search_index on a throwaway database."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=100)
        parser.add_argument("--entities", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=3)
        parser.add_argument(
            "--parts", action="store_true", help="Also print the CPU seconds of each part of the import (nested)."
        )

    def handle(self, *args, **options):
        setup_test_environment()
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        try:
            self.run(options)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            teardown_test_environment()

    def run(self, options):
        rng = random.Random(options["seed"])
        vocabulary = _entities(rng, options["entities"])
        n = options["articles"]
        with tempfile.TemporaryDirectory() as directory:
            _create_entities(vocabulary)  # the newsroom's existing vocabulary
            path = Path(directory) / "corpus.json"
            path.write_text(json.dumps(corpus(rng, n, vocabulary), ensure_ascii=False), encoding="utf-8")
            with timed_parts(PARTS if options["parts"] else []) as (seconds, calls):
                started, cpu = time.perf_counter(), time.process_time()
                call_command(
                    "import_articles", str(path), publish=True, no_progress=True, stdout=open("/dev/null", "w")
                )
                imported, imported_cpu = time.perf_counter() - started, time.process_time() - cpu
        started, cpu = time.perf_counter(), time.process_time()
        call_command("rebuild_search_index", no_progress=True, stdout=open("/dev/null", "w"))
        rebuilt, rebuilt_cpu = time.perf_counter() - started, time.process_time() - cpu
        # CPU seconds of this process too: on a shared machine the wall clock measures the load.
        self.stdout.write(
            f"{connection.vendor}: import_articles --publish of {n} articles ({options['entities']} entities in the "
            f"vocabulary): {imported:.1f} s, {n / imported:.1f} articles/s (CPU {imported_cpu:.1f} s, "
            f"{n / imported_cpu:.1f} articles per CPU second); rebuild_search_index: {rebuilt:.1f} s, "
            f"{n / rebuilt:.1f} articles/s (CPU {rebuilt_cpu:.1f} s, {n / rebuilt_cpu:.1f} per CPU second)"
        )
        for name, total in seconds.most_common():
            self.stdout.write(f"  {total:7.2f} CPU s {calls[name]:6d} calls  {name}")
