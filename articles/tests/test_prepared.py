import pytest

from articles.models import Article, ArticleLink
from articles.prepared import PreparedQuery
from articles.reader import links
from articles.reader.views import published_page
from articles.tests.factories import published_article

pytestmark = pytest.mark.django_db


def _by_slug(slug, _variant):
    return Article.objects.published().select_related("live_version__section").filter(slug=slug).order_by("pk")


def test_a_prepared_query_gives_the_objects_its_queryset_gives_for_each_value():
    first, second = published_article(), published_article()
    query = PreparedQuery(Article, _by_slug)
    for article in (first, second, first):
        [found] = query(article.slug)
        expected = _by_slug(article.slug, None).get()
        assert found.pk == expected.pk
        assert found.published_at == expected.published_at  # converters applied (aware datetimes)
        assert found.live_version.section.name == expected.live_version.section.name
    assert query("no-such-slug") == []


def test_a_prepared_query_builds_its_sql_once_per_variant(django_assert_num_queries):
    article = published_article()
    built = []

    def build(slug, variant):
        built.append(variant)
        return _by_slug(slug, variant)

    query = PreparedQuery(Article, build)
    for _ in range(3):
        with django_assert_num_queries(1):
            assert [a.pk for a in query(article.slug, variant="en")] == [article.pk]
    query(article.slug, variant="zh-hans")
    assert built == ["en", "zh-hans"]


def test_a_prepared_query_whose_value_is_not_a_single_parameter_is_refused():
    query = PreparedQuery(
        Article, lambda slug, _v: Article.objects.filter(slug=slug) | Article.objects.filter(slug=slug)
    )
    with pytest.raises(ValueError, match="marker once"):
        query("anything")


def test_the_article_page_query_is_the_published_rule_with_the_page_parts(django_assert_num_queries):
    article = published_article()
    section = article.live_version.section.slug
    with django_assert_num_queries(1):
        [found] = published_page(article.slug)
        assert found.pk == article.pk
        assert found.live_version.section.slug == section
    Article.objects.filter(pk=article.pk).update(live_version=None)
    assert published_page(article.slug) == []


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_prepared_links_equal_the_links_queryset_in_each_language(language):
    first = published_article()
    second = published_article(section=first.live_version.section)
    links.refresh_article_links(first.pk)
    links.refresh_article_links(second.pk)
    expected = [row.target_id for row in links._links_query(first.pk, language)]
    assert [row.target_id for row in links.links_of(first.pk, variant=language)] == expected
    assert ArticleLink.objects.filter(article=first, language=language).exists() == bool(expected)
