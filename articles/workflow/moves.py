"""
The moves table: every move an article or a version can make, in one place.

For each move: the states it starts from, the state it ends in, the permission it needs, its
guards (conditions beyond the state, checked by ``allowed_moves`` and by the dispatcher
``workflow.perform``), its labels in both languages (the verb in error messages, the button, the
confirmation, the history line), the form fields it asks for (a required note, a go-live time)
and the signal it sends once committed. The functions in ``articles.workflow`` make the moves;
this table is what they, the admin buttons, the review screen and the bulk actions read.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import ArticleVersion

State = ArticleVersion.State

EDIT_PERMISSION = "articles.change_articleversion"
PUBLISH_PERMISSION = "articles.publish_article"

# The signal a move sends on commit (``articles.signals``).
PUBLISHED, UNPUBLISHED, CHANGED = "article_published", "article_unpublished", "version_changed"


def is_live(version):
    """Guard: the version is its article's live version."""
    if version.article.live_version_id != version.pk:
        return gettext("Only the live version can be unpublished.")
    return None


def is_pending(version):
    """Guard: an approved version that has not gone live yet."""
    article = version.article
    pending = article.draft_id == version.pk or (
        article.live_version_id == version.pk
        and article.published_at is not None
        and article.published_at > timezone.now()
    )
    return None if pending else gettext("Only a version that has not gone live yet can be unscheduled.")


def is_not_working_draft(version):
    """Guard: restoring the working draft onto itself would change nothing."""
    if version.article.draft_id == version.pk:
        return gettext("This version is already the working draft.")
    return None


@dataclass(frozen=True)
class Move:
    name: str
    sources: frozenset
    target: str
    permission: str
    verb: str  # "Cannot %(verb)s a version that is …"
    button: str  # the button and the form title
    done: str  # the confirmation after the move
    past: str  # the line in an article's history
    signal: str = CHANGED
    guards: tuple = ()
    note_required: bool = False
    go_live_time: bool = False  # the form asks when the version goes live
    on_article: bool = False  # made on the article (its live version), not on a given version
    primary: bool = False  # the button a screen offers first (drawn as the default action)

    def refusal(self, version):
        """The first guard's message if a guard refuses ``version``, else ``None``."""
        for guard in self.guards:
            message = guard(version)
            if message:
                return message
        return None


MOVES = {
    move.name: move
    for move in (
        Move(
            "create",
            frozenset(),
            State.DRAFT,
            EDIT_PERMISSION,
            _("create"),
            _("Add article"),
            _("The article was created."),
            _("created"),
        ),
        Move(
            "start_draft",
            frozenset({State.APPROVED, State.UNPUBLISHED}),
            State.DRAFT,
            EDIT_PERMISSION,
            _("start a draft from"),
            _("Edit: start a new draft from this version"),
            _("A new working draft was started from this version."),
            _("started a draft"),
            primary=True,
        ),
        Move(
            "submit",
            frozenset({State.DRAFT, State.CHANGES_REQUESTED}),
            State.IN_REVIEW,
            EDIT_PERMISSION,
            _("submit"),
            _("Submit for review"),
            _("Submitted for review."),
            _("submitted for review"),
        ),
        Move(
            "withdraw",
            frozenset({State.IN_REVIEW}),
            State.DRAFT,
            EDIT_PERMISSION,
            _("withdraw"),
            _("Withdraw from review"),
            _("Withdrawn from review: back to draft."),
            _("withdrew from review"),
        ),
        Move(
            "revise",
            frozenset({State.CHANGES_REQUESTED}),
            State.DRAFT,
            EDIT_PERMISSION,
            _("take back into draft"),
            _("Back to draft"),
            _("Back to draft"),
            _("took back into draft"),
        ),
        Move(
            "publish",
            frozenset({State.IN_REVIEW}),
            State.APPROVED,
            PUBLISH_PERMISSION,
            _("publish"),
            _("Approve and publish now"),
            _("Published: this version is live."),
            _("published"),
            signal=PUBLISHED,
            primary=True,
        ),
        Move(
            "schedule",
            frozenset({State.IN_REVIEW}),
            State.APPROVED,
            PUBLISH_PERMISSION,
            _("schedule"),
            _("Approve and schedule"),
            _("Scheduled."),
            _("scheduled"),
            go_live_time=True,
        ),
        Move(
            "request_changes",
            frozenset({State.IN_REVIEW}),
            State.CHANGES_REQUESTED,
            PUBLISH_PERMISSION,
            _("request changes on"),
            _("Request changes"),
            _("Changes requested: the editor sees your note."),
            _("requested changes"),
            note_required=True,
        ),
        Move(
            "unschedule",
            frozenset({State.APPROVED}),
            State.IN_REVIEW,
            PUBLISH_PERMISSION,
            _("unschedule"),
            _("Unschedule"),
            _("Unscheduled: back in review."),
            _("unscheduled"),
            guards=(is_pending,),
        ),
        Move(
            "unpublish",
            frozenset({State.APPROVED}),
            State.UNPUBLISHED,
            PUBLISH_PERMISSION,
            _("unpublish"),
            _("Unpublish"),
            _("Unpublished: readers no longer see the article."),
            _("unpublished"),
            signal=UNPUBLISHED,
            guards=(is_live,),
            on_article=True,
        ),
        Move(
            "restore",
            frozenset(State.values),
            State.DRAFT,
            PUBLISH_PERMISSION,
            _("restore"),
            _("Restore as a new draft"),
            _("This version was restored as the new working draft."),
            _("restored"),
            guards=(is_not_working_draft,),
        ),
    )
}

# Audit actions that are not moves a person asks for, with their history lines.
OTHER_ACTIONS = {
    "discard": _("discarded"),
    "publish_scheduled": _("published as scheduled"),
    "checks_override": _("approved despite the consistency checks"),
    "ai_override": _("changed the AI disclaimer"),
    "change_slug": _("changed the address"),
}


def history_label(action):
    """The history line of an audit action: a move's ``past`` label, or a recorded note's."""
    if action in MOVES:
        return MOVES[action].past
    return OTHER_ACTIONS.get(action, action)
