"""
Scheduled publication through HTTP. Time is moved by moving the scheduled times in the database
(a first publication) or by ``publish_scheduled --now`` (an update); no background process runs.
"""

import datetime
from io import StringIO

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from articles import workflow
from articles.models import Article, ArticleVersion
from articles.reader.page_cache import page_lifetime
from articles.tests.factories import full_version, published_article
from articles.tests.http import CsrfClient

pytestmark = pytest.mark.django_db

TITLE_EN, TITLE_ZH = "Scheduled chip story", "定时发布的芯片报道"


def schedule_first_publication(moderator, editor, hours=2):
    version = full_version(title_en=TITLE_EN, title_zh_hans=TITLE_ZH)
    workflow.version_submit(version=version, by=editor)
    at = (timezone.now() + datetime.timedelta(hours=hours)).replace(microsecond=0)
    response = CsrfClient(moderator).submit(f"/admin/moderation/version/{version.pk}/schedule/", {"at": at.isoformat()})
    assert response.status_code == 302
    return Article.objects.get(pk=version.article_id), at


def let_time_pass_until(article, at):
    """Move the clock past ``at`` by moving the schedule back: the article is due one second ago."""
    shift = at - (timezone.now() - datetime.timedelta(seconds=1))
    Article.objects.filter(pk=article.pk).update(published_at=at - shift)
    ArticleVersion.objects.filter(pk=article.live_version_id).update(go_live_at=at - shift)


@pytest.mark.parametrize(("language", "title"), [("en", TITLE_EN), ("zh-hans", TITLE_ZH)])
def test_a_scheduled_first_publication_is_a_404_until_its_time_and_visible_right_after(
    moderator, editor, language, title
):
    article, at = schedule_first_publication(moderator, editor)
    reader = CsrfClient()
    page = reader.get(f"/{language}/article/{article.slug}/")
    assert page.status_code == 404 and title not in page.content.decode()
    assert not Article.objects.published().filter(pk=article.pk).exists()

    let_time_pass_until(article, at)
    page = reader.get(f"/{language}/article/{article.slug}/")
    assert page.status_code == 200 and title in page.content.decode()
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_a_scheduled_article_joins_the_cached_home_pages_right_after_its_time(moderator, editor):
    """The home pages are cached before the time and must not outlive it (the clock is moved, not waited for)."""
    version = full_version(title_en=TITLE_EN, title_zh_hans=TITLE_ZH)
    workflow.version_submit(version=version, by=editor)
    at = timezone.now() + datetime.timedelta(seconds=5)
    response = CsrfClient(moderator).submit(f"/admin/moderation/version/{version.pk}/schedule/", {"at": at.isoformat()})
    assert response.status_code == 302
    reader = CsrfClient()
    for language, title in (("en", TITLE_EN), ("zh-hans", TITLE_ZH)):
        assert reader.get(f"/{language}/").status_code == 200
        assert title not in reader.get(f"/{language}/").content.decode()  # served from the cache
    assert timezone.now() < at, "the requests above took too long for this test"
    # The database compares with its own clock: move the schedule back by what the clock moves on.
    shift = at - timezone.now() + datetime.timedelta(milliseconds=50)
    Article.objects.filter(pk=version.article_id).update(published_at=at - shift)
    ArticleVersion.objects.filter(pk=version.pk).update(go_live_at=at - shift)
    with time_machine.travel(timezone.now() + shift):
        for language, title in (("en", TITLE_EN), ("zh-hans", TITLE_ZH)):
            assert title in reader.get(f"/{language}/").content.decode()
            assert reader.get(f"/{language}/article/{version.article.slug}/").status_code == 200


def test_no_page_is_cached_past_the_next_scheduled_publication(moderator, editor):
    assert page_lifetime() == settings.PAGE_CACHE_SECONDS
    version = full_version()
    workflow.version_submit(version=version, by=editor)
    at = timezone.now() + datetime.timedelta(seconds=40)
    workflow.version_schedule(version=version, by=moderator, at=at)
    # No on-commit signal needed: scheduling bumped the publication generation the value is kept by.
    assert 30 <= page_lifetime() <= 40


def test_an_unscheduled_first_publication_never_appears(moderator, editor):
    article, at = schedule_first_publication(moderator, editor)
    response = CsrfClient(moderator).submit(f"/admin/moderation/version/{article.live_version_id}/unschedule/")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.live_version_id is None and article.published_at is None
    assert CsrfClient().get(f"/en/article/{article.slug}/").status_code == 404


def test_a_scheduled_update_replaces_the_live_version_at_its_time(
    moderator, editor, django_capture_on_commit_callbacks
):
    article = published_article(title_en="Old title", title_zh_hans="旧标题")
    draft = workflow.article_start_draft(article=article, by=editor)
    ArticleVersion.objects.filter(pk=draft.pk).update(title_en="New title", title_zh_hans="新标题")
    workflow.version_submit(version=draft, by=editor)
    at = (timezone.now() + datetime.timedelta(minutes=10)).replace(microsecond=0)
    assert (
        CsrfClient(moderator)
        .submit(f"/admin/moderation/version/{draft.pk}/schedule/", {"at": at.isoformat()})
        .status_code
        == 302
    )

    reader = CsrfClient()
    html = reader.get(f"/en/article/{article.slug}/").content.decode()
    assert "Old title" in html and "New title" not in html

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):  # the cache purge runs on commit
        call_command("publish_scheduled", "--now", (at + datetime.timedelta(seconds=1)).isoformat(), stdout=out)
        call_command("publish_scheduled", "--now", (at + datetime.timedelta(seconds=61)).isoformat(), stdout=out)
    assert out.getvalue().count(f"Published {article.slug}") == 1

    html = reader.get(f"/en/article/{article.slug}/").content.decode()
    assert "New title" in html and "Old title" not in html
    article.refresh_from_db()
    assert article.updated_at == at
