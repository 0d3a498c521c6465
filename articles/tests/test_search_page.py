import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from articles import search
from articles.tests.factories import EntityFactory, SectionFactory, TagFactory, published_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    def _publish(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return published_article(**kwargs)

    return _publish


def search_url(language):
    with override(language):
        return reverse("articles:search")


def test_every_page_header_carries_the_search_form_in_its_language(client, publish):
    article = publish()
    for language, path in (("en", "/en/"), ("zh-hans", "/zh-hans/"), ("en", f"/en/article/{article.slug}/")):
        html = client.get(path).content.decode()
        assert f'action="{search_url(language)}"' in html
        assert 'name="q"' in html


@pytest.mark.parametrize(
    ("language", "query", "title", "summary", "expected"),
    [
        ("en", "gigawatts", "Datacenter expansion", "The campus will draw two gigawatts.", "<mark>gigawatts</mark>"),
        ("zh-hans", "吉瓦", "数据中心扩建", "园区用电将达两吉瓦。", "<mark>吉瓦</mark>"),
    ],
)
def test_the_search_page_lists_matches_with_highlighted_snippets(
    client, publish, language, query, title, summary, expected
):
    suffix = "en" if language == "en" else "zh_hans"
    article = publish(**{f"title_{suffix}": title, f"summary_{suffix}": summary})
    response = client.get(search_url(language), {"q": query})
    html = response.content.decode()
    assert response.status_code == 200
    assert f"/{language}/article/{article.slug}/" in html
    assert expected in html
    assert '<meta name="robots" content="noindex">' in html
    assert ("1 result for" if language == "en" else "1 个结果") in html


def test_the_search_page_uses_the_page_language_for_texts_and_snippets(client, publish):
    publish(summary_en="Power reaches two gigawatts.", summary_zh_hans="用电达到两吉瓦。")
    html = client.get(search_url("zh-hans"), {"q": "吉瓦"}).content.decode()
    assert "<mark>吉瓦</mark>" in html and "gigawatts" not in html
    assert "搜索" in html


def test_the_search_page_filters_by_section_tag_entity_and_dates(client, publish):
    now = timezone.now()
    section = SectionFactory(slug="chips")
    tag = TagFactory(slug="fabs", name_en="Fabs")
    entity = EntityFactory(slug="acme", name_en="Acme")
    in_section = publish(title_en="Wafer news one", section=section, published_at=now - datetime.timedelta(days=20))
    tagged = publish(title_en="Wafer news two", tags=[tag], published_at=now - datetime.timedelta(days=2))
    named = publish(title_en="Wafer news three", entities=[entity], published_at=now - datetime.timedelta(hours=1))
    url = search_url("en")

    def found(**params):
        html = client.get(url, {"q": "wafer", **params}).content.decode()
        return {a.slug for a in (in_section, tagged, named) if f"/en/article/{a.slug}/" in html}

    assert found() == {in_section.slug, tagged.slug, named.slug}
    assert found(section="chips") == {in_section.slug}
    assert found(tag="fabs") == {tagged.slug}
    assert found(entity="acme") == {named.slug}
    week_ago = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    assert found(date_from=week_ago) == {tagged.slug, named.slug}
    assert found(date_to=week_ago) == {in_section.slug}
    # Facet links narrow the search; an unparseable date is reported, not applied.
    html = client.get(url, {"q": "wafer"}).content.decode()
    assert "tag=fabs" in html and "entity=acme" in html
    response = client.get(url, {"q": "wafer", "date_from": "yesterday"})
    assert response.status_code == 200 and found(date_from="yesterday") == found()
    assert "Enter a valid date." in response.content.decode()


def test_the_search_page_paginates_and_keeps_the_query(client, publish):
    for _ in range(12):
        publish(title_en="Inference costs fall")
    html = client.get(search_url("en"), {"q": "inference"}).content.decode()
    assert "Page 1 of 2" in html and "?q=inference&amp;page=2" in html
    html = client.get(search_url("en"), {"q": "inference", "page": "2"}).content.decode()
    assert "Page 2 of 2" in html
    assert client.get(search_url("en"), {"q": "inference", "page": "zz"}).status_code == 200


@pytest.mark.parametrize(
    "query", ['"unclosed', "AND OR NOT", "NEAR(a b)", "*", "x" * 5000, "!!!", "", "title:x", "(-^)"]
)
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_any_query_gives_a_page_never_an_error(client, publish, query, language):
    publish()
    response = client.get(search_url(language), {"q": query})
    assert response.status_code == 200


def test_drafts_never_appear_on_the_search_page(client, publish):
    from articles.tests.factories import ArticleVersionFactory

    ArticleVersionFactory(title_en="Secret draft turbine", title_zh_hans="秘密草稿涡轮")
    publish(title_en="Public turbine", title_zh_hans="公开涡轮")
    en = client.get(search_url("en"), {"q": "turbine"}).content.decode()
    zh = client.get(search_url("zh-hans"), {"q": "涡轮"}).content.decode()
    assert "Public <mark>turbine</mark>" in en and "Secret" not in en
    assert "公开" in zh and "秘密" not in zh


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_search_page_query_count_is_constant_as_results_grow(client, publish, language, django_assert_num_queries):
    tags = [TagFactory() for _ in range(3)]
    entities = [EntityFactory() for _ in range(3)]
    publish(tags=tags, entities=entities)
    query = {"q": "fab" if language == "en" else "晶圆厂"}
    url = search_url(language)
    client.get(url, query)  # warm-up: the segmenter reads the entity vocabulary once

    # count, page, tags of the page, snippet texts, the tag and entity facets together (the
    # navigation sections are cached since the warm-up)
    with django_assert_num_queries(5):
        assert client.get(url, query).status_code == 200
    for _ in range(12):
        publish(tags=tags, entities=entities)
    client.get(url, query)
    with django_assert_num_queries(5):
        response = client.get(url, query)
    assert response.content.decode().count('class="item search-result"') == 10


@pytest.mark.parametrize(
    ("language", "query", "text"), [("en", "fab", "More than 2 results for"), ("zh-hans", "晶圆厂", "超过 2 个结果")]
)
def test_a_search_with_more_matches_than_it_lists_says_more_than(client, publish, monkeypatch, language, query, text):
    monkeypatch.setattr(search, "MAX_RESULTS", 2)
    for _ in range(3):
        publish()
    html = client.get(search_url(language), {"q": query}).content.decode()
    assert text in html
    assert html.count('class="item search-result"') == 2


@pytest.mark.parametrize(
    ("page_language", "query", "other", "other_text"),
    [
        ("en", "吉瓦", "zh-hans", "1 中文 article matches"),
        ("zh-hans", "gigawatts", "en", "1 篇English文章与"),
    ],
)
def test_a_query_that_only_matches_the_other_language_says_so_and_links_there(
    client, publish, page_language, query, other, other_text
):
    publish(summary_en="The campus will draw two gigawatts.", summary_zh_hans="园区用电将达两吉瓦。")
    html = client.get(search_url(page_language), {"q": query}).content.decode()
    assert 'class="search-elsewhere"' in html
    assert f'href="{search_url(other)}?q=' in html
    with override(page_language):
        assert other_text in html


def test_a_query_that_matches_nothing_anywhere_shows_no_other_language_hint(client, publish):
    publish(summary_en="The campus will draw two gigawatts.", summary_zh_hans="园区用电将达两吉瓦。")
    html = client.get(search_url("en"), {"q": "teraflops"}).content.decode()
    assert "No articles match your search" in html and "search-elsewhere" not in html
