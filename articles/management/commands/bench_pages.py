"""
``manage.py bench_pages``: latency and query counts of the reader pages, in process.

Run it only against a throwaway database (see docs/benchmarks.md)::

    SQLITE_PATH=/tmp/bench.sqlite3 .venv/bin/python manage.py migrate
    SQLITE_PATH=/tmp/bench.sqlite3 .venv/bin/python manage.py bench_pages --seed --articles 500

``--seed`` creates the missing benchmark articles (slugs ``bench-…``) through the workflow. The
command refuses to run when the database holds any article it did not create, so it never
writes into a real site. Requests go through ``django.test.Client`` (no network). Cold requests
purge the page cache first (the same generation bump publishing does); warm ones are served from
it. Article pages send a browser User-Agent, so every request counts a view (buffered, see counting.py).
"""

import html
import random
import re
import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries
from django.db.models import Count
from django.http.request import validate_host
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from articles import workflow
from articles.languages import LANGUAGE_CODES, column
from articles.models import Article, ArticleVersion, Entity, FaqItem, Insight, KeyDataRow, Section, Tag, TldrItem
from articles.reader import page_cache
from articles.reader.ranking import SORTS
from articles.reader.views import PAGE_SIZE

PREFIX = "bench-"
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"
# Taxonomy sizes and rows per article, close to the demo content.
SECTIONS, TAGS, ENTITIES = 6, 30, 60
TAGS_PER_ARTICLE, ENTITIES_PER_ARTICLE = 3, 3
TLDR_ROWS, KEY_DATA_ROWS, INSIGHT_ROWS, FAQ_ROWS = 4, 4, 3, 3
PUBLISH_SAMPLES = 20

ANALYSIS = {
    "en": (
        "{name} announced the change on **{day}**, after months of testing with [partners](https://example.com/{n}).\n\n"
        "## What changed\n\n"
        "- Capacity grows by {n} percent over the year.\n- Prices stay the same for existing customers.\n"
        "- A public review follows in the spring.\n\n"
        "## Why it matters\n\n"
        "Supply has been tight since the start of the year, and every large buyer competes for the same "
        "hardware. {name} is betting that a steady roadmap wins more contracts than a faster but riskier one. "
        "Analysts expect rivals to answer within a quarter.\n\n"
        "> The next twelve months decide who sets the standard.\n\n"
        "## What to watch\n\n"
        "Regulators have asked for the test results, and the first independent audit is due before the "
        "summer. If it holds up, the rollout widens to every region by the end of the year."
    ),
    "zh-hans": (
        "{name}在**{day}**宣布了这一变化，此前已与[合作伙伴](https://example.com/{n})测试数月。\n\n"
        "## 有何变化\n\n"
        "- 全年产能增长{n}%。\n- 现有客户价格不变。\n- 春季将进行公开评审。\n\n"
        "## 为何重要\n\n"
        "年初以来供应一直紧张，所有大买家都在争夺同样的硬件。{name}押注稳定的路线图比更快但风险更大的路线赢得更多合同。"
        "分析人士预计竞争对手将在一个季度内作出回应。\n\n"
        "> 未来十二个月将决定谁来制定标准。\n\n"
        "## 值得关注\n\n"
        "监管机构已要求提供测试结果，首次独立审计将在夏季前完成。如果结果站得住脚，年底前将推广到所有地区。"
    ),
}


def percentile(values, fraction):
    """The nearest-rank percentile of ``values`` (``fraction`` in 0–1)."""
    ordered = sorted(values)
    rank = max(1, round(fraction * len(ordered) + 0.5))
    return ordered[min(rank, len(ordered)) - 1]


def ms(seconds):
    return f"{seconds * 1000:.1f}"


class Command(BaseCommand):
    help = "Measure reader page latency (cold and warm cache) and SQL queries in a throwaway database."

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles", type=int, default=200, help="Benchmark articles to create with --seed (default 200)."
        )
        parser.add_argument(
            "--requests", type=int, default=30, help="Timed requests per page, language and cache state (default 30)."
        )
        parser.add_argument("--seed", action="store_true", help="Create the missing benchmark articles first.")

    def handle(self, *args, articles, requests, seed, **options):
        if articles < 1 or requests < 1:
            raise CommandError("--articles and --requests must be at least 1.")
        foreign = Article.objects.exclude(slug__startswith=PREFIX).count()
        if foreign:
            raise CommandError(
                f"This database holds {foreign} article(s) not created by bench_pages. Run the benchmark against a "
                "throwaway database, e.g. SQLITE_PATH=/tmp/bench.sqlite3 (migrate it first)."
            )
        first_publish = self.seed(articles) if seed else []
        if not Article.objects.filter(slug__startswith=PREFIX).exists():
            raise CommandError("No benchmark articles in this database yet: run with --seed.")

        total = Article.objects.published().count()
        self.stdout.write(
            f"Database: {connection.vendor}; cache: {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}; "
            f"{total} published articles; {requests} timed requests per cell.\n"
        )
        self.stdout.write(
            "| Page | Language | Cold median ms | Cold p95 ms | Warm median ms | Warm p95 ms | Queries cold | Queries warm |"
        )
        self.stdout.write("|---|---|---:|---:|---:|---:|---:|---:|")
        client = Client(HTTP_USER_AGENT=USER_AGENT, HTTP_HOST=self.host())
        with override_settings(DEBUG=False):
            for name, language, url in self.pages():
                row = self.measure(client, url, requests)
                self.stdout.write(
                    f"| {name} | {language} | {ms(row['cold_median'])} | {ms(row['cold_p95'])} | "
                    f"{ms(row['warm_median'])} | {ms(row['warm_p95'])} | {row['cold_queries']} | {row['warm_queries']} |"
                )
            updates = self.time_update_publish(min(PUBLISH_SAMPLES, requests))
        self.stdout.write("")
        if first_publish:
            self.stdout.write(
                f"workflow.version_publish, first publication: median {ms(statistics.median(first_publish))} ms "
                f"over {len(first_publish)} articles"
            )
        self.stdout.write(
            f"workflow.version_publish, update of a live article: median {ms(statistics.median(updates))} ms "
            f"over {len(updates)} articles"
        )

    # Seeding ----------------------------------------------------------------------------------

    def seed(self, count):
        """Create ``bench-00000`` … up to ``count`` articles, published through the workflow; return publish times."""
        rng = random.Random(20240601)
        sections = [self.named(Section, i, "Section", "栏目", position=i) for i in range(SECTIONS)]
        tags = [self.named(Tag, i, "Topic", "话题") for i in range(TAGS)]
        kinds = [kind for kind, _label in Entity.Kind.choices]
        entities = [self.named(Entity, i, "Company", "公司", kind=kinds[i % len(kinds)]) for i in range(ENTITIES)]
        existing = set(Article.objects.filter(slug__startswith=PREFIX).values_list("slug", flat=True))
        now = timezone.now()
        timings = []
        for n in range(count):
            slug = f"{PREFIX}{n:05d}"
            picked_tags = rng.sample(tags, TAGS_PER_ARTICLE)
            picked_entities = rng.sample(entities, ENTITIES_PER_ARTICLE)
            section = rng.choice(sections)
            if slug in existing:
                continue
            version = workflow.article_create(slug=slug, section=section)
            self.fill(version, n, picked_tags, picked_entities, rng)
            workflow.version_submit(version=version)
            started = time.perf_counter()
            workflow.version_publish(version=version, published_at=now - timezone.timedelta(hours=count - n))
            timings.append(time.perf_counter() - started)
        if timings:
            self.stdout.write(f"Seeded {len(timings)} article(s).")
        return timings

    @staticmethod
    def named(model, i, english, chinese, **extra):
        obj, _created = model.objects.get_or_create(
            slug=f"{PREFIX}{model.__name__.lower()}-{i}",
            defaults={"name_en": f"{english} {i}", "name_zh_hans": f"{chinese}{i}", **extra},
        )
        return obj

    @staticmethod
    def fill(version, n, tags, entities, rng):
        names = {"en": entities[0].name_en, "zh-hans": entities[0].name_zh_hans}
        for language in LANGUAGE_CODES:
            name = names[language]
            english = language == "en"
            texts = {
                "title": f"{name} expands capacity, story {n}" if english else f"{name}扩大产能（第{n}篇）",
                "summary": (
                    f"{name} plans a larger rollout after a successful trial; rivals are expected to follow."
                    if english
                    else f"{name}在试点成功后计划扩大推广，预计竞争对手将跟进。"
                ),
                "analysis": ANALYSIS[language].format(name=name, n=n % 90 + 5, day="Monday" if english else "周一"),
            }
            for field, text in texts.items():
                setattr(version, column(field, language), text)
        version.hot_score, version.quality_score, version.impact_score = (rng.randint(20, 100) for _ in range(3))
        version.ai_generated = n % 3 == 0
        version.save()
        version.tags.set(tags)
        version.entities.set(entities)
        TldrItem.objects.bulk_create(
            TldrItem(version=version, position=i, text_en=f"Point {i + 1} of the story.", text_zh_hans=f"要点{i + 1}。")
            for i in range(TLDR_ROWS)
        )
        KeyDataRow.objects.bulk_create(
            KeyDataRow(
                version=version,
                position=i,
                entity=entities[i % len(entities)],
                info_en="Capacity",
                info_zh_hans="产能",
                metric_en=f"{i + 1}.5 GW",
                metric_zh_hans=f"{i + 1}.5吉瓦",
            )
            for i in range(KEY_DATA_ROWS)
        )
        Insight.objects.bulk_create(
            Insight(
                version=version,
                position=i,
                text_en=f"Insight {i + 1}: demand leads supply.",
                text_zh_hans=f"洞察{i + 1}：需求领先于供给。",
            )
            for i in range(INSIGHT_ROWS)
        )
        FaqItem.objects.bulk_create(
            FaqItem(
                version=version,
                position=i,
                question_en=f"Question {i + 1}?",
                question_zh_hans=f"问题{i + 1}？",
                answer_en="The company has not said yet.",
                answer_zh_hans="公司尚未说明。",
            )
            for i in range(FAQ_ROWS)
        )
        workflow.version_saved(version=version)

    # Measuring --------------------------------------------------------------------------------

    @staticmethod
    def host():
        """A host name the site accepts (the test client's own, when allowed)."""
        if validate_host("testserver", settings.ALLOWED_HOSTS):
            return "testserver"
        return settings.ALLOWED_HOSTS[0].lstrip(".").replace("*", "bench")

    @staticmethod
    def busiest(model, relation):
        """The ``bench-`` taxonomy item with the most published articles (the fullest listing)."""
        return model.objects.filter(slug__startswith=PREFIX).annotate(n=Count(relation)).order_by("-n", "pk").first()

    def pages(self):
        published = Article.objects.published().filter(slug__startswith=PREFIX).order_by("published_at", "pk")
        article = published[published.count() // 2]
        with override(LANGUAGE_CODES[0]):
            last_page = max(1, -(-Article.objects.public().count() // PAGE_SIZE))
        section, tag, entity = (self.busiest(model, "versions__live_for") for model in (Section, Tag, Entity))
        for language in LANGUAGE_CODES:
            with override(language):
                yield "home", language, reverse("articles:home")
                # The first and the last page of each sort: a deep page should cost what page 1 does.
                for sort in SORTS:
                    home = reverse("articles:home")
                    yield f"home {sort} p1", language, f"{home}?sort={sort}"
                    if last_page > 1:
                        yield f"home {sort} p{last_page} (?page=N)", language, f"{home}?sort={sort}&page={last_page}"
                        yield f"home {sort} p{last_page} (rel=next)", language, self.deep_url(home, sort, last_page)
                yield "section", language, reverse("articles:section", kwargs={"slug": section.slug})
                yield "tag", language, reverse("articles:tag", kwargs={"slug": tag.slug})
                yield "entity", language, reverse("articles:entity", kwargs={"slug": entity.slug})
                yield "article", language, reverse("articles:detail", kwargs={"slug": article.slug})
                yield "bilingual", language, reverse("articles:bilingual", kwargs={"slug": article.slug})

    def deep_url(self, path, sort, number):
        """Page ``number`` of a listing as a reader reaches it: by following the pager's rel=next links."""
        url = f"{path}?sort={sort}"
        client = Client(HTTP_HOST=self.host())
        for _ in range(number - 1):
            found = re.search(r'rel="next" href="([^"]+)"', self.get(client, url).content.decode())
            if found is None:
                raise CommandError(f"GET {url} has no rel=next link.")
            url = path + html.unescape(found.group(1))
        return url

    def get(self, client, url):
        response = client.get(url)
        if response.status_code != 200:
            raise CommandError(f"GET {url} answered {response.status_code}; expected 200.")
        return response

    def measure(self, client, url, requests):
        self.get(client, url)  # warm up the code paths (templates, translations) once
        cold = []
        for _ in range(requests):
            page_cache.purge()
            started = time.perf_counter()
            self.get(client, url)
            cold.append(time.perf_counter() - started)
        page_cache.purge()
        reset_queries()  # the query log is bounded (9000): a full one would capture nothing
        with CaptureQueriesContext(connection) as captured:
            self.get(client, url)
        cold_queries = len(captured)  # read now: the next request clears the query log
        warm = []
        for _ in range(requests):
            started = time.perf_counter()
            response = self.get(client, url)
            warm.append(time.perf_counter() - started)
            if response.get("X-Page-Cache") != "hit":
                raise CommandError(f"GET {url} was not served from the page cache on a warm request.")
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            self.get(client, url)
        warm_queries = len(captured)
        return {
            "cold_median": statistics.median(cold),
            "cold_p95": percentile(cold, 0.95),
            "warm_median": statistics.median(warm),
            "warm_p95": percentile(warm, 0.95),
            "cold_queries": cold_queries,
            "warm_queries": warm_queries,
        }

    @staticmethod
    def time_update_publish(count):
        """Publish a new version of ``count`` live benchmark articles; return each ``version_publish`` time."""
        timings = []
        for article in (
            Article.objects.published().filter(slug__startswith=PREFIX).order_by("-published_at", "-pk")[:count]
        ):
            draft = workflow.article_start_draft(article=article)
            if draft.state != ArticleVersion.State.DRAFT:
                continue  # an earlier run left a draft in another state: leave it alone
            workflow.version_submit(version=draft)
            started = time.perf_counter()
            workflow.version_publish(version=draft)
            timings.append(time.perf_counter() - started)
        return timings
