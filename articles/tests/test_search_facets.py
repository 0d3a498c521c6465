"""Search facets (articles.search.facets): the tags and entities of the newest matches, one query."""

import pytest
from django.urls import reverse
from django.utils.translation import override

from articles import search
from articles.search import facets as facets_module
from articles.search.facets import facets
from articles.tests.factories import EntityFactory, TagFactory, published_article

pytestmark = pytest.mark.django_db

QUERIES = {"en": "fab", "zh-hans": "晶圆厂"}


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    def _publish(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return published_article(**kwargs)

    return _publish


def _name(item, language):
    return item.name_en if language == "en" else item.name_zh_hans


def _found(language, filters=None, kinds=("tag", "entity")):
    terms = search.query_terms(QUERIES[language], language)
    with override(language):
        found = facets(terms, language, filters or search.SearchFilters(), kinds=kinds)
        return {kind: [(item.slug, item.name, item.hits) for item in items] for kind, items in found.items()}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_facets_count_the_matches_per_tag_and_entity_most_common_first_with_names_in_the_language(publish, language):
    common, rare = TagFactory(slug="b-common"), TagFactory(slug="a-rare")
    entity = EntityFactory()
    publish(tags=[common, rare], entities=[entity])
    publish(tags=[common], entities=[entity])
    publish(tags=[common])
    assert _found(language) == {
        "tag": [("b-common", _name(common, language), 3), ("a-rare", _name(rare, language), 1)],
        "entity": [(entity.slug, _name(entity, language), 2)],
    }


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_facets_break_ties_by_slug_and_keep_the_most_common_few(publish, language, monkeypatch):
    monkeypatch.setattr(facets_module, "FACET_SIZE", 2)
    publish(tags=[TagFactory(slug=slug) for slug in ("c-tag", "a-tag", "b-tag")])
    assert [slug for slug, _, _ in _found(language, kinds=("tag",))["tag"]] == ["a-tag", "b-tag"]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_facets_count_only_the_newest_matches_when_there_are_many(publish, language, monkeypatch):
    monkeypatch.setattr(facets_module, "FACET_MATCHES", 2)
    old, new = TagFactory(slug="old"), TagFactory(slug="new")
    publish(tags=[old])
    publish(tags=[new])
    publish(tags=[new])
    assert _found(language, kinds=("tag",))["tag"] == [("new", _name(new, language), 2)]


def test_facets_leave_out_other_sections_and_articles_not_in_the_language(publish):
    tag, english_only, elsewhere = TagFactory(), TagFactory(), TagFactory()
    article = publish(tags=[tag])
    publish(tags=[english_only], title_zh_hans="", summary_zh_hans="")
    publish(tags=[elsewhere])
    assert {slug for slug, _, _ in _found("zh-hans", kinds=("tag",))["tag"]} == {tag.slug, elsewhere.slug}
    section = search.SearchFilters(section=article.live_version.section.slug)
    assert [slug for slug, _, _ in _found("en", section, kinds=("tag",))["tag"]] == [tag.slug]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_facets_of_every_kind_take_one_query_and_none_when_none_are_asked_for(
    publish, language, django_assert_num_queries
):
    publish(tags=[TagFactory()], entities=[EntityFactory()])
    terms = search.query_terms(QUERIES[language], language)
    with django_assert_num_queries(1):
        found = facets(terms, language, search.SearchFilters())
    assert set(found) == {"tag", "entity"} and all(found.values())
    with django_assert_num_queries(0):
        assert facets(terms, language, search.SearchFilters(), kinds=()) == {}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_search_page_links_each_facet_to_the_search_narrowed_to_it_on_page_one(client, publish, language):
    tag, entity = TagFactory(slug="wafer-tag"), EntityFactory(slug="acme-entity")
    publish(tags=[tag], entities=[entity])
    with override(language):
        url = reverse("articles:search")
    html = client.get(url, {"q": QUERIES[language], "page": "1"}).content.decode()
    assert 'class="search-facets"' in html
    assert f'href="?q={search_quoted(QUERIES[language])}&amp;tag=wafer-tag"' in html
    assert f'href="?q={search_quoted(QUERIES[language])}&amp;entity=acme-entity"' in html
    assert f">{_name(tag, language)} <" in html and f">{_name(entity, language)} <" in html
    narrowed = client.get(url, {"q": QUERIES[language], "tag": "wafer-tag"}).content.decode()
    assert "?q=" in narrowed and "tag=wafer-tag&amp;entity=acme-entity" in narrowed
    assert "search-facets__label" in narrowed and "tag=wafer-tag&amp;tag=" not in narrowed


def search_quoted(query):
    from urllib.parse import quote_plus

    return quote_plus(query)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_facets_from_the_ranking_querys_sample_equal_the_walks_and_read_no_index(
    publish, language, django_assert_num_queries
):
    tags, entity = [TagFactory(), TagFactory()], EntityFactory()
    for n in range(4):
        publish(tags=tags[: n % 2 + 1], entities=[entity] if n % 2 else [])
    terms = search.query_terms(QUERIES[language], language)
    _, _, sample = search.ranked(terms, language, sample=3)
    with override(language):
        walked = facets(terms, language, search.SearchFilters(), article_ids=None)
        with django_assert_num_queries(1) as captured:
            given = facets(terms, language, search.SearchFilters(), article_ids=sample)
    assert "search_index" not in captured.captured_queries[0]["sql"]
    assert len(sample) == 3
    counts = {kind: [(item.slug, item.hits) for item in items] for kind, items in given.items()}
    assert counts["entity"] == [(entity.slug, 2)]  # the newest three: n = 3, 2, 1
    assert counts["tag"] == sorted([(tags[0].slug, 3), (tags[1].slug, 2)], key=lambda pair: (-pair[1], pair[0]))
    assert {kind: [(i.slug, i.hits) for i in items] for kind, items in walked.items()} != counts  # all four
    assert facets(terms, language, search.SearchFilters(), article_ids=[]) == {"tag": [], "entity": []}
