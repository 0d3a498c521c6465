import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import search, workflow
from articles.models import Article, ArticleVersion
from articles.search import SearchFilters
from articles.search.backends import get_backend
from articles.search.segmentation import index_text, query_terms, refresh_vocabulary
from articles.tests.factories import (
    ArticleVersionFactory,
    EntityAliasFactory,
    EntityFactory,
    FaqItemFactory,
    SectionFactory,
    TagFactory,
    TldrItemFactory,
    published_article,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """A block whose on-commit side effects (the index updates) run at its end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def publish(commit):
    """Publish a full article through the workflow, with its on-commit side effects."""

    def _publish(**kwargs):
        with commit():
            return published_article(**kwargs)

    return _publish


def titles(results):
    return [a.live_version.title_en or a.live_version.title_zh_hans for a in results.results]


def slugs(query, language="en", filters=None, page=1):
    return [a.slug for a in search.search(query, language, filters, page).results]


# Segmentation ----------------------------------------------------------------------------------


def test_chinese_text_is_indexed_as_space_separated_words_with_two_character_pieces():
    text = index_text("芯片厂商开设晶圆厂")
    words = text.split()
    assert "芯片" in words and "厂商" in words and "晶圆厂" in words
    assert "晶圆" in words  # a two-character piece of a longer word


def test_english_text_is_indexed_unchanged():
    assert index_text("Gigawatts of power") == "Gigawatts of power"


def test_query_terms_ignore_operators_punctuation_and_stop_words():
    assert query_terms('"chip" AND (fab* OR -NEAR) the: ^x', "en") == ["chip", "fab", "near", "x"]
    assert query_terms("!!! ??? ---", "en") == []
    assert query_terms("", "zh-hans") == []
    assert len(query_terms("word " * 1000, "en")) == 1
    assert len(query_terms(" ".join(f"w{i}" for i in range(50)), "en")) == 12


def test_entity_aliases_are_words_for_the_chinese_segmenter():
    entity = EntityFactory(name_zh_hans="艾克米")
    EntityAliasFactory(entity=entity, language="zh-hans", alias="艾克米智算")
    assert "艾克米智算" in query_terms("艾克米智算发布新芯片", "zh-hans")


# What is found ---------------------------------------------------------------------------------


def test_a_published_article_is_found_by_title_in_english_case_insensitively(publish):
    article = publish(title_en="Chipmaker Opens Fab in Arizona")
    assert slugs("arizona") == [article.slug]
    assert slugs("ARIZONA chipmaker") == [article.slug]


def test_english_search_stems_plurals(publish):
    article = publish(summary_en="The site draws two gigawatts of power.")
    assert slugs("gigawatt") == [article.slug]
    other = publish(summary_en="A single gigawatt plant.")
    assert set(slugs("gigawatts")) == {article.slug, other.slug}


def test_a_chinese_two_character_word_is_found(publish):
    article = publish(title_zh_hans="英伟达发布新一代芯片", summary_zh_hans="产能将大幅提升。")
    assert slugs("芯片", "zh-hans") == [article.slug]
    assert slugs("产能", "zh-hans") == [article.slug]
    assert slugs("晶圆", "zh-hans") == [article.slug]  # inside 晶圆厂 (key data)
    assert slugs("量子", "zh-hans") == []


def test_a_chinese_entity_alias_finds_the_article(publish):
    entity = EntityFactory(name_zh_hans="艾克米", name_en="Acme")
    EntityAliasFactory(entity=entity, language="zh-hans", alias="艾克米智算")
    EntityAliasFactory(entity=entity, language="en", alias="Acme Compute")
    article = publish(entities=[entity], title_zh_hans="一家公司开设新工厂", title_en="A company opens a plant")
    assert slugs("艾克米智算", "zh-hans") == [article.slug]
    assert slugs("acme compute", "en") == [article.slug]


@pytest.mark.parametrize(
    ("language", "part", "query"),
    [
        ("en", "tldr", "turbines"),
        ("en", "faq", "warranty"),
        ("en", "analysis", "lithography"),
        ("en", "tag", "semiconductors"),
        ("zh-hans", "tldr", "涡轮"),
        ("zh-hans", "faq", "保修"),
        ("zh-hans", "analysis", "光刻"),
        ("zh-hans", "tag", "半导体"),
    ],
)
def test_every_indexed_part_is_searchable_in_each_language(commit, language, part, query):
    words = {
        "en": {
            "tldr": "New turbines arrive.",
            "faq": "Is there a warranty?",
            "analysis": "Lithography is hard.",
            "tag": "Semiconductors",
        },
        "zh-hans": {"tldr": "新的涡轮机到货。", "faq": "有保修吗？", "analysis": "光刻很难。", "tag": "半导体"},
    }[language]
    suffix = "en" if language == "en" else "zh_hans"
    tag = TagFactory(**{f"name_{suffix}": words["tag"]})
    version = ArticleVersionFactory(tags=[tag], **{f"analysis_{suffix}": words["analysis"]})
    TldrItemFactory(version=version, **{f"text_{suffix}": words["tldr"]})
    FaqItemFactory(version=version, **{f"question_{suffix}": words["faq"]})
    with commit():
        workflow.version_submit(version=version)
        workflow.version_publish(version=version)
    assert slugs(query, language) == [version.article.slug]


# Ranking, filters, pages -----------------------------------------------------------------------


def test_title_and_entity_matches_rank_above_body_matches_then_newest_first(publish):
    now = timezone.now()
    body_new = publish(analysis_en="Quantum chips are coming.", published_at=now - datetime.timedelta(hours=1))
    title_old = publish(title_en="Quantum leap for chips", published_at=now - datetime.timedelta(days=3))
    entity = EntityFactory(name_en="Quantum Labs")
    entity_mid = publish(entities=[entity], published_at=now - datetime.timedelta(days=2))
    summary_new = publish(summary_en="A quantum computer.", published_at=now - datetime.timedelta(minutes=5))
    assert slugs("quantum") == [entity_mid.slug, title_old.slug, summary_new.slug, body_new.slug]


def test_results_are_filtered_by_section_tag_entity_and_dates(publish):
    now = timezone.now()
    section = SectionFactory(slug="policy")
    tag = TagFactory(slug="energy")
    entity = EntityFactory(slug="gridco")
    a = publish(title_en="Grid storage one", section=section, published_at=now - datetime.timedelta(days=10))
    b = publish(title_en="Grid storage two", tags=[tag], published_at=now - datetime.timedelta(days=5))
    c = publish(title_en="Grid storage three", entities=[entity], published_at=now - datetime.timedelta(days=1))
    assert set(slugs("grid")) == {a.slug, b.slug, c.slug}
    assert slugs("grid", filters=SearchFilters(section="policy")) == [a.slug]
    assert slugs("grid", filters=SearchFilters(tag="energy")) == [b.slug]
    assert slugs("grid", filters=SearchFilters(entity="gridco")) == [c.slug]
    today = timezone.localdate()
    assert slugs("grid", filters=SearchFilters(date_from=today - datetime.timedelta(days=6))) == [c.slug, b.slug]
    assert slugs("grid", filters=SearchFilters(date_to=today - datetime.timedelta(days=6))) == [a.slug]


def test_results_are_paginated(publish):
    for _ in range(search.PAGE_SIZE + 3):
        publish(title_en="Robotics roundup")
    first = search.search("robotics", "en")
    second = search.search("robotics", "en", page=2)
    assert first.paginator.count == search.PAGE_SIZE + 3
    assert len(first.results) == search.PAGE_SIZE and len(second.results) == 3
    assert not {a.pk for a in first.results} & {a.pk for a in second.results}


def test_every_page_follows_the_tier_then_newest_order_when_tiers_are_larger_than_a_page(publish, monkeypatch):
    # Pages of two over seven matches: each tier is walked newest first and read only as deep as
    # the page needs, yet the pages join up into the full ranking with nothing missed or repeated.
    monkeypatch.setattr(search, "PAGE_SIZE", 2)
    now = timezone.now()

    def at(hours):
        return now - datetime.timedelta(hours=hours)

    # The newest summary-tier rows are title matches: the summary walk must look past them.
    title = [publish(title_en="Turbines for the grid", published_at=at(h)) for h in (1, 2)]
    summary = [publish(summary_en="New turbines ordered.", published_at=at(h)) for h in (3, 4, 5)]
    body = [publish(analysis_en="Turbines everywhere.", published_at=at(h)) for h in (0.5, 6)]
    expected = [a.slug for a in (*title, *summary, *body)]
    pages = [slugs("turbines", page=number) for number in (1, 2, 3, 4)]
    assert [slug for page in pages for slug in page] == expected
    assert [len(page) for page in pages] == [2, 2, 2, 1]
    assert search.search("turbines", "en", page=4).page.has_next() is False


def test_the_count_stops_past_the_result_cap_and_says_there_are_more(publish, monkeypatch):
    monkeypatch.setattr(search, "MAX_RESULTS", 3)
    for _ in range(4):
        publish(title_en="Photonics update")
    results = search.search("photonics", "en")
    assert results.paginator.count == 3 and results.more
    assert len(results.results) == 3
    assert search.count_matches(["photonics"], "en") == 4  # counted up to the cap and one more
    fewer = search.search("photonics", "en", SearchFilters(date_to=timezone.localdate() - datetime.timedelta(days=1)))
    assert fewer.paginator.count == 0 and not fewer.more


@pytest.mark.parametrize(("language", "query"), [("en", "fab"), ("zh-hans", "晶圆厂")])
def test_the_ranking_query_also_reads_the_newest_matches_as_a_sample_without_changing_the_page(
    publish, language, query, django_assert_num_queries
):
    now = timezone.now()
    articles = [publish(published_at=now - datetime.timedelta(hours=hours)) for hours in (3, 1, 2)]
    terms = query_terms(query, language)
    with django_assert_num_queries(1):
        ids, total, sample = search.ranked(terms, language, wanted=2, sample=2)
    assert sample == [articles[1].pk, articles[2].pk]  # newest first
    assert search.ranked(terms, language, wanted=2) == (ids, total, [])
    assert total == 3 and len(ids) == 2
    assert search.search(query, language, sample=5).sample == [articles[1].pk, articles[2].pk, articles[0].pk]


def test_a_page_past_the_end_shows_the_last_page(publish, monkeypatch):
    monkeypatch.setattr(search, "PAGE_SIZE", 2)
    articles = [
        publish(title_en="Lidar sensors", published_at=timezone.now() - datetime.timedelta(hours=h)) for h in (1, 2, 3)
    ]
    results = search.search("lidar", "en", page=40)
    assert results.page.number == 2 and [a.pk for a in results.results] == [articles[2].pk]
    assert search.search("lidar", "en", page="x").page.number == 1


def test_a_rescheduled_article_has_one_index_row_per_language_at_its_new_time(commit):
    version = ArticleVersionFactory(title_en="Seawater cooling", title_zh_hans="海水冷却")
    with commit():
        workflow.version_submit(version=version)
        workflow.version_schedule(version=version, at=timezone.now() + datetime.timedelta(hours=2))
    assert get_backend().count() == 2
    with commit():
        workflow.version_unschedule(version=version)
    assert get_backend().count() == 0
    with commit():
        workflow.version_publish(version=version)  # now, not in two hours: a new order key
    assert get_backend().count() == 2
    assert slugs("seawater") == [version.article.slug]
    assert slugs("海水", "zh-hans") == [version.article.slug]


def test_snippets_highlight_matches_escaped_in_the_page_language(publish):
    article = publish(
        summary_en="Power <b>draw</b> reaches two gigawatts at the site.",
        summary_zh_hans="该园区的<b>用电</b>达到两吉瓦。",
    )
    en = search.search("gigawatt", "en").results[0]
    assert en.pk == article.pk
    assert "<mark>gigawatts</mark>" in en.snippet
    assert "&lt;b&gt;draw&lt;/b&gt;" in en.snippet and "<b>" not in en.snippet
    zh = search.search("吉瓦", "zh-hans").results[0]
    assert "<mark>吉瓦</mark>" in zh.snippet and "gigawatt" not in zh.snippet
    assert "&lt;b&gt;" in zh.snippet


# Only public articles --------------------------------------------------------------------------


def test_drafts_scheduled_unpublished_and_untranslated_articles_are_never_found(publish, commit):
    live = publish(title_en="Fusion milestone", title_zh_hans="聚变里程碑")
    ArticleVersionFactory(title_en="Fusion draft", title_zh_hans="聚变草稿")
    version = ArticleVersionFactory(title_en="Fusion scheduled", title_zh_hans="聚变预定")
    with commit():
        workflow.version_submit(version=version)
        workflow.version_schedule(version=version, at=timezone.now() + datetime.timedelta(hours=2))
    gone = publish(title_en="Fusion retracted", title_zh_hans="聚变撤回")
    with commit():
        workflow.article_unpublish(article=gone)
    english_only = publish(title_en="Fusion english only", title_zh_hans="")
    assert set(slugs("fusion")) == {live.slug, english_only.slug}
    assert slugs("聚变", "zh-hans") == [live.slug]


def test_a_scheduled_article_is_found_once_its_time_has_come_without_reindexing(commit):
    version = ArticleVersionFactory(title_en="Orbital datacenter")
    with commit():
        workflow.version_submit(version=version)
        workflow.version_schedule(version=version, at=timezone.now() + datetime.timedelta(hours=2))
    assert slugs("orbital") == []
    Article.objects.filter(pk=version.article_id).update(published_at=timezone.now() - datetime.timedelta(minutes=1))
    assert slugs("orbital") == [version.article.slug]


def test_the_index_follows_a_new_live_version_and_unpublication(publish, commit):
    article = publish(title_en="Battery breakthrough")
    draft = workflow.article_start_draft(article=article)
    draft.title_en = "Solid state cells"
    draft.save()
    assert slugs("battery") == [article.slug]  # the draft changes nothing yet
    with commit():
        workflow.version_submit(version=draft)
        workflow.version_publish(version=draft)
    assert slugs("battery") == [] and slugs("solid") == [article.slug]
    with commit():
        workflow.article_unpublish(article=article)
    assert slugs("solid") == []
    assert get_backend().plain_texts([article.pk], "en") == {}


def test_a_stale_index_never_shows_an_unpublished_article(publish):
    article = publish(title_en="Stale entry")
    Article.objects.filter(pk=article.pk).update(live_version=None)  # as if the signal were lost
    assert slugs("stale") == []


def test_the_rebuild_command_indexes_every_live_article(publish):
    a = publish(title_en="Wind farm", title_zh_hans="风电场")
    b = publish(title_en="Wind turbine", title_zh_hans="")
    get_backend().clear()
    assert slugs("wind") == []
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))
    assert set(slugs("wind")) == {a.slug, b.slug}
    assert slugs("风电", "zh-hans") == [a.slug]
    assert get_backend().count() == 3


@pytest.mark.parametrize(
    "query",
    [
        "AND",
        "OR",
        "NOT",
        "NEAR",
        "chip AND",
        "OR chip",
        "NOT chip",
        "NEAR(chip fab)",
        "chip*",
        "*",
        '"',
        '"chip',
        'chip"fab"',
        "(",
        ")",
        "(chip",
        "title:chip",
        "title : chip",
        "^chip",
        "-chip",
        "chip -fab",
        "{title}: chip",
        "chip:*",
        "'",
        "''",
        "'; DROP TABLE articles_article; --",
        "\\",
        "%",
        "_",
        "chip & fab | !x",
        "a <-> b",
        "...",
        "!!!???",
        "————",
        "。，！",
        " ",
        "",
        "x" * 5000,
        "芯片 " * 2000,
        "\x00chip",
        "🤖 chip",
        "c++",
    ],
)
def test_any_query_returns_results_or_an_empty_page_never_an_error(publish, query):
    publish(title_en="Chip fab opens", title_zh_hans="芯片厂开业")
    for language in ("en", "zh-hans"):
        results = search.search(query, language)
        assert isinstance(results.results, list)
    assert slugs('"chip" AND fab*') == slugs("chip fab") != []


# Indexing in bulk ------------------------------------------------------------------------------

CHINESE_SAMPLE = (
    "艾克米智算周二宣布，将在亚利桑那州新建一座晶圆厂，计划产能为每月两万片。"
    "公司表示，新厂将采用最新的制程，预计明年投产；分析师认为此举将缓解芯片短缺。\n"
    "监管机构已要求公布安全评估结果，该结果预计将在本季度末之前发布。"
)


def test_the_bulk_segmenter_cuts_chinese_as_the_single_one_does_with_entity_words():
    entity = EntityFactory(name_zh_hans="艾克米")
    EntityAliasFactory(entity=entity, language="zh-hans", alias="艾克米智算")
    refresh_vocabulary()  # what every indexing call does first
    bulk = index_text(CHINESE_SAMPLE, bulk=True)
    assert bulk == index_text(CHINESE_SAMPLE)
    assert "艾克米智算" in bulk.split()


def test_rebuilding_writes_one_row_per_article_and_language_in_queries_that_do_not_grow(
    django_assert_max_num_queries,
):
    section = SectionFactory()
    for i in range(3):
        published_article(section=section, title_en=f"Small {i}", title_zh_hans=f"小{i}")
    with CaptureQueriesContext(connection) as few:
        search.rebuild()
    for i in range(6):
        published_article(section=section, title_en=f"More {i}", title_zh_hans=f"多{i}")
    with django_assert_max_num_queries(len(few)):
        assert search.rebuild() == 9 * 2
    assert get_backend().count() == 18


def test_indexing_many_articles_replaces_their_rows_and_leaves_the_others():
    kept = published_article(title_en="Kept wombat story")
    changed = [published_article(title_en=f"Changed {i}") for i in range(3)]
    search.rebuild()
    for article in changed:
        ArticleVersion.objects.filter(pk=article.live_version_id).update(title_en=f"Renamed quokka {article.pk}")
    search.index_articles([article.pk for article in changed])
    assert get_backend().count() == 4 * 2
    assert sorted(slugs("quokka")) == sorted(article.slug for article in changed)
    assert slugs("wombat") == [kept.slug]
