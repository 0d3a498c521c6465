import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles import workflow
from articles.models import Article, ArticleVersion, AuditEvent
from articles.tests.factories import published_article

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("publish_scheduled", *args, stdout=out)
    return out.getvalue()


def scheduled_update(moderator, minutes):
    article = published_article()
    draft = workflow.article_start_draft(article=article, by=moderator)
    ArticleVersion.objects.filter(pk=draft.pk).update(title_en="Revised title", title_zh_hans="修订后的标题")
    workflow.version_submit(version=draft, by=moderator)
    at = timezone.now() + datetime.timedelta(minutes=minutes)
    workflow.version_schedule(version=draft, by=moderator, at=at)
    return article, draft, at


def test_a_due_update_is_published_once_when_the_command_runs_twice(moderator):
    article, draft, at = scheduled_update(moderator, minutes=5)
    old_live = article.live_version_id
    assert "0 scheduled update(s) published." in run()
    assert Article.objects.get(pk=article.pk).live_version_id == old_live

    later = (at + datetime.timedelta(seconds=1)).isoformat()
    first = run("--now", later)
    assert f"Published {article.slug} version 2" in first and "1 scheduled update(s) published." in first
    second = run("--now", later)
    assert "0 scheduled update(s) published." in second

    article.refresh_from_db()
    assert article.live_version_id == draft.pk and article.draft_id is None
    assert article.updated_at == at
    assert ArticleVersion.objects.get(pk=old_live).state == ArticleVersion.State.SUPERSEDED
    assert AuditEvent.objects.filter(action="publish_scheduled").count() == 1


def test_an_update_not_yet_due_is_left_alone(moderator):
    article, draft, at = scheduled_update(moderator, minutes=30)
    run("--now", (at - datetime.timedelta(minutes=1)).isoformat())
    assert Article.objects.get(pk=article.pk).draft_id == draft.pk


def test_a_time_without_an_offset_is_refused_with_a_clear_message():
    with pytest.raises(CommandError, match="offset"):
        run("--now", "2030-01-01T10:00")


def test_on_sqlite_the_command_gives_the_planner_statistics_for_the_listing_index():
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("PRAGMA optimize is SQLite's")
    published_article()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM sqlite_stat1")
    run()
    with connection.cursor() as cursor:
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE idx = 'version_listing_keys'")
        assert cursor.fetchone() is not None
