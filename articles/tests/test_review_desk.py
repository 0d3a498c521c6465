"""The admin home is the editorial desk: its panels for moderators and editors, through HTTP."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import workflow
from articles.models import ArticleVersion
from articles.tests.factories import EntityFactory, TagFactory, full_version, published_article
from articles.tests.http import CsrfClient

pytestmark = pytest.mark.django_db
HOME = "/admin/"


def in_review(editor, **kwargs):
    version = full_version(**kwargs)
    workflow.version_submit(version=version, by=editor)
    return version


def waited(version, hours):
    ArticleVersion.objects.filter(pk=version.pk).update(submitted_at=timezone.now() - datetime.timedelta(hours=hours))


def panel(html, name):
    start = html.index(f'id="desk-{name}"')
    return html[start : html.index("</section>", start)]


def test_a_moderator_sees_what_waits_for_review_oldest_first_with_waiting_time_and_checks(moderator, editor):
    # Titles without the factories' sequence numbers: a number in one language only is a finding.
    newer = in_review(editor, title_en="Newer article", title_zh_hans="较新的文章")
    older = in_review(editor, title_en="Older article", title_zh_hans="较旧的文章", summary_zh_hans="")
    waited(newer, 1)
    waited(older, 26)
    html = CsrfClient(moderator).get(HOME).content.decode()
    waiting = panel(html, "waiting")
    assert '<span class="desk-count">2</span>' in waiting
    assert waiting.index("Older article") < waiting.index("Newer article")
    assert "1\xa0day, 2\xa0hours ago" in waiting
    assert "1 error" in waiting and "All pass" in waiting
    assert f'href="/admin/moderation/version/{older.pk}/"' in waiting


def test_a_moderator_sees_scheduled_and_recently_published_articles(moderator, editor):
    live = published_article(title_en="Live story")
    scheduled = in_review(editor, title_en="Tomorrow's story")
    workflow.perform(
        "schedule",
        version=scheduled,
        by=moderator,
        at=timezone.now() + datetime.timedelta(days=1),
        seen=workflow.review_stamp(scheduled),
    )
    html = CsrfClient(moderator).get(HOME).content.decode()
    assert "Tomorrow&#x27;s story" in panel(html, "scheduled") or "Tomorrow's story" in panel(html, "scheduled")
    published = panel(html, "published")
    assert "Live story" in published and f"/admin/moderation/article/{live.pk}/history/" in published
    assert "Tomorrow" not in published


def test_an_editor_sees_their_drafts_the_changes_asked_of_them_with_the_note_and_what_is_in_review(moderator, editor):
    returned = in_review(editor, title_en="Returned story")
    workflow.perform("request_changes", version=returned, by=moderator, note="Cite the 1.6 GW figure.")
    waiting = in_review(editor, title_en="Waiting story")
    draft = full_version(title_en="My own draft", created_by=editor)
    someone_elses = full_version(title_en="Someone else's draft")
    html = CsrfClient(editor).get(HOME).content.decode()
    assert 'id="desk-waiting"' not in html and 'id="desk-published"' not in html  # not a moderator
    mine = panel(html, "returned")
    assert "Returned story" in mine and "Cite the 1.6 GW figure." in mine
    assert f"/admin/articles/articleversion/{returned.pk}/change/" in mine
    assert "My own draft" in panel(html, "drafts") and draft.pk
    assert someone_elses.title_en not in html
    assert "Waiting story" in panel(html, "in-review") and f"/admin/moderation/version/{waiting.pk}/" in html


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("en", ["Waiting for review", "Scheduled", "Recently published", "My drafts", "Changes requested of me"]),
        ("zh-hans", ["等待审核", "已定时", "最近发布", "我的草稿", "要求我修改"]),
    ],
)
def test_the_desk_speaks_each_interface_language(moderator, language, texts):
    html = CsrfClient(moderator).get(HOME, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    for text in texts:
        assert text in html


def test_every_admin_page_links_the_review_queue_with_its_count(moderator, editor):
    in_review(editor)
    in_review(editor)
    html = CsrfClient(editor).get("/admin/articles/article/").content.decode()
    assert 'class="desk-link desk-queue-link" href="/admin/moderation/"' in html
    assert '<span class="desk-count" aria-label="2 waiting">2</span>' in html


def test_the_desk_takes_the_same_number_of_queries_however_much_is_on_it(moderator, editor, django_assert_num_queries):
    entity, tag = EntityFactory(), TagFactory()
    client = CsrfClient(moderator)

    def fill():
        in_review(editor, entities=[entity], tags=[tag], created_by=moderator)
        published_article(entities=[entity])
        returned = in_review(editor, created_by=moderator)
        workflow.perform("request_changes", version=returned, by=moderator, note="Again.")
        full_version(created_by=moderator)

    fill()
    client.get(HOME)
    with CaptureQueriesContext(connection) as few:
        assert client.get(HOME).status_code == 200
    for _ in range(3):
        fill()
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(HOME).status_code == 200
