import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from articles import workflow
from articles.models import Article, ArticleVersion, AuditEvent
from articles.tests.factories import ArticleVersionFactory, full_version, override_checks, published_article

pytestmark = pytest.mark.django_db
State = ArticleVersion.State


def snapshot(article):
    article.refresh_from_db()
    return (
        article.live_version_id,
        article.draft_id,
        article.published_at,
        article.updated_at,
        list(ArticleVersion.objects.filter(article=article).order_by("pk").values_list("pk", "state")),
    )


def test_an_editor_can_submit_a_draft_for_review(editor):
    version = ArticleVersionFactory()
    workflow.version_submit(version=version, by=editor)
    version.refresh_from_db()
    assert version.state == State.IN_REVIEW
    assert version.submitted_by == editor
    event = AuditEvent.objects.get(action="submit")
    assert (event.actor, event.from_state, event.to_state) == (editor, State.DRAFT, State.IN_REVIEW)


def test_an_editor_cannot_publish_and_nothing_changes(editor):
    version = ArticleVersionFactory()
    workflow.version_submit(version=version, by=editor)
    before = snapshot(version.article)
    with pytest.raises(PermissionDenied):
        workflow.version_publish(version=version, by=editor)
    assert snapshot(version.article) == before
    assert not AuditEvent.objects.filter(action="publish").exists()


@pytest.mark.parametrize("move", ["version_publish", "version_request_changes", "version_schedule"])
def test_an_editor_cannot_make_a_moderators_move(editor, move):
    version = ArticleVersionFactory()
    workflow.version_submit(version=version, by=editor)
    before = snapshot(version.article)
    kwargs = {"note": "fix it"} if move == "version_request_changes" else {}
    if move == "version_schedule":
        kwargs["at"] = timezone.now() + datetime.timedelta(hours=1)
    with pytest.raises(PermissionDenied):
        getattr(workflow, move)(version=version, by=editor, **kwargs)
    assert snapshot(version.article) == before


def test_a_moderator_publishes_a_version_in_review(moderator):
    version = full_version()
    workflow.version_submit(version=version, by=moderator)
    workflow.version_publish(version=version, by=moderator, note="Checked both languages.")
    article = Article.objects.get(pk=version.article_id)
    assert article.live_version_id == version.pk
    assert article.draft_id is None
    assert article.published_at is not None and article.updated_at is None
    assert Article.objects.published().filter(pk=article.pk).exists()
    version.refresh_from_db()
    assert "<strong>capacity</strong>" in version.analysis_html_en
    assert "<strong>产能</strong>" in version.analysis_html_zh_hans
    assert AuditEvent.objects.get(action="publish").note == "Checked both languages."


def test_a_draft_cannot_be_published_without_review(moderator):
    version = ArticleVersionFactory()
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.version_publish(version=version, by=moderator)
    assert Article.objects.get(pk=version.article_id).live_version_id is None


def test_requesting_changes_needs_a_note_and_the_editor_sees_it(moderator, editor):
    version = ArticleVersionFactory()
    workflow.version_submit(version=version, by=editor)
    with pytest.raises(workflow.WorkflowError):
        workflow.version_request_changes(version=version, by=moderator, note="  ")
    workflow.version_request_changes(version=version, by=moderator, note="The Chinese title is missing a number.")
    version.refresh_from_db()
    assert version.state == State.CHANGES_REQUESTED
    assert version.review_note == "The Chinese title is missing a number."
    workflow.version_submit(version=version, by=editor)
    version.refresh_from_db()
    assert version.state == State.IN_REVIEW


def test_publishing_an_update_keeps_the_old_live_version_in_history(moderator, editor):
    article = published_article()
    first = article.live_version
    draft = workflow.article_start_draft(article=article, by=editor)
    assert draft.pk != first.pk and draft.number == 2
    workflow.version_submit(version=draft, by=editor)
    workflow.version_publish(version=draft, by=moderator)
    article.refresh_from_db()
    first.refresh_from_db()
    assert article.live_version_id == draft.pk
    assert first.state == State.SUPERSEDED
    assert article.updated_at is not None and article.updated_at >= article.published_at


def test_a_scheduled_first_publication_is_hidden_until_its_time(moderator):
    version = full_version()
    workflow.version_submit(version=version, by=moderator)
    at = timezone.now() + datetime.timedelta(hours=2)
    workflow.version_schedule(version=version, by=moderator, at=at)
    article = Article.objects.get(pk=version.article_id)
    assert article.state == "scheduled"
    assert not Article.objects.published().filter(pk=article.pk).exists()
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - datetime.timedelta(seconds=1))
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_scheduling_in_the_past_is_refused(moderator):
    version = ArticleVersionFactory()
    workflow.version_submit(version=version, by=moderator)
    with pytest.raises(workflow.WorkflowError):
        workflow.version_schedule(version=version, by=moderator, at=timezone.now() - datetime.timedelta(minutes=1))


def test_a_scheduled_update_goes_live_once_when_due(moderator):
    article = published_article()
    draft = workflow.article_start_draft(article=article, by=moderator)
    workflow.version_submit(version=draft, by=moderator)
    at = timezone.now() + datetime.timedelta(minutes=30)
    workflow.version_schedule(version=draft, by=moderator, at=at)
    assert workflow.publish_due() == []
    published = workflow.publish_due(now=at + datetime.timedelta(seconds=1))
    assert [v.pk for v in published] == [draft.pk]
    assert workflow.publish_due(now=at + datetime.timedelta(seconds=2)) == []
    article.refresh_from_db()
    assert article.live_version_id == draft.pk
    assert article.updated_at == at


def test_unpublishing_hides_the_article_and_keeps_its_versions(moderator):
    article = published_article()
    workflow.article_unpublish(article=article, by=moderator, note="Legal hold.")
    article.refresh_from_db()
    assert article.live_version_id is None
    assert article.state == "unpublished"
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert ArticleVersion.objects.get(article=article).state == State.UNPUBLISHED


def test_restoring_an_old_version_makes_a_new_draft_with_its_content(moderator, editor):
    article = published_article()
    first = article.live_version
    draft = workflow.article_start_draft(article=article, by=editor)
    ArticleVersion.objects.filter(pk=draft.pk).update(title_en="Second title", title_zh_hans="第二个标题")
    workflow.version_submit(version=draft, by=editor)
    workflow.version_publish(version=draft, by=moderator)
    restored = workflow.version_restore(version=first, by=moderator)
    assert restored.state == State.DRAFT and restored.number == 3
    assert restored.title_en == first.title_en
    article.refresh_from_db()
    assert article.draft_id == restored.pk and article.live_version_id == draft.pk


def test_an_editor_cannot_restore(editor):
    article = published_article()
    with pytest.raises(PermissionDenied):
        workflow.version_restore(version=article.live_version, by=editor)
    assert ArticleVersion.objects.filter(article=article).count() == 1


def test_every_move_writes_exactly_one_audit_event(moderator):
    version = full_version()
    workflow.version_submit(version=version, by=moderator)
    workflow.version_publish(version=version, by=moderator)
    workflow.article_unpublish(article=version.article, by=moderator)
    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True)) == [
        "submit",
        "publish",
        "unpublish",
    ]


def test_audit_events_cannot_be_changed_or_deleted(moderator):
    version = ArticleVersionFactory()
    workflow.version_submit(version=version, by=moderator)
    event = AuditEvent.objects.get()
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.update(note="rewritten")


def test_a_version_sent_back_returns_to_draft_keeping_the_moderators_note(moderator, editor):
    version = ArticleVersionFactory()
    workflow.version_submit(version=version, by=editor)
    workflow.version_request_changes(version=version, by=moderator, note="Add a source.")
    workflow.version_revise(version=version, by=editor)
    version.refresh_from_db()
    assert version.state == State.DRAFT and version.review_note == "Add a source."
    event = AuditEvent.objects.get(action="revise")
    assert (event.actor, event.from_state, event.to_state) == (editor, State.CHANGES_REQUESTED, State.DRAFT)
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.version_revise(version=version, by=editor)


def test_only_a_moderator_creates_and_revokes_share_links(moderator, editor):
    version = ArticleVersionFactory()
    with pytest.raises(PermissionDenied):
        workflow.share_link_create(version=version, by=editor)
    link = workflow.share_link_create(version=version, by=moderator)
    assert link.expires_at - link.created_at == datetime.timedelta(hours=72)
    with pytest.raises(PermissionDenied):
        workflow.share_link_revoke(link=link, by=editor)
    workflow.share_link_revoke(link=link, by=moderator)
    link.refresh_from_db()
    assert link.revoked_at is not None and not link.is_active()
    with pytest.raises(workflow.WorkflowError):
        workflow.share_link_revoke(link=link, by=moderator)
    with pytest.raises(workflow.WorkflowError):
        workflow.share_link_create(version=version, by=moderator, hours=0)
    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True)) == [
        "share_link_create",
        "share_link_revoke",
    ]


def test_resubmitting_clears_the_moderators_note_and_the_audit_trail_keeps_it(moderator, editor):
    version = ArticleVersionFactory()
    workflow.version_submit(version=version, by=editor)
    workflow.version_request_changes(version=version, by=moderator, note="Add a source.")
    workflow.version_revise(version=version, by=editor)
    version.refresh_from_db()
    assert version.open_review_note == "Add a source."
    workflow.version_submit(version=version, by=editor)
    version.refresh_from_db()
    assert version.review_note == "" and version.open_review_note == ""
    assert AuditEvent.objects.get(action="request_changes").note == "Add a source."


# Approval binds to the reviewed revision -------------------------------------------------------


def test_an_approval_by_a_person_must_name_the_reviewed_revision(moderator):
    version = full_version()
    workflow.version_submit(version=version)
    with pytest.raises(workflow.WorkflowError, match="which revision you reviewed"):
        workflow.perform("publish", version=version, by=moderator)
    version.refresh_from_db()
    assert version.state == ArticleVersion.State.IN_REVIEW


def test_a_change_made_without_a_save_through_the_form_still_voids_the_reviewed_stamp(moderator):
    version = full_version(title_en="What the moderator read")
    workflow.version_submit(version=version)
    override_checks(version, moderator)
    seen = workflow.review_stamp(version)
    version.tldr_items.update(text_en="A line nobody reviewed")  # same revision number
    with pytest.raises(workflow.ReviewedRevisionChanged):
        workflow.perform("publish", version=version, by=moderator, seen=seen)
    assert not Article.objects.filter(live_version=version).exists()
    workflow.perform("publish", version=version, by=moderator, seen=workflow.review_stamp(version))
    assert Article.objects.filter(live_version=version).exists()


def test_a_stamp_of_another_version_is_refused(moderator):
    one, other = full_version(), full_version()
    workflow.version_submit(version=one)
    with pytest.raises(workflow.WorkflowError, match="another version"):
        workflow.perform("publish", version=one, by=moderator, seen=workflow.review_stamp(other))
