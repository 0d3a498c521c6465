"""Workflow buttons on the version form: each calls articles.workflow; errors change nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, ArticleVersion, AuditEvent
from articles.tests.admin_pages import browser, csrf_token, hidden_values, messages_of
from articles.tests.factories import full_version, published_article

pytestmark = pytest.mark.django_db
State = ArticleVersion.State


def change_url(version):
    return reverse("admin:articles_articleversion_change", args=[version.pk])


def press(client, version, move, **extra):
    """Open the version's page and press a workflow button on it."""
    page = client.get(change_url(version))
    assert page.status_code == 200
    return client.post(
        reverse("admin:articles_articleversion_move", args=[version.pk]),
        {"csrfmiddlewaretoken": csrf_token(page), "move": move, **hidden_values(page, "seen"), **extra},
        follow=True,
    )


def buttons(client, version):
    page = client.get(change_url(version)).content.decode()
    return {move for move in workflow.TRANSITIONS if f'name="move" value="{move}"' in page}


def test_editors_see_submit_then_withdraw_and_no_moderator_buttons(editor):
    draft = full_version()
    client = browser(editor)
    assert buttons(client, draft) == {"submit"}
    response = press(client, draft, "submit")
    draft.refresh_from_db()
    assert draft.state == State.IN_REVIEW and "Submitted for review." in messages_of(response)
    assert buttons(client, draft) == {"withdraw"}
    press(client, draft, "withdraw")
    draft.refresh_from_db()
    assert draft.state == State.DRAFT
    assert [e.action for e in AuditEvent.objects.filter(version=draft)] == ["withdraw", "submit"]


def test_moderators_see_publish_schedule_request_changes_and_unpublish(moderator):
    draft = full_version()
    workflow.version_submit(version=draft)
    client = browser(moderator)
    assert buttons(client, draft) == {"withdraw", "publish", "schedule", "request_changes"}
    press(client, draft, "publish")
    draft.refresh_from_db()
    assert draft.state == State.APPROVED and draft.article.live_version_id == draft.pk
    assert "unpublish" in buttons(client, draft) and "start_draft" in buttons(client, draft)
    press(client, draft, "unpublish")
    article = Article.objects.get(pk=draft.article_id)
    assert article.live_version is None and not article.is_published()


def test_an_editor_posting_a_moderator_move_gets_403_and_nothing_changes(editor):
    draft = full_version()
    workflow.version_submit(version=draft)
    client = browser(editor)
    for move in ("publish", "request_changes", "schedule"):
        page = client.get(change_url(draft))
        response = client.post(
            reverse("admin:articles_articleversion_move", args=[draft.pk]),
            {
                "csrfmiddlewaretoken": csrf_token(page),
                "move": move,
                "note": "x",
                "at": (timezone.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
            },
        )
        assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.state == State.IN_REVIEW and draft.article.live_version is None
    assert not AuditEvent.objects.filter(version=draft).exclude(action="submit").exists()


def test_a_workflow_error_is_shown_and_leaves_the_database_unchanged(moderator):
    draft = full_version(title_en="", title_zh_hans="")
    client = browser(moderator)
    response = press(client, draft, "submit")
    assert "Give the article a title in at least one language first." in messages_of(response)
    draft.refresh_from_db()
    assert draft.state == State.DRAFT and not AuditEvent.objects.filter(version=draft).exists()

    draft = full_version()
    workflow.version_submit(version=draft)
    for extra, message in (
        ({}, "A note for the editor is required."),
        ({"note": "   "}, "A note for the editor is required."),
    ):
        response = press(client, draft, "request_changes", **extra)
        assert message in messages_of(response)
    for at in ("", "tomorrow", (timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")):
        response = press(client, draft, "schedule", at=at)
        assert any("date and time" in m or "must be in the future" in m for m in messages_of(response)), at
    draft.refresh_from_db()
    assert draft.state == State.IN_REVIEW and draft.go_live_at is None and draft.review_note == ""


def test_a_crafted_unknown_move_is_refused_with_a_message(editor):
    draft = full_version()
    response = press(browser(editor), draft, "make_live")
    assert "Unknown action “make_live”." in messages_of(response)
    draft.refresh_from_db()
    assert draft.state == State.DRAFT


def test_scheduling_from_the_form_approves_the_version_for_that_time(moderator):
    draft = full_version()
    workflow.version_submit(version=draft)
    at = (timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)
    press(browser(moderator), draft, "schedule", at=at.strftime("%Y-%m-%dT%H:%M"))
    draft.refresh_from_db()
    assert draft.state == State.APPROVED and draft.go_live_at == at
    assert Article.objects.get(pk=draft.article_id).published_at == at


def test_requested_changes_show_the_note_to_the_editor_with_the_history(moderator, editor):
    draft = full_version()
    workflow.version_submit(version=draft, by=editor)
    press(browser(moderator), draft, "request_changes", note="Cite the source of the 1.6 GW figure.")
    for language, heading in (("en", "Changes requested by the moderator"), ("zh-hans", "审核员要求修改")):
        client = browser(editor)
        client.cookies["django_language"] = language
        page = client.get(change_url(draft)).content.decode()
        assert heading in page and "Cite the source of the 1.6 GW figure." in page
        assert 'class="audit-trail" open' in page and moderator.username in page and editor.username in page
    draft.refresh_from_db()
    assert draft.state == State.CHANGES_REQUESTED and draft.review_note.startswith("Cite")


def test_workflow_posts_need_the_csrf_token(editor):
    draft = full_version()
    client = browser(editor)
    response = client.post(reverse("admin:articles_articleversion_move", args=[draft.pk]), {"move": "submit"})
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.state == State.DRAFT


def test_restoring_an_old_version_makes_a_new_draft_from_it(moderator):
    article = published_article(title_en="First take", title_zh_hans="初稿")
    first = article.live_version
    draft = workflow.article_start_draft(article=article, by=moderator)
    draft.title_en = "Second take"
    draft.save()
    workflow.version_submit(version=draft, by=moderator)
    workflow.version_publish(version=draft, by=moderator)
    response = press(browser(moderator), first, "restore")
    article.refresh_from_db()
    assert article.draft.title_en == "First take" and article.draft.based_on_id == first.pk
    assert response.redirect_chain[-1][0] == change_url(article.draft)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_buttons_above_the_form_are_the_moves_tables_labels_in_the_interface_language(client, moderator, language):
    from django.utils import translation

    from articles.workflow.moves import MOVES

    version = full_version()
    workflow.version_submit(version=version)
    client.force_login(moderator)
    page = client.get(change_url(version), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    with translation.override(language):
        for name in ("withdraw", "publish", "schedule", "request_changes"):
            assert f'value="{name}"' in page
            assert str(MOVES[name].button) in page, name


def test_publishing_from_a_form_loaded_before_an_edit_is_refused_naming_what_changed(moderator, editor):
    draft = full_version(title_en="Seen by the moderator")
    workflow.version_submit(version=draft)
    client = browser(moderator)
    page = client.get(change_url(draft))
    ArticleVersion.objects.filter(pk=draft.pk).update(title_en="Saved by an editor afterwards")
    draft.refresh_from_db()
    workflow.version_saved(version=draft, by=editor)
    response = client.post(
        reverse("admin:articles_articleversion_move", args=[draft.pk]),
        {"csrfmiddlewaretoken": csrf_token(page), "move": "publish", **hidden_values(page, "seen")},
        follow=True,
    )
    assert any("changed after you reviewed it" in message for message in messages_of(response))
    draft.refresh_from_db()
    assert draft.state == State.IN_REVIEW and draft.article.live_version_id is None
