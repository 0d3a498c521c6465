import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles import workflow
from articles.models import Article, ArticleLink
from articles.reader import links
from articles.tests.factories import (
    ArticleVersionFactory,
    EntityFactory,
    SectionFactory,
    TagFactory,
    published_article,
)
from articles.tests.reader_helpers import LANGUAGES, get

pytestmark = pytest.mark.django_db


def _stored():
    return sorted(ArticleLink.objects.values_list("article_id", "language", "kind", "position", "target_id", "score"))


def _publish(hours_ago, **kwargs):
    article = published_article(published_at=timezone.now() - datetime.timedelta(hours=hours_ago), **kwargs)
    links.refresh_article_links(article.pk)
    return article


def test_links_kept_current_on_each_publication_equal_a_full_rebuild():
    sections = [SectionFactory(), SectionFactory()]
    tags = [TagFactory() for _ in range(3)]
    entities = [EntityFactory() for _ in range(2)]
    articles = [
        _publish(
            hours_ago=30 - i,
            section=sections[i % 2],
            tags=[tags[i % 3], tags[(i + 1) % 3]] if i % 4 else [tags[0]],
            entities=[entities[i % 2]] if i % 3 else [],
        )
        for i in range(12)
    ]
    workflow.article_unpublish(article=articles[4])
    links.refresh_article_links(articles[4].pk)
    incremental = _stored()
    assert incremental
    links.rebuild_links()
    rebuilt = _stored()
    assert rebuilt == incremental


def test_the_page_shows_related_articles_by_shared_entities_then_tags_in_one_query(client, django_assert_num_queries):
    tag, entity = TagFactory(), EntityFactory()
    current = _publish(5, tags=[tag], entities=[entity])
    by_tag = _publish(4, tags=[tag])
    by_entity = _publish(6, entities=[entity])
    _publish(3)
    for language in LANGUAGES:
        with django_assert_num_queries(1):
            related, previous, following = links.article_links(article=current, language=language)
        assert [a.pk for a in related] == [by_entity.pk, by_tag.pk]
        # The loaded articles render without further queries.
        with django_assert_num_queries(0):
            assert all(a.live_version.title and a.live_version.section.slug for a in related)
        response = get(client, f"/{language}/article/{current.slug}/")
        assert [a.pk for a in response.context["related"]] == [by_entity.pk, by_tag.pk]


def test_an_unpublished_article_leaves_the_links_of_the_others(client):
    tag = TagFactory()
    section = SectionFactory()
    current = _publish(5, tags=[tag], section=section)
    gone = _publish(4, tags=[tag], section=section)
    workflow.article_unpublish(article=gone)
    links.refresh_article_links(gone.pk)
    related, previous, following = links.article_links(article=current, language="en")
    assert related == [] and following is None
    assert not ArticleLink.objects.filter(target=gone).exists()


def test_publishing_refreshes_the_links_once_committed(django_capture_on_commit_callbacks):
    tag = TagFactory()
    current = _publish(5, tags=[tag])
    with django_capture_on_commit_callbacks(execute=True):
        newer = published_article(tags=[tag])
    related, _, _ = links.article_links(article=current, language="en")
    assert related == [newer]


def test_a_scheduled_article_joins_its_neighbours_links_when_its_time_comes(django_capture_on_commit_callbacks):
    section = SectionFactory()
    current = _publish(5, section=section)
    version = ArticleVersionFactory(section=section)
    workflow.version_submit(version=version)
    at = timezone.now() + datetime.timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.version_schedule(version=version, at=at)
    assert links.article_links(article=current, language="en")[2] is None
    # The database compares with its own clock: bring the publication time to the past instead.
    Article.objects.filter(pk=version.article_id).update(published_at=timezone.now() - datetime.timedelta(minutes=1))
    assert links.article_links(article=current, language="en")[2] == version.article


def test_an_article_without_a_title_in_a_language_has_no_links_there():
    tag = TagFactory()
    english_only = _publish(5, tags=[tag], title_zh_hans="")
    _publish(4, tags=[tag])
    assert links.article_links(article=english_only, language="en")[0]
    assert ArticleLink.objects.filter(article=english_only, language="zh-hans").count() == 0


def test_the_rebuild_command_recomputes_every_link_quietly_off_a_terminal(capsys):
    tag = TagFactory()
    first = _publish(5, tags=[tag])
    second = _publish(4, tags=[tag])
    ArticleLink.objects.all().delete()
    call_command("rebuild_reader_links")
    output = capsys.readouterr().out
    assert "\r" not in output and "rows" in output
    assert links.article_links(article=first, language="en")[0] == [second]
