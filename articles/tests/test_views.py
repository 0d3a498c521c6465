"""Reader pages through HTTP, in both languages: content, links, 404s and query counts."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles import workflow
from articles.models import Article, SlugRedirect
from articles.reader.context_processors import SECTIONS_KEY
from articles.reader.links import rebuild_links
from articles.reader.snapshots import rebuild_snapshots
from articles.tests.factories import (
    ArticleVersionFactory,
    EntityAliasFactory,
    EntityFactory,
    SectionFactory,
    TagFactory,
    published_article,
)
from articles.tests.reader_helpers import LANGUAGES, backdate, count_queries, get, rich_article

pytestmark = pytest.mark.django_db


def html(response):
    return response.content.decode()


def text_of(response):
    """The page's visible text with tags removed and whitespace collapsed."""
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html(response), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


# Languages and URLs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "target"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "/zh-hans/"),
        ("zh-TW", "/zh-hans/"),
        ("zh", "/zh-hans/"),
        ("en-US,en;q=0.9", "/en/"),
        ("fr-FR,fr;q=0.9", "/en/"),
        ("", "/en/"),
        ("en;q=0.1, zh-CN;q=0.9", "/zh-hans/"),
        ("zh;q=0.2, en;q=0.8", "/en/"),
        ("fr;q=1, zh-TW;q=0.5, en;q=0.4", "/zh-hans/"),
        ("zh;q=0, en", "/en/"),
    ],
)
def test_the_root_redirects_by_accept_language(client, accept, target):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == target
    assert "Accept-Language" in response["Vary"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_type_has_html_lang_hreflang_alternates_and_a_canonical_url(client, language):
    article = rich_article(2)
    version = article.live_version
    tag, entity = version.tags.first(), version.entities.first()
    paths = [
        "",
        f"section/{version.section.slug}/",
        f"tag/{tag.slug}/",
        f"entity/{entity.slug}/",
        f"article/{article.slug}/",
        f"article/{article.slug}/bilingual/",
    ]
    html_lang = {"en": "en", "zh-hans": "zh-Hans"}[language]
    for path in paths:
        response = get(client, f"/{language}/{path}")
        assert response.status_code == 200, path
        page = html(response)
        assert f'<html lang="{html_lang}">' in page
        assert f'<link rel="alternate" hreflang="en" href="http://testserver/en/{path}">' in page
        assert f'<link rel="alternate" hreflang="zh-Hans" href="http://testserver/zh-hans/{path}">' in page
        assert f'<link rel="alternate" hreflang="x-default" href="http://testserver/en/{path}">' in page
        canonical = path.replace("bilingual/", "")  # the bilingual page points at the article page
        assert f'<link rel="canonical" href="http://testserver/{language}/{canonical}">' in page


def test_the_language_switch_keeps_the_page_and_the_sort(client):
    section = SectionFactory()
    for _ in range(21):
        published_article(n_rows=0, section=section)
    response = get(client, f"/en/section/{section.slug}/?sort=trending&page=2")
    assert response.status_code == 200
    assert f'href="/zh-hans/section/{section.slug}/?sort=trending&amp;page=2" hreflang="zh-Hans"' in html(response)
    response = get(client, f"/zh-hans/section/{section.slug}/?sort=trending&page=2")
    assert f'href="/en/section/{section.slug}/?sort=trending&amp;page=2" hreflang="en"' in html(response)
    # The canonical URL keeps what selects the content.
    assert (
        f'<link rel="canonical" href="http://testserver/zh-hans/section/{section.slug}/?sort=trending&amp;page=2">'
        in html(response)
    )


def test_the_interface_is_translated_on_chinese_pages(client):
    article = rich_article(1, ai_generated=True)
    page = text_of(get(client, f"/zh-hans/article/{article.slug}/"))
    for label in ("深度分析", "核心数据", "深度解读", "行业启示", "常见问题", "热度", "质量", "影响力", "中英双语阅读"):
        assert label in page
    for english in ("Analysis", "Key Data", "Deep Analysis", "Industry Insights", "Read in both languages"):
        assert english not in page


# Article page --------------------------------------------------------------------------------


def test_the_article_page_reads_top_to_bottom_in_english(client):
    section = SectionFactory(slug="ai-news", name_en="AI News", name_zh_hans="AI资讯")
    llm = TagFactory(slug="llm", name_en="LLM", name_zh_hans="大模型")
    acme = EntityFactory(slug="acme", name_en="Acme", name_zh_hans="艾克米")
    article = published_article(section=section, tags=[llm], entities=[acme], ai_generated=True)
    backdate(article, published_hours_ago=5, updated_hours_ago=2)
    Article.objects.filter(pk=article.pk).update(views=47)
    page = text_of(get(client, f"/en/article/{article.slug}/"))
    expected_order = [
        "AI News",
        "5h ago",
        "Updated 2h ago",
        "47 views",  # this view is buffered: it shows after the next flush
        article.live_version.title_en,
        "A new fabrication plant comes online.",
        "Hot",
        "70",
        "Quality",
        "65",
        "Impact",
        "70",
        "Analysis",
        "TL;DR",
        "Point",
        "Key Data",
        "Entity",
        "Key Info",
        "Data/Metrics",
        "Acme",
        "Fab capacity",
        "1.6 GW",
        "Deep Analysis",
        "Why it matters",
        "Industry Insights",
        "Capacity follows demand.",
        "FAQ",
        "When does it open?",
        "Drafted with AI and edited by the newsroom",
        "LLM",
    ]
    position = 0
    for piece in expected_order:
        found = page.find(piece, position)
        assert found >= 0, f"{piece!r} missing or out of order"
        position = found + len(piece)


def test_the_article_page_reads_top_to_bottom_in_chinese(client):
    section = SectionFactory(slug="ai-news", name_en="AI News", name_zh_hans="AI资讯")
    llm = TagFactory(slug="llm", name_en="LLM", name_zh_hans="大模型")
    acme = EntityFactory(slug="acme", name_en="Acme", name_zh_hans="艾克米")
    article = published_article(section=section, tags=[llm], entities=[acme], ai_generated=True)
    backdate(article, published_hours_ago=5, updated_hours_ago=2)
    page = text_of(get(client, f"/zh-hans/article/{article.slug}/"))
    expected_order = [
        "AI资讯",
        "5小时前",
        "更新于 2小时前",
        "0 次阅读",  # this view is buffered: it shows after the next flush
        article.live_version.title_zh_hans,
        "一座新的晶圆厂投入运营。",
        "热度",
        "70",
        "质量",
        "65",
        "影响力",
        "70",
        "深度分析",
        "要点速览",
        "要点",
        "核心数据",
        "实体",
        "关键信息",
        "数据/指标",
        "艾克米",
        "晶圆厂产能",
        "1.6吉瓦",
        "深度解读",
        "为何重要",
        "行业启示",
        "产能随需求而动。",
        "常见问题",
        "何时开业？",
        "由 AI 起草，经编辑部编辑",
        "大模型",
    ]
    position = 0
    for piece in expected_order:
        found = page.find(piece, position)
        assert found >= 0, f"{piece!r} missing or out of order"
        position = found + len(piece)


def test_times_carry_the_absolute_time_in_datetime_and_tooltip(client):
    article = backdate(rich_article(1), published_hours_ago=5, updated_hours_ago=2)
    page = html(get(client, f"/en/article/{article.slug}/"))
    iso = article.published_at.isoformat()
    assert re.search(
        rf'<time datetime="{re.escape(iso)}" title="[^"]+UTC" data-reltime="published">5h ago</time>', page
    )
    assert f'<time datetime="{article.updated_at.isoformat()}"' in page


def test_updated_is_hidden_when_the_update_came_soon_after_publication(client):
    article = backdate(rich_article(1), published_hours_ago=5, updated_hours_ago=4.9)
    for language, word in (("en", "Updated"), ("zh-hans", "更新于")):
        assert word not in text_of(get(client, f"/{language}/article/{article.slug}/"))


def test_the_page_shows_only_the_live_version_while_a_draft_is_edited(client, editor):
    article = rich_article(1)
    draft = workflow.article_start_draft(article=article, by=editor)
    draft.title_en = "A draft headline readers must not see"
    draft.save()
    draft.tldr_items.update(text_en="Draft-only point")
    page = text_of(get(client, f"/en/article/{article.slug}/"))
    assert article.live_version.title_en in page
    assert "A draft headline" not in page and "Draft-only point" not in page


def test_faq_entries_are_details_and_key_data_entities_link_to_their_pages(client):
    article = rich_article(2)
    entity = article.live_version.entities.first()
    for language in LANGUAGES:
        page = html(get(client, f"/{language}/article/{article.slug}/"))
        assert page.count("<details>") == 2 and "<summary>" in page
        assert f'<a href="/{language}/entity/{entity.slug}/">' in page


def test_blank_rows_in_a_language_are_left_out(client):
    article = rich_article(2)
    article.live_version.faq_items.filter(position=1).update(question_zh_hans="", answer_zh_hans="")
    kept, blanked = article.live_version.tldr_items.order_by("position")
    article.live_version.tldr_items.filter(pk=blanked.pk).update(text_zh_hans=None)
    zh = html(get(client, f"/zh-hans/article/{article.slug}/"))
    en = html(get(client, f"/en/article/{article.slug}/"))
    assert zh.count("<details>") == 1 and en.count("<details>") == 2
    assert f"<li>{kept.text_zh_hans}</li>" in zh and f"<li>{blanked.text_zh_hans}</li>" not in zh
    assert f"<li>{blanked.text_en}</li>" in en


@pytest.mark.parametrize(("missing", "present"), [("en", "zh-hans"), ("zh-hans", "en")])
def test_an_article_without_the_current_language_shows_a_notice_and_is_left_out_of_listings(client, missing, present):
    column = {"en": "en", "zh-hans": "zh_hans"}[missing]
    article = rich_article(1, **{f"title_{column}": "", f"summary_{column}": ""})
    tag = article.live_version.tags.first()
    response = get(client, f"/{missing}/article/{article.slug}/")
    assert response.status_code == 200
    page = html(response)
    title = re.search(r"<title>(.*?)</title>", page).group(1)
    assert title.split("·")[0].strip()
    assert f'href="/{present}/article/{article.slug}/"' in page
    assert f'<link rel="canonical" href="http://testserver/{present}/article/{article.slug}/">' in page
    assert f'hreflang="{"en" if missing == "en" else "zh-Hans"}" href=' not in page.split("</head>")[0]
    for path in ("", f"tag/{tag.slug}/", f"section/{article.live_version.section.slug}/"):
        assert article.slug not in html(get(client, f"/{missing}/{path}"))
        assert article.slug in html(get(client, f"/{present}/{path}"))


def test_the_bilingual_mode_shows_both_versions_and_is_linked_from_the_article(client):
    article = rich_article(1)
    version = article.live_version
    for language in LANGUAGES:
        assert f'href="/{language}/article/{article.slug}/bilingual/"' in html(
            get(client, f"/{language}/article/{article.slug}/")
        )
        page = html(get(client, f"/{language}/article/{article.slug}/bilingual/"))
        assert version.title_en in page and version.title_zh_hans in page
        assert '<article class="article" lang="en">' in page and '<article class="article" lang="zh-Hans">' in page
        # Each column's labels are in its own language.
        assert "Deep Analysis" in page and "深度解读" in page


@pytest.mark.parametrize(("language", "first", "second"), [("en", "en", "zh-Hans"), ("zh-hans", "zh-Hans", "en")])
def test_the_bilingual_page_puts_its_own_language_first(client, language, first, second):
    # First in the document: the left column side by side, the top one when stacked on a phone.
    article = rich_article(1)
    page = html(get(client, f"/{language}/article/{article.slug}/bilingual/"))
    assert page.index(f'<article class="article" lang="{first}">') < page.index(
        f'<article class="article" lang="{second}">'
    )


def test_related_articles_share_entities_or_tags_and_neighbours_stay_in_the_section(
    client, django_capture_on_commit_callbacks
):
    section, other_section = SectionFactory(), SectionFactory()
    tag, entity = TagFactory(), EntityFactory()
    with django_capture_on_commit_callbacks(execute=True):  # links are computed on commit
        older = published_article(section=section, published_at=timezone.now() - datetime.timedelta(hours=9))
        current = published_article(
            section=section, tags=[tag], published_at=timezone.now() - datetime.timedelta(hours=5)
        )
        newer = published_article(section=section, published_at=timezone.now() - datetime.timedelta(hours=1))
        sharing_tag = published_article(section=other_section, tags=[tag])
        unrelated = published_article(section=other_section, entities=[entity])
    for language in LANGUAGES:
        response = get(client, f"/{language}/article/{current.slug}/")
        assert [a.pk for a in response.context["related"]] == [sharing_tag.pk]
        assert response.context["previous_article"].pk == older.pk
        assert response.context["next_article"].pk == newer.pk
        page = html(response)
        assert f'rel="prev" href="/{language}/article/{older.slug}/"' in page
        assert f'rel="next" href="/{language}/article/{newer.slug}/"' in page
        assert unrelated.slug not in page


def test_an_old_slug_redirects_permanently_to_the_current_address(client):
    article = rich_article(1)
    SlugRedirect.objects.create(old_slug="old-address", article=article)
    for language in LANGUAGES:
        response = get(client, f"/{language}/article/old-address/")
        assert response.status_code == 301
        assert response["Location"] == f"/{language}/article/{article.slug}/"
        response = get(client, f"/{language}/article/old-address/bilingual/")
        assert response["Location"] == f"/{language}/article/{article.slug}/bilingual/"


def test_drafts_scheduled_and_unpublished_articles_are_not_found(client, moderator):
    draft = ArticleVersionFactory()
    scheduled = ArticleVersionFactory()
    workflow.version_submit(version=scheduled)
    workflow.version_schedule(version=scheduled, at=timezone.now() + datetime.timedelta(hours=2))
    gone = rich_article(1)
    workflow.article_unpublish(article=gone)
    for slug in (draft.article.slug, scheduled.article.slug, gone.slug):
        for language in LANGUAGES:
            assert get(client, f"/{language}/article/{slug}/").status_code == 404


# Listings ------------------------------------------------------------------------------------


def test_listing_items_show_section_title_summary_times_scores_and_tags(client):
    article = backdate(rich_article(1), published_hours_ago=5, updated_hours_ago=2)
    version = article.live_version
    tag = version.tags.first()
    for language, words in (
        ("en", ("5h ago", "Updated 2h ago", "Hot", "Quality", "Impact")),
        ("zh-hans", ("5小时前", "更新于 2小时前", "热度", "质量", "影响力")),
    ):
        page = text_of(get(client, f"/{language}/"))
        column = "en" if language == "en" else "zh_hans"
        for piece in (
            getattr(version.section, f"name_{column}"),
            getattr(version, f"title_{column}"),
            getattr(version, f"summary_{column}"),
            getattr(tag, f"name_{column}"),
            *words,
        ):
            assert piece in page


def test_listings_paginate_twenty_items_a_page(client):
    section = SectionFactory()
    articles = [
        published_article(n_rows=0, section=section, published_at=timezone.now() - datetime.timedelta(minutes=i))
        for i in range(23)
    ]
    first = get(client, f"/en/section/{section.slug}/")
    assert [a.pk for a in first.context["page"].object_list] == [a.pk for a in articles[:20]]
    second = get(client, f"/zh-hans/section/{section.slug}/?page=2")
    assert [a.pk for a in second.context["page"].object_list] == [a.pk for a in articles[20:]]
    last_on_first = articles[19]
    cursor = f"{(last_on_first.published_at - datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)) // datetime.timedelta(microseconds=1)}_{last_on_first.pk}"
    assert f'rel="next" href="?sort=latest&amp;page=2&amp;after={cursor}"' in html(first)
    assert "第 2 页，共 2 页" in text_of(second)
    followed = get(client, f"/zh-hans/section/{section.slug}/?sort=latest&page=2&after={cursor}")
    assert [a.pk for a in followed.context["page"].object_list] == [a.pk for a in articles[20:]]
    assert 'rel="prev" href="?sort=latest&amp;page=1"' in html(followed)


def test_sort_tabs_order_by_scores(client):
    low = published_article(n_rows=0, quality_score=10, impact_score=90)
    high = published_article(n_rows=0, quality_score=90, impact_score=10)
    quality = get(client, "/en/?sort=quality").context["page"].object_list
    impact = get(client, "/zh-hans/?sort=impact").context["page"].object_list
    assert [a.pk for a in quality] == [high.pk, low.pk]
    assert [a.pk for a in impact] == [low.pk, high.pk]
    page = html(get(client, "/en/?sort=impact"))
    for key in ("latest", "trending", "quality", "impact"):
        assert f'href="?sort={key}"' in page
    assert 'href="?sort=impact" aria-current="page"' in page


def test_tag_section_and_entity_pages_list_their_own_articles(client):
    tag, entity, section = (
        TagFactory(),
        EntityFactory(description_en="Makes chips.", description_zh_hans="制造芯片。"),
        SectionFactory(),
    )
    EntityAliasFactory(entity=entity, language="en", alias="Acme Corp")
    tagged = published_article(n_rows=0, tags=[tag])
    mentioned = published_article(n_rows=0, entities=[entity])
    in_section = published_article(n_rows=0, section=section)
    for language in LANGUAGES:
        assert [a.pk for a in get(client, f"/{language}/tag/{tag.slug}/").context["page"].object_list] == [tagged.pk]
        assert [a.pk for a in get(client, f"/{language}/section/{section.slug}/").context["page"].object_list] == [
            in_section.pk
        ]
        response = get(client, f"/{language}/entity/{entity.slug}/")
        assert [a.pk for a in response.context["page"].object_list] == [mentioned.pk]
        page = text_of(response)
        assert entity.name_en in page and entity.name_zh_hans in page and "Acme Corp" in page
    assert "Company" in text_of(get(client, f"/en/entity/{entity.slug}/"))
    zh = text_of(get(client, f"/zh-hans/entity/{entity.slug}/"))
    assert "公司" in zh and "制造芯片。" in zh


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "path",
    [
        "article/no-such-article/",
        "article/no-such-article/bilingual/",
        "tag/no-such-tag/",
        "entity/nobody/",
        "section/nowhere/",
        "?page=0",
        "?page=2",
        "?page=abc",
        "?page=-1",
        "?sort=random",
        "?sort=",
        "no/such/page/",
    ],
)
def test_unknown_slugs_bad_pages_and_sorts_give_a_localized_404(client, language, path):
    published_article(n_rows=0)
    response = get(client, f"/{language}/{path}")
    assert response.status_code == 404
    assert ("Page not found" if language == "en" else "页面不存在") in text_of(response)


# Query counts ----------------------------------------------------------------------------------

# With the page cache off (as here; on, a page also reads the publication generation its key
# carries): navigation sections (1) on the first page only (then cached until a section changes), plus:
# listing: count + page + tags (3); a section/tag/entity page also loads its object (+1; entity +aliases).
# article: article + live version + section + page snapshot (1), then its links (related,
# previous, next: 1). The view count is buffered. docs/benchmarks.md and test_query_budget.py.
EXPECTED_QUERIES = {
    "home": 4,
    "section": 4,
    "tag": 4,
    "entity": 5,
    "detail": 2,
    "bilingual": 1,
}


def _page_paths(article):
    version = article.live_version
    return {
        "home": "",
        "section": f"section/{version.section.slug}/",
        "tag": f"tag/{version.tags.first().slug}/",
        "entity": f"entity/{version.entities.first().slug}/",
        "detail": f"article/{article.slug}/",
        "bilingual": f"article/{article.slug}/bilingual/",
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_query_counts_are_fixed_whatever_the_number_of_tags_entities_and_rows(
    client, language, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 0  # measure rendering, not the cache
    settings.VIEW_COUNT_FLUSH_SECONDS = 3600  # a due flush is one UPDATE per interval, not per page
    with django_capture_on_commit_callbacks(execute=True):  # snapshots and links are stored on commit
        small = rich_article(1)
    small_counts = {name: count_queries(client, f"/{language}/{path}") for name, path in _page_paths(small).items()}
    section = small.live_version.section
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            rich_article(1, section=section)
        big = rich_article(6, section=section)
    big.live_version.tags.add(small.live_version.tags.first())
    big.live_version.entities.add(small.live_version.entities.first())
    rebuild_snapshots()
    rebuild_links()
    cache.delete(SECTIONS_KEY)
    big_counts = {name: count_queries(client, f"/{language}/{path}") for name, path in _page_paths(big).items()}
    assert small_counts == big_counts == EXPECTED_QUERIES


@pytest.mark.parametrize(("language", "expected"), [("en", "11,350 views"), ("zh-hans", "11350 次阅读")])
def test_the_view_count_is_grouped_the_way_each_language_writes_numbers(client, language, expected):
    article = published_article()
    Article.objects.filter(pk=article.pk).update(views=11350)
    page = text_of(get(client, f"/{language}/article/{article.slug}/"))
    assert expected in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_latest_link_is_marked_current_on_the_home_page_only(client, language):
    tag, entity = TagFactory(slug="chips"), EntityFactory(slug="helix")
    article = published_article(tags=[tag], entities=[entity])
    latest = f'href="/{language}/" aria-current="page"'
    assert latest in get(client, f"/{language}/").content.decode()
    for path in ("tag/chips/", "entity/helix/", f"article/{article.slug}/"):
        assert latest not in get(client, f"/{language}/{path}").content.decode(), path
