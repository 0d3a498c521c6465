"""Entity pages list the articles whose live version lists or mentions the entity."""

import pytest
from django.core.cache import cache

from articles.entities.mention_index import index_version_mentions
from articles.models import Article, ArticleVersion
from articles.reader.context_processors import SECTIONS_KEY
from articles.tests.factories import EntityFactory, published_article
from articles.tests.reader_helpers import LANGUAGES, count_queries, get

pytestmark = pytest.mark.django_db


def mentioning(entity, n, **titles):
    article = published_article(n_rows=0)
    ArticleVersion.objects.filter(pk=article.live_version_id).update(**titles)
    version = ArticleVersion.objects.get(pk=article.live_version_id)
    for _ in range(n):
        index_version_mentions(version=version)  # re-indexing never duplicates rows
    return article


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_article_that_only_mentions_the_entity_is_listed_once(client, language):
    entity = EntityFactory(slug="google", name_en="Google", name_zh_hans="谷歌")
    listed_and_mentioned = published_article(
        n_rows=0, entities=[entity], title_en="Google and Google again", title_zh_hans="谷歌与谷歌"
    )
    index_version_mentions(version=listed_and_mentioned.live_version)
    only_mentioned = mentioning(entity, 2, title_en="Google opens a lab", title_zh_hans="谷歌开设实验室")
    unrelated = published_article(n_rows=0)
    page = get(client, f"/{language}/entity/google/").content.decode()
    for article in (listed_and_mentioned, only_mentioned):
        assert page.count(f"/{language}/article/{article.slug}/") >= 1
    assert f"/article/{unrelated.slug}/" not in page
    assert (
        list(Article.objects.public(language).about_entity(entity).values_list("pk", flat=True)).count(
            listed_and_mentioned.pk
        )
        == 1
    )


def test_a_mention_in_a_draft_does_not_list_the_article(client):
    entity = EntityFactory(slug="google", name_en="Google")
    article = published_article(n_rows=0)
    from articles import workflow

    draft = workflow.article_start_draft(article=article)
    ArticleVersion.objects.filter(pk=draft.pk).update(title_en="Google news")
    index_version_mentions(version=ArticleVersion.objects.get(pk=draft.pk))
    assert not Article.objects.public("en").about_entity(entity).exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_entity_page_costs_the_same_queries_however_many_articles_mention_it(client, language, settings):
    settings.PAGE_CACHE_SECONDS = 0
    entity = EntityFactory(slug="google", name_en="Google", name_zh_hans="谷歌")
    mentioning(entity, 1, title_en="Google one", title_zh_hans="谷歌一")
    few = count_queries(client, f"/{language}/entity/google/")
    for n in range(5):
        mentioning(entity, 1, title_en=f"Google story {n + 2}", title_zh_hans=f"谷歌报道{n + 2}")
    cache.delete(SECTIONS_KEY)  # as on the first page: the navigation sections are read again
    assert count_queries(client, f"/{language}/entity/google/") == few == 6
