"""
The benchmark corpus: N published articles written in bulk, in a throwaway database.

Articles are created with ``bulk_create`` (about 10 statements per batch of 200) instead of the
workflow, because the workflow indexes search and mentions on every publication and that is what
issue 15 measures separately: after the bulk load, ``run`` calls the real ``rebuild_search_index``
and ``index_mentions --live`` commands and reports their time. What a publication stores is
reproduced here: an approved version with both languages' Markdown rendered by the one render
function, the ``live_version`` pointer and the publication time. Slugs start with ``bench-``.
"""

import random
import time
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from articles.entities.vocabulary import invalidate_entities_payload
from articles.models import (
    Article,
    ArticleVersion,
    Entity,
    EntityAlias,
    FaqItem,
    Insight,
    KeyDataRow,
    Section,
    Tag,
    TldrItem,
)
from articles.reader.rendering import render_analysis

PREFIX = "bench-"
SEED = 20260601
SECTIONS = 8
TAGS_PER_ARTICLE, ENTITIES_PER_ARTICLE = 4, 4
TLDR_ROWS, KEY_DATA_ROWS, INSIGHT_ROWS, FAQ_ROWS = 4, 5, 3, 4
BATCH = 200
ADMIN_USERNAME = "bench-admin"

# Sentences with slots; an analysis is ~75 of them (≈1,500 English words) under a few headings.
EN_SENTENCES = [
    "{a} said on {day} that it would expand capacity by {n} percent over the next year, citing demand from large customers.",
    "The move follows months of testing with partners, and {b} is expected to answer with a plan of its own before the summer.",
    "Analysts at several banks note that supply has been tight since the start of the year and that prices have risen for every buyer.",
    "According to people familiar with the matter, the first sites will open in two regions, with more to follow if the trial holds up.",
    "{a} did not disclose the cost, but earlier filings put similar projects at between {n} and {m} billion dollars each.",
    "Regulators have asked for the results of the safety review, which is due to be published before the end of the quarter.",
    "The company also said that existing contracts would not change, a point that matters to customers who signed last year.",
    "Competition has sharpened as {b} and {c} both announced their own roadmaps, each promising faster delivery and lower running costs.",
    "Engineers involved in the project describe the main challenge as power: each new hall needs about {n} megawatts at peak.",
    "Investors reacted calmly, and the shares closed little changed after an early rise of {n} percent in morning trading.",
    "The decision is part of a broader shift in the industry from building the largest possible models to serving them cheaply.",
    "Critics argue that the plan depends on chips that are still scarce and on permits that local authorities have been slow to grant.",
    "{c} has been working on a similar design for two years and says its first units are already running in a test facility.",
    "In a statement, the chief executive of {a} called the expansion a long-term bet on open standards and shared infrastructure.",
    "The numbers suggest that demand will keep outpacing supply at least until {year}, when several new plants come online.",
    "Customers in finance and health care have been the earliest adopters, largely because they need to keep data in the country.",
    "Labour groups have raised concerns about working conditions at the construction sites, which {a} says it is addressing.",
    "The new systems are said to cut energy use per task by about {n} percent compared with the previous generation.",
    "For smaller firms the change may lower prices, although the largest buyers will still negotiate their own terms.",
    "{b} declined to comment on the announcement but pointed to its recent results, which showed revenue up {n} percent.",
]
EN_HEADINGS = [
    "What changed",
    "Why it matters",
    "The numbers",
    "Who is affected",
    "What the critics say",
    "What to watch",
]
ZH_SENTENCES = [
    "{a}于{day}表示，将在明年把产能提高{n}%，理由是大客户的需求持续增长。",
    "此举是在与合作伙伴测试数月之后作出的，预计{b}将在夏季之前公布自己的计划。",
    "多家银行的分析师指出，自年初以来供应一直紧张，所有买家面临的价格都在上涨。",
    "据知情人士透露，首批站点将在两个地区开放，如果试点顺利，还将有更多站点跟进。",
    "{a}没有披露成本，但此前的文件显示，类似项目的投资在每个{n}亿至{m}亿美元之间。",
    "监管机构已要求公布安全评估结果，该结果预计将在本季度末之前发布。",
    "公司还表示，现有合同不会改变，这一点对去年签约的客户尤为重要。",
    "随着{b}和{c}相继公布各自的路线图，竞争日趋激烈，双方都承诺更快的交付和更低的运营成本。",
    "参与该项目的工程师表示，主要挑战在于电力：每个新机房在高峰时需要约{n}兆瓦。",
    "投资者反应平静，股价在早盘上涨{n}%之后收盘时几乎没有变化。",
    "这一决定是行业更广泛转变的一部分：从构建尽可能大的模型转向以低成本提供服务。",
    "批评者认为，该计划依赖仍然稀缺的芯片，以及地方政府迟迟未能批准的许可。",
    "{c}两年来一直在研究类似的设计，并表示其首批设备已在测试设施中运行。",
    "{a}首席执行官在声明中称，此次扩张是对开放标准和共享基础设施的长期押注。",
    "数据显示，至少在{year}年之前需求将持续超过供应，届时几座新工厂将投入运营。",
    "金融和医疗行业的客户是最早的采用者，主要是因为他们需要把数据留在国内。",
    "劳工团体对施工现场的工作条件表示担忧，{a}表示正在处理这些问题。",
    "据称，新系统与上一代相比，每项任务的能耗降低约{n}%。",
    "对于较小的公司来说，这一变化可能会降低价格，但最大的买家仍将自行谈判条款。",
    "{b}拒绝对这一消息发表评论，但提到了其最近的业绩，显示收入增长了{n}%。",
]
ZH_HEADINGS = ["有何变化", "为何重要", "数据", "谁受影响", "批评者怎么说", "值得关注"]


def analysis(rng, names, language, *, sentences=75):
    """A Markdown analysis of about 1,500 English words (or the Chinese equivalent) naming ``names``."""
    pool, headings = (EN_SENTENCES, EN_HEADINGS) if language == "en" else (ZH_SENTENCES, ZH_HEADINGS)
    day = "Monday" if language == "en" else "周一"
    values = {"a": names[0], "b": names[1], "c": names[2], "day": day, "year": 2027 + rng.randint(0, 3)}
    parts, paragraph = [], []
    heading = 0
    for i in range(sentences):
        paragraph.append(rng.choice(pool).format(n=rng.randint(5, 95), m=rng.randint(100, 400), **values))
        if len(paragraph) == 5:
            parts.append((" " if language == "en" else "").join(paragraph))
            paragraph = []
            if i % 15 == 14 and heading < len(headings):
                parts.append(f"## {headings[heading]}")
                heading += 1
    if paragraph:
        parts.append((" " if language == "en" else "").join(paragraph))
    bullets = "\n".join(f"- {rng.choice(pool).format(n=rng.randint(5, 95), m=200, **values)}" for _ in range(3))
    parts.insert(2, bullets)
    parts.insert(5, "> " + rng.choice(pool).format(n=rng.randint(5, 95), m=200, **values))
    return "\n\n".join(parts)


def _vocabulary(*, tags, entities):
    sections = Section.objects.bulk_create(
        Section(slug=f"{PREFIX}section-{i}", name_en=f"Section {i}", name_zh_hans=f"栏目{i}", position=i)
        for i in range(SECTIONS)
    )
    tag_rows = Tag.objects.bulk_create(
        Tag(slug=f"{PREFIX}tag-{i}", name_en=f"Topic {i}", name_zh_hans=f"话题{i}") for i in range(tags)
    )
    kinds = [kind for kind, _label in Entity.Kind.choices]
    entity_rows = Entity.objects.bulk_create(
        Entity(
            slug=f"{PREFIX}entity-{i}",
            kind=kinds[i % len(kinds)],
            name_en=f"Company {i}",
            name_zh_hans=f"公司{i}号",
        )
        for i in range(entities)
    )
    EntityAlias.objects.bulk_create(
        alias
        for i, entity in enumerate(entity_rows)
        for alias in (
            EntityAlias(entity=entity, language="en", alias=f"C{i} Group"),
            EntityAlias(entity=entity, language="zh-hans", alias=f"C{i}集团"),
        )
    )
    invalidate_entities_payload()
    return sections, tag_rows, entity_rows


def admin_user():
    """The superuser whose session the harness uses for the admin pages (created once)."""
    user, created = get_user_model().objects.get_or_create(
        username=ADMIN_USERNAME, defaults={"is_staff": True, "is_superuser": True, "email": "bench@example.com"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def build(count, *, tags=200, entities=1000, progress=None):
    """
    Create ``count`` published articles (slugs ``bench-000000``…) and their vocabulary; return
    ``{"articles", "seconds", "rate"}``. Refuses a database that already holds articles.
    """
    if Article.objects.exists():
        raise RuntimeError("The benchmark corpus is built only into an empty (throwaway) database.")
    started = time.perf_counter()
    rng = random.Random(SEED)
    admin = admin_user()
    with transaction.atomic():
        sections, tag_rows, entity_rows = _vocabulary(tags=tags, entities=entities)
    templates = rendered_templates(rng)
    now = timezone.now()
    through_tags = ArticleVersion.tags.through
    through_entities = ArticleVersion.entities.through
    for start in range(0, count, BATCH):
        numbers = range(start, min(start + BATCH, count))
        with transaction.atomic():
            articles = Article.objects.bulk_create(
                Article(
                    slug=f"{PREFIX}{n:06d}",
                    created_at=now - timedelta(hours=count - n, minutes=5),
                    # One article an hour, the newest an hour ago: none is scheduled.
                    published_at=now - timedelta(hours=count - n),
                    views=rng.randint(0, 5000),
                )
                for n in numbers
            )
            versions, picks = [], []
            for n, article in zip(numbers, articles, strict=True):
                chosen_tags = rng.sample(tag_rows, TAGS_PER_ARTICLE)
                chosen_entities = rng.sample(entity_rows, ENTITIES_PER_ARTICLE)
                picks.append((chosen_tags, chosen_entities))
                versions.append(_version(rng, n, article, rng.choice(sections), chosen_entities, templates, admin))
            ArticleVersion.objects.bulk_create(versions)
            for article, version in zip(articles, versions, strict=True):
                article.live_version = version
            Article.objects.bulk_update(articles, ["live_version"])
            through_tags.objects.bulk_create(
                through_tags(articleversion_id=version.pk, tag_id=tag.pk)
                for version, (chosen, _entities) in zip(versions, picks, strict=True)
                for tag in chosen
            )
            through_entities.objects.bulk_create(
                through_entities(articleversion_id=version.pk, entity_id=entity.pk)
                for version, (_tags, chosen) in zip(versions, picks, strict=True)
                for entity in chosen
            )
            _rows(versions, picks)
        if progress:
            progress(min(start + BATCH, count), count, time.perf_counter() - started)
    seconds = time.perf_counter() - started
    return {"articles": count, "seconds": round(seconds, 2), "rate": round(count / seconds, 1)}


# Rendering with entity linking costs ~0.5 s per Chinese analysis today (jieba tagging per text),
# which would make 100,000 articles take half a day. The corpus therefore renders TEMPLATES analyses
# once, through the real render function, naming three placeholder entities, and gives each article
# one of them with the placeholders replaced by its own entities' names and slugs: the same HTML the
# render function would produce for that text.
TEMPLATES = 24
PLACEHOLDERS = [
    {
        "slug": f"bench-placeholder-{key}",
        "kind": "company",
        "name": {"en": en, "zh-hans": zh},
        "aliases": {"en": [], "zh-hans": []},
    }
    for key, en, zh in (
        ("a", "Aldermoor", "阿德莫尔"),
        ("b", "Brightwell", "布莱特维尔"),
        ("c", "Castellan", "卡斯特兰"),
    )
]


def rendered_templates(rng):
    """``TEMPLATES`` pairs of {language: (markdown, html)} naming the placeholder entities."""
    names = {language: [entry["name"][language] for entry in PLACEHOLDERS] for language in ("en", "zh-hans")}
    templates = []
    for _ in range(TEMPLATES):
        pair = {}
        for language in ("en", "zh-hans"):
            text = analysis(rng, names[language], language)
            pair[language] = (text, render_analysis(text, language=language, entities=PLACEHOLDERS))
        templates.append(pair)
    return templates


def _fill(template, entities, language):
    text, html = template
    for placeholder, entity in zip(PLACEHOLDERS, entities, strict=False):
        name = entity.name_en if language == "en" else entity.name_zh_hans
        text = text.replace(placeholder["name"][language], name)
        html = html.replace(placeholder["name"][language], name).replace(f"/{placeholder['slug']}/", f"/{entity.slug}/")
    return text, html


def _version(rng, n, article, section, entities, templates, admin):
    template = templates[n % len(templates)]
    (text_en, html_en), (text_zh, html_zh) = (_fill(template[lang], entities, lang) for lang in ("en", "zh-hans"))
    names = {"en": [entity.name_en for entity in entities], "zh-hans": [entity.name_zh_hans for entity in entities]}
    lead = names["en"][0], names["zh-hans"][0]
    return ArticleVersion(
        article=article,
        number=1,
        state=ArticleVersion.State.APPROVED,
        section=section,
        title_en=f"{lead[0]} expands capacity as rivals race to catch up, story {n}",
        title_zh_hans=f"{lead[1]}扩大产能，竞争对手加紧追赶（第{n}篇）",
        summary_en=f"{lead[0]} plans a larger rollout after a successful trial; rivals are expected to follow within a quarter.",
        summary_zh_hans=f"{lead[1]}在试点成功后计划扩大推广，预计竞争对手将在一个季度内跟进。",
        analysis_en=text_en,
        analysis_zh_hans=text_zh,
        analysis_html_en=html_en,
        analysis_html_zh_hans=html_zh,
        hot_score=rng.randint(0, 100),
        quality_score=rng.randint(0, 100),
        impact_score=rng.randint(0, 100),
        ai_generated=n % 3 == 0,
        created_by=admin,
        approved_by=admin,
        approved_at=article.published_at,
        go_live_at=article.published_at,
        submitted_at=article.published_at,
    )


def _rows(versions, picks):
    TldrItem.objects.bulk_create(
        TldrItem(
            version=v,
            position=i,
            text_en=f"Point {i + 1}: capacity grows this year.",
            text_zh_hans=f"要点{i + 1}：今年产能增长。",
        )
        for v in versions
        for i in range(TLDR_ROWS)
    )
    KeyDataRow.objects.bulk_create(
        KeyDataRow(
            version=v,
            position=i,
            entity=entities[i % len(entities)],
            info_en="Planned capacity",
            info_zh_hans="计划产能",
            metric_en=f"{i + 1}.5 GW",
            metric_zh_hans=f"{i + 1}.5吉瓦",
        )
        for v, (_tags, entities) in zip(versions, picks, strict=True)
        for i in range(KEY_DATA_ROWS)
    )
    Insight.objects.bulk_create(
        Insight(
            version=v,
            position=i,
            text_en=f"Insight {i + 1}: demand leads supply, and power is the constraint that decides who ships first.",
            text_zh_hans=f"洞察{i + 1}：需求领先于供给，电力是决定谁先交付的约束。",
        )
        for v in versions
        for i in range(INSIGHT_ROWS)
    )
    FaqItem.objects.bulk_create(
        FaqItem(
            version=v,
            position=i,
            question_en=f"Question {i + 1}: when will the new capacity be available?",
            question_zh_hans=f"问题{i + 1}：新产能何时可用？",
            answer_en="The company expects the first sites to open next year, with the rest following in stages.",
            answer_zh_hans="公司预计首批站点明年开放，其余分阶段跟进。",
        )
        for v in versions
        for i in range(FAQ_ROWS)
    )
