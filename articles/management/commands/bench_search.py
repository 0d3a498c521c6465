"""
Time the search on a throwaway database: seed N published articles in both languages, index
them, then run a fixed set of queries and report median and 95th-percentile times.

    manage.py bench_search --articles 2000 --repeat 20
    DATABASE_URL=postgres://… manage.py bench_search      # the same on PostgreSQL

The throwaway database is Django's test database (``test_<name>``); the real one is not touched.
"""

import random
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import setup_test_environment, teardown_test_environment
from django.utils import timezone

EN_WORDS = (
    "model chip fab gigawatt datacenter inference training cluster robot agent benchmark startup funding "
    "regulation privacy safety open source weights token latency energy grid nuclear solar cooling memory "
    "bandwidth accelerator compiler dataset license lawsuit acquisition partnership cloud edge device phone "
    "vision speech translation search reasoning alignment evaluation leaderboard price subscription enterprise"
).split()
ZH_WORDS = (
    "模型 芯片 晶圆厂 吉瓦 数据中心 推理 训练 集群 机器人 智能体 基准 初创公司 融资 监管 隐私 安全 开源 权重 "
    "延迟 能源 电网 核电 光伏 散热 内存 带宽 加速器 编译器 数据集 许可 诉讼 收购 合作 云端 终端 手机 视觉 语音 "
    "翻译 搜索 推理能力 对齐 评测 排行榜 价格 订阅 企业"
).split()
COMPANIES = [("Acme", "艾克米"), ("Globex", "环球"), ("Initech", "英尼泰克"), ("Umbrella", "保护伞"), ("Hooli", "互利")]
QUERIES = {
    "en": ["chip", "gigawatts", "datacenter cooling", "open source model", "acme", "regulation privacy safety", "zzzz"],
    "zh-hans": ["芯片", "吉瓦", "数据中心 散热", "开源模型", "艾克米", "监管 隐私", "量子纠缠"],
}


SYLLABLES = "ka lo mi ra ne tu vo si de ba fu gi ho je ly mo pa qu re ta".split()
HAN_CHARS = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经"


def filler_en(rng):
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def filler_zh(rng):
    return rng.choice(HAN_CHARS) + rng.choice(HAN_CHARS)


def sentence(rng, words, n, joiner):
    """Mostly filler words, with about one topic word in twelve (so queries are selective)."""
    filler = filler_zh if joiner == "" else filler_en
    return joiner.join(rng.choice(words) if rng.random() < 0.08 else filler(rng) for _ in range(n))


class Command(BaseCommand):
    help = "Benchmark search on a throwaway database (seeds N articles, times queries)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000)
        parser.add_argument("--repeat", type=int, default=20)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options):
        setup_test_environment()
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        try:
            self.run(options)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            teardown_test_environment()

    def run(self, options):
        from articles import search, workflow
        from articles.models import Entity, EntityAlias, Section, Tag

        rng = random.Random(options["seed"])
        n = options["articles"]
        section = Section.objects.create(slug="news", name_en="News", name_zh_hans="新闻")
        tags = [
            Tag.objects.create(slug=f"tag-{i}", name_en=w, name_zh_hans=z)
            for i, (w, z) in enumerate(zip(EN_WORDS[:20], ZH_WORDS[:20], strict=True))
        ]
        entities = []
        for slug, (en, zh) in enumerate(COMPANIES):
            entity = Entity.objects.create(slug=f"company-{slug}", name_en=en, name_zh_hans=zh, kind="company")
            EntityAlias.objects.create(entity=entity, language="zh-hans", alias=f"{zh}公司")
            entities.append(entity)

        started = time.perf_counter()
        now = timezone.now()
        for i in range(n):
            version = workflow.article_create(slug=f"bench-{i}", section=section)
            version.title_en = sentence(rng, EN_WORDS, 7, " ").capitalize()
            version.title_zh_hans = sentence(rng, ZH_WORDS, 6, "")
            version.summary_en = sentence(rng, EN_WORDS, 25, " ") + "."
            version.summary_zh_hans = sentence(rng, ZH_WORDS, 20, "") + "。"
            version.analysis_en = "\n\n".join(sentence(rng, EN_WORDS, 60, " ") + "." for _ in range(5))
            version.analysis_zh_hans = "\n\n".join(sentence(rng, ZH_WORDS, 50, "") + "。" for _ in range(5))
            version.save()
            version.tags.set(rng.sample(tags, 3))
            version.entities.set(rng.sample(entities, 1))
            workflow.version_submit(version=version)
            workflow.version_publish(version=version, published_at=now - timezone.timedelta(minutes=i))
        seeded = time.perf_counter() - started

        started = time.perf_counter()
        rows = search.rebuild()
        rebuilt = time.perf_counter() - started
        self.stdout.write(
            f"{connection.vendor}: {n} articles seeded in {seeded:.1f}s; index rebuilt ({rows} rows) in {rebuilt:.2f}s "
            f"({1000 * rebuilt / max(rows, 1):.2f} ms/row)"
        )
        self.stdout.write(f"{'language':<9} {'query':<28} {'hits':>6} {'median ms':>10} {'p95 ms':>8}")
        for language, queries in QUERIES.items():
            for query in queries:
                timings = []
                for _ in range(options["repeat"]):
                    t0 = time.perf_counter()
                    results = search.search(query, language)
                    timings.append((time.perf_counter() - t0) * 1000)
                hits = results.paginator.count if results.paginator else 0
                timings.sort()
                p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
                self.stdout.write(
                    f"{language:<9} {query:<28} {hits:>6} {statistics.median(timings):>10.1f} {p95:>8.1f}"
                )
