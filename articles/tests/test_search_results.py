"""A search's page of results (articles.search.results): loaded, highlighted and linked in three queries."""

import pytest
from django.utils.translation import override

from articles import search
from articles.models import Tag
from articles.search.results import page_results
from articles.tests.factories import TagFactory, published_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    def _publish(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return published_article(**kwargs)

    return _publish


@pytest.mark.parametrize(
    ("language", "query", "title", "section_name", "tag_name"),
    [
        ("en", "fab", "title_en", "name_en", "name_en"),
        ("zh-hans", "晶圆厂", "title_zh_hans", "name_zh_hans", "name_zh_hans"),
    ],
)
def test_results_carry_their_links_and_labels_in_the_page_language(
    publish, language, query, title, section_name, tag_name, django_assert_num_queries
):
    named, unnamed = TagFactory(slug="b-named"), TagFactory(slug="a-unnamed")
    Tag.objects.filter(pk=unnamed.pk).update(name_en="", name_zh_hans="")
    first = publish(tags=[named, unnamed])
    second = publish()
    terms = search.query_terms(query, language)
    with override(language), django_assert_num_queries(3):
        results = page_results([second.pk, first.pk], terms, language)
    assert [article.pk for article in results] == [second.pk, first.pk]
    article, version = results[1], first.live_version
    section = version.section
    with override(language):
        assert article.url == first.get_absolute_url()
        assert article.section_url == section.get_absolute_url()
        assert article.tag_links == [
            (unnamed.get_absolute_url(), "a-unnamed"),
            (named.get_absolute_url(), getattr(named, tag_name)),
        ]
    assert article.url.startswith(f"/{language}/")
    assert article.section_label == getattr(section, section_name)
    # "Chipmaker opens fab number 1" / "芯片厂商开设第1座晶圆厂": the page language's title, marked
    assert article.title_html == getattr(version, title).replace(query, f"<mark>{query}</mark>")
    assert f"<mark>{query}" in article.snippet
    assert results[0].tag_links == []


def test_results_leave_out_ids_that_are_gone_and_cost_nothing_for_an_empty_page(publish, django_assert_num_queries):
    article = publish()
    terms = search.query_terms("fab", "en")
    assert [a.pk for a in page_results([article.pk + 1000, article.pk], terms, "en")] == [article.pk]
    with django_assert_num_queries(0):
        assert page_results([], terms, "en") == []
