"""The moderation screens in the admin, through HTTP with CSRF enforced."""

import datetime
import re
import zoneinfo

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Article, ArticleVersion, AuditEvent, FaqItem, ShareLink, TldrItem
from articles.tests.factories import (
    ArticleVersionFactory,
    EditorFactory,
    EntityFactory,
    TagFactory,
    full_version,
    published_article,
)
from articles.tests.http import CsrfClient

pytestmark = pytest.mark.django_db
State = ArticleVersion.State
QUEUE = "/admin/moderation/"


def review_url(version):
    return f"/admin/moderation/version/{version.pk}/"


def decide_url(version):
    return f"/admin/moderation/version/{version.pk}/decide/"


def move_url(version, move):
    return f"/admin/moderation/version/{version.pk}/{move}/"


def in_review(editor, **kwargs):
    version = full_version(**kwargs)
    workflow.version_submit(version=version, by=editor)
    return version


def update_in_review(editor, article_kwargs=None, **changes):
    article = published_article(**(article_kwargs or {}))
    draft = workflow.article_start_draft(article=article, by=editor)
    ArticleVersion.objects.filter(pk=draft.pk).update(**changes)
    workflow.version_submit(version=draft, by=editor)
    return article, draft


# The queue ------------------------------------------------------------------------------------


def test_the_queue_shows_article_submitter_waiting_time_languages_and_checks(moderator, editor):
    version = in_review(editor, title_en="Chip fab opens", summary_zh_hans="")
    ArticleVersion.objects.filter(pk=version.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(hours=3, minutes=5)
    )
    response = CsrfClient(moderator).get(QUEUE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chip fab opens" in html and editor.username in html
    assert "3\xa0hours, 5\xa0minutes ago" in html
    assert "中文: 6/7" in html and "English: 7/7" in html
    assert "The 中文 summary is empty." in html


def test_the_queue_speaks_chinese_to_a_chinese_moderator(moderator, editor):
    in_review(editor)
    html = CsrfClient(moderator).get(QUEUE, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "审核队列" in html and "所有自动检查均已通过。" in html


def test_the_queue_takes_the_same_number_of_queries_however_long_it_is(moderator, editor, django_assert_num_queries):
    client = CsrfClient(moderator)
    entity = EntityFactory()
    in_review(editor, entities=[entity], tags=[TagFactory()])
    client.get(QUEUE)
    with django_assert_num_queries(14) as first:  # 13, and the review queue count in the header and sidebar
        client.get(QUEUE)
    for _ in range(3):
        in_review(editor, n_rows=4, entities=[entity], tags=[TagFactory()])
    update_in_review(editor)
    with django_assert_num_queries(len(first)):
        assert client.get(QUEUE).status_code == 200


# The review screen ----------------------------------------------------------------------------


def test_the_review_screen_shows_both_previews_the_diff_and_the_decisions(moderator, editor):
    article, draft = update_in_review(editor, title_en="Chipmaker closes fab", title_zh_hans="芯片厂商关闭晶圆厂")
    html = CsrfClient(moderator).get(review_url(draft)).content.decode()
    assert f'<iframe src="/en/preview/{draft.pk}/"' in html
    assert f'<iframe src="/zh-hans/preview/{draft.pk}/"' in html
    assert "<ins>closes</ins>" in html and "<del>opens</del>" in html
    assert "<ins>关闭</ins>" in html
    # One decision panel: one form, one note, a button per move.
    assert html.count(f'action="{decide_url(draft)}"') == 1 and html.count('name="note"') == 1
    for move in ("publish", "schedule", "request_changes", "share", "withdraw"):
        assert f'name="move" value="{move}"' in html
    assert 'type="datetime-local"' in html


def test_an_editor_sees_the_review_screen_without_the_moderators_buttons(editor):
    version = in_review(editor)
    html = CsrfClient(editor).get(review_url(version)).content.decode()
    assert 'name="move" value="withdraw"' in html
    assert 'value="publish"' not in html and 'value="share"' not in html


def test_the_review_screen_takes_the_same_number_of_queries_however_big_the_version(
    moderator, editor, django_assert_num_queries
):
    client = CsrfClient(moderator)
    entity = EntityFactory()
    small_update = update_in_review(editor, {"n_rows": 1, "entities": [entity], "tags": [TagFactory()]})[1]
    workflow.share_link_create(version=small_update, by=moderator)
    article = published_article(n_rows=8, entities=[entity], tags=[TagFactory(), TagFactory()])
    big_update = workflow.article_start_draft(article=article, by=editor)
    workflow.version_submit(version=big_update, by=editor)
    workflow.share_link_create(version=big_update, by=moderator)
    workflow.share_link_create(version=big_update, by=moderator)
    small_first, big_first = (
        in_review(editor, n_rows=1, entities=[entity], tags=[TagFactory()]),
        in_review(editor, n_rows=8, entities=[entity], tags=[TagFactory()]),
    )
    client.get(review_url(small_first))
    for small, big, expected in ((small_update, big_update, 30), (small_first, big_first, 22)):
        with django_assert_num_queries(expected):
            client.get(review_url(small))
        with django_assert_num_queries(expected):
            assert client.get(review_url(big)).status_code == 200


def test_approving_makes_the_draft_live_sets_updated_and_keeps_the_old_version(moderator, editor):
    article, draft = update_in_review(editor, title_en="Revised", title_zh_hans="修订版")
    old_live = article.live_version_id
    client = CsrfClient(moderator)
    response = client.submit(move_url(draft, "publish"), {"note": "Both languages checked."})
    assert response.status_code == 302 and response["Location"] == review_url(draft)
    article.refresh_from_db()
    assert article.live_version_id == draft.pk and article.draft_id is None
    assert article.updated_at is not None and article.updated_at > article.published_at
    assert ArticleVersion.objects.get(pk=old_live).state == State.SUPERSEDED
    event = AuditEvent.objects.get(action="publish", actor=moderator)
    assert (event.actor, event.note) == (moderator, "Both languages checked.")
    assert "Revised" in CsrfClient().get(f"/en/article/{article.slug}/").content.decode()


def test_requesting_changes_needs_a_note_and_the_editor_sees_it(moderator, editor):
    version = in_review(editor)
    client = CsrfClient(moderator)
    response = client.submit(move_url(version, "request_changes"), {"note": "   "})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    version.refresh_from_db()
    assert version.state == State.IN_REVIEW and not AuditEvent.objects.filter(action="request_changes").exists()

    response = client.submit(move_url(version, "request_changes"), {"note": "Cite the source of the 1.6 GW figure."})
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.state == State.CHANGES_REQUESTED
    html = CsrfClient(editor).get(review_url(version)).content.decode()
    assert "Cite the source of the 1.6 GW figure." in html
    assert 'name="move" value="submit"' in html and 'name="move" value="revise"' in html


def test_scheduling_reads_the_time_in_the_site_time_zone_or_the_offset_given(moderator, editor, settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    first, second = in_review(editor), in_review(editor)
    client = CsrfClient(moderator)
    local = (
        (timezone.now() + datetime.timedelta(days=2))
        .astimezone(zoneinfo.ZoneInfo("Asia/Shanghai"))
        .replace(second=0, microsecond=0)
    )
    assert client.submit(move_url(first, "schedule"), {"at": local.strftime("%Y-%m-%dT%H:%M")}).status_code == 302
    first.refresh_from_db()
    assert first.go_live_at == local
    assert Article.objects.get(pk=first.article_id).published_at == local

    explicit = "2099-05-01T09:00+02:00"
    assert client.submit(move_url(second, "schedule"), {"at": explicit}).status_code == 302
    second.refresh_from_db()
    assert second.go_live_at == datetime.datetime(2099, 5, 1, 7, 0, tzinfo=datetime.UTC)


def test_a_time_in_the_past_is_refused_and_nothing_is_saved(moderator, editor):
    version = in_review(editor)
    response = CsrfClient(moderator).submit(move_url(version, "schedule"), {"at": "2001-01-01T10:00"})
    assert response.status_code == 400
    assert "Choose a time in the future." in response.content.decode()
    version.refresh_from_db()
    assert version.state == State.IN_REVIEW and version.go_live_at is None


def test_a_move_the_state_does_not_allow_is_a_form_error(moderator):
    version = ArticleVersionFactory()  # a draft, never submitted
    response = CsrfClient(moderator).submit(move_url(version, "publish"))
    assert response.status_code == 400
    assert "Cannot publish a version that is Draft." in response.content.decode()
    assert Article.objects.get(pk=version.article_id).live_version_id is None


def test_a_chinese_moderator_gets_chinese_errors(moderator):
    version = ArticleVersionFactory()
    response = CsrfClient(moderator).submit(move_url(version, "publish"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert "无法发布状态为“草稿”的版本。" in response.content.decode()


def test_posts_without_the_csrf_token_are_refused(moderator, editor):
    version = in_review(editor)
    response = CsrfClient(moderator).post(move_url(version, "publish"))
    assert response.status_code == 403
    version.refresh_from_db()
    assert version.state == State.IN_REVIEW


def test_an_unknown_move_is_a_404(moderator):
    assert CsrfClient(moderator).submit(move_url(ArticleVersionFactory(), "approve_everything")).status_code == 404


# History --------------------------------------------------------------------------------------


def history_url(article):
    return f"/admin/moderation/article/{article.pk}/history/"


def article_with_history(moderator, editor):
    article = published_article()
    second = workflow.article_start_draft(article=article, by=editor)
    ArticleVersion.objects.filter(pk=second.pk).update(title_en="Second title", title_zh_hans="改写的标题")
    TldrItem.objects.filter(version=second).first().delete()
    workflow.version_submit(version=second, by=editor)
    workflow.version_publish(version=second, by=moderator)
    third = workflow.article_start_draft(article=article, by=editor)
    FaqItem.objects.create(version=third, position=9, question_en="A new question?", answer_en="Yes.")
    return article, article.versions.get(number=1), second, third


def test_history_lists_every_version_with_state_author_and_approver(moderator, editor):
    article, first, second, third = article_with_history(moderator, editor)
    response = CsrfClient(editor).get(history_url(article))
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("Superseded", "Live", "Draft", "working draft", "live"):
        assert label in html
    assert editor.username in html and moderator.username in html
    # By default the latest version is compared with the one before it.
    assert "<ins>A new question?</ins>" in html


def test_history_diffs_any_two_versions(moderator, editor):
    article, first, second, third = article_with_history(moderator, editor)
    html = CsrfClient(moderator).get(history_url(article), {"a": first.pk, "b": third.pk}).content.decode()
    assert "From version 1 to version 3" in html
    assert "<ins>Second</ins>" in html and "removed" in html and "<ins>A new question?</ins>" in html
    response = CsrfClient(moderator).get(history_url(article), {"a": first.pk, "b": 999999})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()


def test_history_takes_the_same_number_of_queries_however_many_versions(moderator, editor, django_assert_num_queries):
    client = CsrfClient(moderator)
    article, first, second, third = article_with_history(moderator, editor)
    client.get(history_url(article))
    with django_assert_num_queries(15) as baseline:  # 14, and the review queue count in the header and sidebar
        client.get(history_url(article), {"a": first.pk, "b": third.pk})
    ArticleVersion.objects.filter(pk=third.pk).update(title_en="Third", title_zh_hans="再次改写")
    workflow.version_submit(version=third, by=editor)
    workflow.version_publish(version=third, by=moderator)
    workflow.version_restore(version=first, by=moderator)
    with django_assert_num_queries(len(baseline)):
        client.get(history_url(article), {"a": first.pk, "b": third.pk})


def test_restoring_from_history_makes_a_new_draft_and_discards_the_old_one(moderator, editor):
    article, first, second, third = article_with_history(moderator, editor)
    client = CsrfClient(moderator)
    assert f'action="{move_url(first, "restore")}"' in client.get(history_url(article)).content.decode()
    response = client.submit(move_url(first, "restore"), {"next": history_url(article)})
    assert response.status_code == 302 and response["Location"] == history_url(article)
    article.refresh_from_db()
    restored = article.draft
    assert restored.number == 4 and restored.title_en == first.title_en and restored.state == State.DRAFT
    assert ArticleVersion.objects.get(pk=third.pk).state == State.DISCARDED
    assert article.live_version_id == second.pk


def test_a_foreign_next_address_is_ignored(moderator, editor):
    version = in_review(editor)
    response = CsrfClient(moderator).submit(move_url(version, "withdraw"), {"next": "https://evil.example/"})
    assert response["Location"] == review_url(version)


# Share links from the review screen ------------------------------------------------------------


def test_a_moderator_creates_and_revokes_a_share_link_from_the_review_screen(moderator, editor):
    version = in_review(editor)
    client = CsrfClient(moderator)
    assert client.submit(move_url(version, "share"), {"hours": "24"}).status_code == 302
    link = ShareLink.objects.get()
    assert link.created_by == moderator
    assert abs((link.expires_at - timezone.now()) - datetime.timedelta(hours=24)) < datetime.timedelta(minutes=1)
    html = client.get(review_url(version)).content.decode()
    assert "/en/shared/" in html and "/zh-hans/shared/" in html
    assert client.submit(f"/admin/moderation/share-link/{link.pk}/revoke/").status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert "/en/shared/" not in client.get(review_url(version)).content.decode()


def test_an_editor_cannot_create_a_share_link(editor):
    version = in_review(EditorFactory())
    assert CsrfClient(editor).submit(move_url(version, "share")).status_code == 403
    assert not ShareLink.objects.exists()


def test_the_admin_edit_form_links_to_the_review_screen_and_history(editor):
    version = in_review(editor)
    html = CsrfClient(editor).get(f"/admin/articles/articleversion/{version.pk}/change/").content.decode()
    assert f'href="{review_url(version)}"' in html and f'href="{history_url(version.article)}"' in html


# Wording and labels --------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "just_now"), [("en", "just now"), ("zh-hans", "刚刚")])
def test_a_version_submitted_seconds_ago_waits_just_now_not_zero_minutes(moderator, editor, language, just_now):
    version = in_review(editor)
    client = CsrfClient(moderator)
    for url in (QUEUE, review_url(version)):
        html = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert f">{just_now}</time>" in html
        assert "0\xa0minutes" not in html and "0\xa0分钟" not in html


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_scheduled_time_in_the_morning_ends_its_sentence_with_one_full_stop(moderator, editor, language):
    version = in_review(editor)
    at = (timezone.now() + datetime.timedelta(days=2)).replace(hour=4, minute=30, second=0, microsecond=0)
    workflow.version_schedule(version=version, by=moderator, at=at)
    html = CsrfClient(moderator).get(review_url(version), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    shown = html.split(f'<time datetime="{at.isoformat()}">')[1].split("\n")[0]
    assert shown.endswith(" UTC</time>.") and ".." not in shown
    assert ("4:30 a.m. UTC" if language == "en" else "04:30 UTC") in shown


@pytest.mark.parametrize(("language", "system"), [("en", "the system"), ("zh-hans", "系统")])
def test_a_version_the_system_submitted_and_approved_names_the_system(moderator, language, system):
    version = full_version()
    workflow.version_submit(version=version, by=None)
    client = CsrfClient(moderator)
    html = client.get(review_url(version), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert ("Submitted by the system" if language == "en" else "由系统提交") in html and "—" not in html.split("<time")[
        0
    ][-60:]
    assert f"<td>{system}</td>" in client.get(QUEUE, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    workflow.version_publish(version=version, by=None)
    html = client.get(history_url(version.article), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    row = html.split('<table class="moderation-history">')[1].split("</tr>")[1]
    assert row.count(system) == 3  # author, submitter, approver


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_changed_score_reads_old_arrow_new(moderator, editor, language):
    article, draft = update_in_review(editor, {"hot_score": 96}, hot_score=88)
    html = CsrfClient(moderator).get(review_url(draft), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert '<del>96</del> <span class="diff-arrow">→</span> <ins>88</ins>' in html
    assert "<del>96</del><ins>88</ins>" not in html


@pytest.mark.parametrize(
    ("language", "live", "scheduled"), [("en", "Live", "Scheduled for"), ("zh-hans", "已上线", "计划于")]
)
def test_the_history_picker_tells_the_live_version_from_a_scheduled_one(moderator, editor, language, live, scheduled):
    article, draft = update_in_review(editor)
    at = timezone.now() + datetime.timedelta(days=1)
    workflow.version_schedule(version=draft, by=moderator, at=at)
    html = CsrfClient(moderator).get(history_url(article), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    options = dict(re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', html))
    assert options[str(article.live_version_id)].rstrip(")）").endswith(live)
    assert scheduled in options[str(draft.pk)] and " UTC" in options[str(draft.pk)]
    assert not {"Approved", "已通过"} & {
        label.rstrip(")）").split("(")[-1].split("（")[-1] for label in options.values()
    }


@pytest.mark.parametrize(
    ("language", "heading", "edit_heading"),
    [
        ("en", "Moderator's note", "Changes requested by the moderator"),
        ("zh-hans", "审核员的说明", "审核员要求修改"),
    ],
)
def test_the_moderators_note_shows_until_the_version_is_resubmitted_and_stays_in_the_history(
    moderator, editor, language, heading, edit_heading
):
    from django.urls import reverse

    note = "Cite the source of the 1.6 GW figure."
    version = in_review(editor)
    workflow.version_request_changes(version=version, by=moderator, note=note)
    editor_client, moderator_client = CsrfClient(editor), CsrfClient(moderator)
    edit_url = reverse("admin:articles_articleversion_change", args=[version.pk])
    html = moderator_client.get(review_url(version), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert heading in html and note in html
    workflow.version_revise(version=version, by=editor)
    editor_client.cookies["django_language"] = language
    html = editor_client.get(edit_url).content.decode()
    assert edit_heading in html and note in html
    workflow.version_submit(version=version, by=editor)
    html = moderator_client.get(review_url(version), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert heading not in html and note not in html
    workflow.version_publish(version=version, by=moderator)
    html = moderator_client.get(review_url(version), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert heading not in html and note not in html
    assert note in moderator_client.get(history_url(version.article), HTTP_ACCEPT_LANGUAGE=language).content.decode()


@pytest.mark.parametrize(
    ("language", "own", "other"), [("en", "Chip fab opens", "芯片厂开业"), ("zh-hans", "芯片厂开业", "Chip fab opens")]
)
def test_the_move_page_names_the_article_by_its_title_in_the_page_language(moderator, language, own, other):
    both = full_version(title_en="Chip fab opens", title_zh_hans="芯片厂开业")
    other_only = full_version(
        **{f"title_{'zh_hans' if language == 'en' else 'en'}": other, f"title_{language.replace('-', '_')}": ""}
    )
    untitled = full_version(title_en="", title_zh_hans="")
    client = CsrfClient(moderator)
    for version, expected in ((both, own), (other_only, other), (untitled, untitled.article.slug)):
        html = client.get(move_url(version, "submit"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert f"“{expected}”" in html
        if expected != version.article.slug:
            assert f"“{version.article.slug}”" not in html


# Approval binds to the reviewed revision (issue 11, finding 2) ---------------------------------


def edit_in_review(version, editor, **changes):
    """An editor saves ``version`` while it is in review, as the change form does."""
    from articles.admin import conflicts

    conflicts.revision_ensure(version=version)
    ArticleVersion.objects.filter(pk=version.pk).update(**changes)
    version.refresh_from_db()
    workflow.version_saved(version=version, by=editor)
    conflicts.revision_record(version=version, by=editor)


def seen_on(page):
    return re.search(r'name="seen" value="([^"]+)"', page.content.decode()).group(1)


def test_an_approval_of_text_edited_after_the_review_screen_opened_is_refused_with_the_changes(moderator, editor):
    version = in_review(editor, title_en="Reviewed title")
    client = CsrfClient(moderator)
    seen = seen_on(client.get(review_url(version)))
    edit_in_review(version, editor, title_en="Unreviewed title")
    response = client.submit(move_url(version, "publish"), {"seen": seen})
    assert response.status_code == 400
    html = response.content.decode()
    assert "changed after you reviewed it" in html and "Unreviewed title" in html and "Reviewed title" in html
    version.refresh_from_db()
    assert version.state == State.IN_REVIEW and version.article.live_version_id is None
    # Approving again from that page approves the revision its diff showed.
    assert client.submit(move_url(version, "publish"), {"seen": seen_on(response)}).status_code == 302
    version.refresh_from_db()
    assert version.article.live_version_id == version.pk and version.title_en == "Unreviewed title"


def test_scheduling_a_revision_other_than_the_reviewed_one_is_refused(moderator, editor):
    version = in_review(editor)
    client = CsrfClient(moderator)
    seen = seen_on(client.get(review_url(version)))
    edit_in_review(version, editor, summary_en="A new claim")
    at = (timezone.now() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.submit(move_url(version, "schedule"), {"seen": seen, "at": at})
    assert response.status_code == 400 and "A new claim" in response.content.decode()
    version.refresh_from_db()
    assert version.state == State.IN_REVIEW and version.go_live_at is None


def test_an_approval_that_names_no_revision_is_refused(moderator, editor):
    version = in_review(editor)
    response = CsrfClient(moderator).submit(move_url(version, "publish"), {"seen": ""})
    assert response.status_code == 400 and "which revision you reviewed" in response.content.decode()


# The decision panel -----------------------------------------------------------------------------


def test_the_decision_panel_approves_through_the_workflow_and_the_screen_then_says_what_is_live(moderator, editor):
    article, draft = update_in_review(editor, title_en="Revised", title_zh_hans="修订版")
    old_live = Article.objects.get(pk=article.pk).live_version
    client = CsrfClient(moderator)
    before = client.get(review_url(draft)).content.decode()
    assert f"Live now: version {old_live.number}." in before
    response = client.submit(decide_url(draft), {"move": "publish", "note": "Checked.", "at": "", "hours": "24"})
    assert response.status_code == 302 and response["Location"] == review_url(draft)
    article.refresh_from_db()
    assert article.live_version_id == draft.pk
    assert AuditEvent.objects.filter(action="publish", version=draft, note="Checked.").exists()
    after = client.get(review_url(draft)).content.decode()
    assert "This version is live now." in after and "nothing is live yet" not in after


def test_the_decision_panel_sends_a_draft_back_only_with_a_note(moderator, editor):
    version = in_review(editor)
    client = CsrfClient(moderator)
    response = client.submit(decide_url(version), {"move": "request_changes", "note": ""})
    assert response.status_code == 400
    version.refresh_from_db()
    assert version.state == State.IN_REVIEW
    response = client.submit(decide_url(version), {"move": "request_changes", "note": "Name the source."})
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.state == State.CHANGES_REQUESTED and version.review_note == "Name the source."


def test_the_decision_panel_refuses_an_editor_a_moderators_move(editor):
    version = in_review(editor)
    response = CsrfClient(editor).submit(decide_url(version), {"move": "publish"})
    assert response.status_code == 403
    version.refresh_from_db()
    assert version.state == State.IN_REVIEW


# Findings on the text -------------------------------------------------------------------------


def mismatched_in_review(editor):
    version = in_review(editor)
    ArticleVersion.objects.filter(pk=version.pk).update(
        title_en="Fab costs $2 billion", title_zh_hans="晶圆厂耗资30亿美元。据悉工期两年"
    )
    return version


def test_the_review_screen_runs_the_consistency_engine_once(moderator, editor, monkeypatch):
    from articles.consistency import engine

    version = mismatched_in_review(editor)
    calls = []
    original = engine.check_content
    monkeypatch.setattr(engine, "check_content", lambda **kw: calls.append(1) or original(**kw))
    monkeypatch.setattr("articles.review.views.check_content", engine.check_content)
    assert CsrfClient(moderator).get(review_url(version)).status_code == 200
    assert len(calls) == 1


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_review_screen_shows_a_finding_on_both_languages_text_with_fix_links_and_the_override(
    moderator, editor, language
):
    version = mismatched_in_review(editor)
    html = CsrfClient(moderator).get(review_url(version), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    sides = html[html.index('<div class="finding-sides">') :]
    sides = sides[: sides.index("</details>")]
    assert '<blockquote lang="en">Fab costs <mark>$2 billion</mark></blockquote>' in sides
    assert '<blockquote lang="zh-hans">晶圆厂耗资<mark>30亿美元</mark>。</blockquote>' in sides
    change = f"/admin/articles/articleversion/{version.pk}/change/"
    assert f'href="{change}#id_title_en"' in sides and f'href="{change}#id_title_zh_hans"' in sides
    assert f'action="/admin/moderation/version/{version.pk}/override/"' in html
    hedged = {"en": "” hedges in ", "zh-hans": "在中文中措辞留有余地"}[language]
    assert hedged in html


def test_an_unknown_name_finding_offers_to_create_the_entity(moderator, editor):
    EntityFactory(slug="maya-chen", kind="person", name_en="Maya Chen", name_zh_hans="陈玛雅")
    version = in_review(editor)
    ArticleVersion.objects.filter(pk=version.pk).update(
        title_en="Maya Chen opens the fab", title_zh_hans="赵文博为晶圆厂揭幕"
    )
    html = CsrfClient(moderator).get(review_url(version)).content.decode()
    assert "/admin/articles/entity/add/?name_zh_hans=%E8%B5%B5%E6%96%87%E5%8D%9A" in html


def test_the_decision_panel_without_a_move_changes_nothing(moderator, editor):
    version = in_review(editor)
    response = CsrfClient(moderator).submit(decide_url(version), {"move": "delete_everything"})
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.state == State.IN_REVIEW


def test_a_first_publication_scheduled_says_when_it_goes_live(moderator, editor):
    version = in_review(editor)
    client = CsrfClient(moderator)
    assert "Nothing is live: readers do not see this article." in client.get(review_url(version)).content.decode()
    at = (timezone.now() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.submit(decide_url(version), {"move": "schedule", "at": at, "note": ""})
    assert response.status_code == 302
    assert "This version is scheduled: it goes live at" in client.get(review_url(version)).content.decode()


@pytest.mark.parametrize(("language", "text"), [("en", "Decision"), ("zh-hans", "决定")])
def test_the_review_screen_speaks_each_interface_language(moderator, editor, language, text):
    version = in_review(editor)
    html = CsrfClient(moderator).get(review_url(version), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'<h2 id="decision-title">{text}</h2>' in html
