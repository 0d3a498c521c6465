"""The moves table (articles/workflow/moves.py) and the one dispatcher, ``workflow.perform``."""

import datetime

import pytest
from django.utils import timezone, translation

from articles import signals, workflow
from articles.models import ArticleVersion, AuditEvent
from articles.tests.factories import SectionFactory, full_version, published_article
from articles.workflow.moves import MOVES

pytestmark = pytest.mark.django_db
State = ArticleVersion.State


@pytest.fixture
def sent():
    """Every version_changed / published / unpublished signal sent, as (signal name, action)."""
    received = []

    def receiver(name):
        def record(sender, action=None, **kwargs):
            received.append((name, action))

        return record

    receivers = {name: receiver(name) for name in ("version_changed", "article_published", "article_unpublished")}
    for name, function in receivers.items():
        getattr(signals, name).connect(function, dispatch_uid=f"test-{name}")
    yield received
    for name in receivers:
        getattr(signals, name).disconnect(dispatch_uid=f"test-{name}")


def test_every_move_has_its_labels_in_both_languages():
    english = {name: [str(move.verb), str(move.button), str(move.done), str(move.past)] for name, move in MOVES.items()}
    with translation.override("zh-hans"):
        for name, move in MOVES.items():
            chinese = [str(move.verb), str(move.button), str(move.done), str(move.past)]
            assert all(chinese) and all(c != e for c, e in zip(chinese, english[name], strict=True)), name


def test_the_table_says_which_moves_need_a_note_or_a_go_live_time():
    assert [name for name, move in MOVES.items() if move.note_required] == ["request_changes"]
    assert [name for name, move in MOVES.items() if move.go_live_time] == ["schedule"]


@pytest.mark.parametrize("move", ["create", "start_draft", "restore"])
def test_create_start_draft_and_restore_write_an_audit_row_and_signal_on_commit(
    move, moderator, sent, django_capture_on_commit_callbacks
):
    article = published_article()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        if move == "create":
            version = workflow.article_create(slug="fresh", section=SectionFactory(), by=moderator)
        elif move == "start_draft":
            version = workflow.article_start_draft(article=article, by=moderator)
        else:
            version = workflow.version_restore(version=article.live_version, by=moderator)
    assert AuditEvent.objects.filter(version=version, action=move, actor=moderator).count() == 1
    assert ("version_changed", move) not in sent  # not before the commit
    for callback in callbacks:
        callback()
    assert ("version_changed", move) in sent


def test_perform_makes_the_move_the_table_names_and_its_signal_follows(
    moderator, sent, django_capture_on_commit_callbacks
):
    draft = full_version()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform("submit", version=draft, by=moderator)
        workflow.perform("publish", version=draft, by=moderator, seen=workflow.review_stamp(draft))
    draft.refresh_from_db()
    assert draft.state == State.APPROVED and draft.article.live_version_id == draft.pk
    assert ("version_changed", "submit") in sent and ("article_published", "publish") in sent


def test_perform_schedules_at_the_given_time(moderator):
    draft = full_version()
    workflow.perform("submit", version=draft, by=moderator)
    at = timezone.now() + datetime.timedelta(hours=2)
    workflow.perform("schedule", version=draft, by=moderator, at=at, seen=workflow.review_stamp(draft))
    draft.refresh_from_db()
    assert (draft.state, draft.go_live_at) == (State.APPROVED, at)


def test_only_the_live_version_can_be_unpublished_and_the_table_says_so(moderator):
    article = published_article()
    update = workflow.article_start_draft(article=article, by=moderator)
    workflow.perform("submit", version=update, by=moderator)
    workflow.perform(
        "schedule",
        version=update,
        by=moderator,
        at=timezone.now() + datetime.timedelta(days=1),
        seen=workflow.review_stamp(update),
    )
    update.refresh_from_db()
    assert update.state == State.APPROVED  # a scheduled update: approved, but not the live version
    assert "unpublish" not in workflow.allowed_moves(version=update, user=moderator)
    with pytest.raises(workflow.TransitionNotAllowed, match="Only the live version can be unpublished"):
        workflow.perform("unpublish", version=update, by=moderator)
    article.refresh_from_db()
    assert article.live_version.state == State.APPROVED  # nothing was unpublished
    assert "unpublish" in workflow.allowed_moves(version=article.live_version, user=moderator)


def test_the_working_draft_is_not_offered_for_restore_and_cannot_be_restored_onto_itself(moderator):
    draft = full_version()
    assert "restore" not in workflow.allowed_moves(version=draft, user=moderator)
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.perform("restore", version=draft, by=moderator)
    assert not AuditEvent.objects.filter(action="restore").exists()


def test_perform_refuses_an_unknown_move_and_create(moderator):
    draft = full_version()
    for move in ("explode", "create"):
        with pytest.raises(workflow.WorkflowError, match="Unknown action"):
            workflow.perform(move, version=draft, by=moderator)
