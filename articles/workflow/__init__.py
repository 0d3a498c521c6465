"""
The only place that changes an article's state.

Every move is a keyword-only function that
1. checks the move against the moves table ``MOVES`` (``articles.workflow.moves``; else
   ``TransitionNotAllowed``),
2. checks the user's permission on the server (else ``PermissionDenied``; ``by=None`` means
   the system itself: management commands and the scheduler),
3. runs in a transaction with the article row locked,
4. writes an append-only ``AuditEvent`` (who, when, from, to, note),
5. bumps the publication generation in the same transaction when what readers see changes (so
   every cached page is stale the moment it commits, whatever the cache is doing), and
6. records its side effects (search index, mention index) as an ``AfterCommitJob`` row in the
   same transaction and sends its signal on commit (``articles.workflow.after_commit``); a job
   that fails is retried by ``publish_scheduled``/``repair``. ``create``, ``start_draft`` and
   ``restore`` included.

Approvals (``publish``, ``schedule``) made by a person name the revision they reviewed
(``seen``, from ``review_stamp``); a version changed since is refused with what changed
(``ReviewedRevisionChanged``). See docs/workflow.md.
Admin buttons, the review screen and bulk actions go through ``perform``; imports and commands
call these functions; nothing else
assigns ``state``, ``live_version``, ``draft`` or the publication times.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.languages import LANGUAGE_CODES, column, translated
from articles.models import Article, ArticleVersion, AuditEvent, ShareLink, SlugRedirect
from articles.models.articles import slug_validator
from articles.reader import page_cache
from articles.reader.rendering import render_analysis
from articles.workflow.after_commit import job_record
from articles.workflow.copying import version_copy
from articles.workflow.moves import EDIT_PERMISSION, MOVES, PUBLISH_PERMISSION

State = ArticleVersion.State

SHARE_LINK_HOURS = 72
SHARE_LINK_MAX_HOURS = 24 * 30


class WorkflowError(Exception):
    """A move that cannot be made as asked; the message is for the person who asked."""


class TransitionNotAllowed(WorkflowError):
    pass


class ChecksBlockApproval(WorkflowError):
    """Approval refused by high-severity consistency findings; a moderator may record an override."""


class ReviewedRevisionChanged(WorkflowError):
    """
    Approval refused: the version is no longer the revision the moderator reviewed. ``changes``
    holds what changed since (``articles.admin.conflicts.content_diff``), or ``None`` when the
    reviewed revision's content was not kept.
    """

    def __init__(self, message, changes=None):
        super().__init__(message)
        self.changes = changes


# Moves that approve content: a person making one names the revision they reviewed.
APPROVALS = ("publish", "schedule")


# The moves table (``articles.workflow.moves``): sources, target, permission, guards, labels.
TRANSITIONS = MOVES


def allowed_moves(*, version, user):
    """Names of the moves ``user`` may make on ``version`` now (for showing buttons only)."""
    return [
        name
        for name, move in MOVES.items()
        if version.state in move.sources and user.has_perm(move.permission) and move.refusal(version) is None
    ]


def perform(move, *, version, by=None, note="", at=None, seen=None):
    """
    Make ``move`` on ``version``: the one dispatcher behind the admin buttons, the review screen
    and the bulk actions. Refuses an unknown move and one the table's guards refuse; the move's
    function checks the rest. An approval by a person must carry ``seen``, the ``review_stamp``
    of what they reviewed. Returns the version to show next.
    """
    entry = MOVES.get(move)
    if entry is None or move == "create":
        raise WorkflowError(_("Unknown action “%(move)s”.") % {"move": str(move)[:40]})
    if entry.on_article or version.state in entry.sources:  # else the move's function names the state
        refusal = entry.refusal(version)
        if refusal:
            raise TransitionNotAllowed(refusal)
    if move == "start_draft":
        return article_start_draft(article=version.article, by=by)
    if move == "unpublish":
        article_unpublish(article=version.article, by=by, note=note)
        return version
    if move in APPROVALS and by is not None and not seen:
        _check_permission(by, entry.permission)  # someone who may not approve hears that first
        raise WorkflowError(
            _("This approval does not say which revision you reviewed. Reload the page and approve again.")
        )
    if move == "schedule":
        return version_schedule(version=version, by=by, at=at, note=note, seen=seen)
    if move == "publish":
        return version_publish(version=version, by=by, note=note, seen=seen)
    function = {
        "submit": version_submit,
        "withdraw": version_withdraw,
        "revise": version_revise,
        "request_changes": version_request_changes,
        "unschedule": version_unschedule,
        "restore": version_restore,
    }[move]
    return function(version=version, by=by, note=note)


# Creating and editing -------------------------------------------------------------------------


@transaction.atomic
def article_create(*, slug, section, by=None, note=""):
    """Create an article and its first draft; return the draft."""
    _check_permission(by, EDIT_PERMISSION)
    article = Article.objects.create(slug=slug)
    version = ArticleVersion.objects.create(article=article, number=1, section=section, created_by=by, modified_by=by)
    article.draft = version
    article.save(update_fields=["draft"])
    _audit(article, version, by, "create", "", State.DRAFT, note)
    _changed(version, "create")
    return version


@transaction.atomic
def article_start_draft(*, article, by=None):
    """
    Return the article's working draft, creating it as a copy of the live (or latest) version
    when there is none. The live version's rows are never touched.
    """
    article = _lock(article)
    if article.draft_id:
        return article.draft
    _check_permission(by, EDIT_PERMISSION)
    source = article.live_version or article.versions.order_by("-number").first()
    if source is None:
        raise WorkflowError(_("This article has no version to start a draft from."))
    draft = version_copy(version=source, by=by)
    article.draft = draft
    article.save(update_fields=["draft"])
    _audit(article, draft, by, "start_draft", source.state, State.DRAFT, "", {"from_version": source.number})
    _changed(draft, "start_draft")
    return draft


def version_saved(*, version, by=None):
    """
    Record that an editor saved ``version``: bump its revision (edit conflicts compare it) and
    its modification stamp. Call inside the transaction that saved the content.
    """
    if not version.is_editable:
        raise TransitionNotAllowed(
            _("Version %(number)s is %(state)s and can no longer be edited.")
            % {"number": version.number, "state": version.get_state_display()}
        )
    _check_permission(by, EDIT_PERMISSION)
    ArticleVersion.objects.filter(pk=version.pk).update(
        revision=version.revision + 1, modified_at=timezone.now(), modified_by=by
    )
    version.revision += 1
    job_record(signal="version_changed", version=version, action="save")


@transaction.atomic
def article_change_slug(*, article, slug, by=None, note=""):
    """
    Give ``article`` a new address. The old slug becomes a ``SlugRedirect`` so that old links keep
    working (301 to the new address, in every language); a slug taken by another article, or by
    another article's old address, is refused. Going back to one of the article's own old slugs
    drops that redirect.
    """
    _check_permission(by, PUBLISH_PERMISSION)
    article = _lock(article)
    slug = (slug or "").strip()
    try:
        slug_validator(slug)
    except ValidationError as error:
        raise WorkflowError(" ".join(error.messages)) from None
    if slug == article.slug:
        raise WorkflowError(_("The article already has the address “%(slug)s”.") % {"slug": slug})
    taken = Article.objects.filter(slug=slug).exists() or (
        SlugRedirect.objects.filter(old_slug=slug).exclude(article=article).exists()
    )
    if taken:
        raise WorkflowError(_("An article with the address “%(slug)s” already exists.") % {"slug": slug})
    old = article.slug
    SlugRedirect.objects.filter(article=article, old_slug=slug).delete()
    SlugRedirect.objects.create(article=article, old_slug=old)
    article.slug = slug
    article.save(update_fields=["slug"])
    version = article.live_version or article.draft
    _audit(article, version, by, "change_slug", "", "", note, {"from": old, "to": slug})
    page_cache.purge()
    if version is not None:
        _changed(version, "change_slug")
    return article


# Review ---------------------------------------------------------------------------------------


@transaction.atomic
def version_submit(*, version, by=None, note=""):
    version = _begin("submit", version, by)
    _require_content(version)
    from_state = version.state
    version.state = State.IN_REVIEW
    version.submitted_at = timezone.now()
    version.submitted_by = by
    version.review_note = ""  # resubmitting answers the moderator's note; the audit trail keeps it
    version.save(update_fields=["state", "submitted_at", "submitted_by", "review_note"])
    return _finish("submit", version, by, from_state, note)


@transaction.atomic
def version_withdraw(*, version, by=None, note=""):
    version = _begin("withdraw", version, by)
    from_state = version.state
    version.state = State.DRAFT
    version.save(update_fields=["state"])
    return _finish("withdraw", version, by, from_state, note)


@transaction.atomic
def version_request_changes(*, version, by=None, note=""):
    version = _begin("request_changes", version, by, note=note)
    from_state = version.state
    version.state = State.CHANGES_REQUESTED
    version.review_note = note.strip()
    version.save(update_fields=["state", "review_note"])
    return _finish("request_changes", version, by, from_state, note)


@transaction.atomic
def version_revise(*, version, by=None, note=""):
    """Take a version the moderator sent back into draft again; its ``review_note`` stays for the editor."""
    version = _begin("revise", version, by)
    from_state = version.state
    version.state = State.DRAFT
    version.save(update_fields=["state"])
    return _finish("revise", version, by, from_state, note)


@transaction.atomic
def version_publish(*, version, by=None, note="", published_at=None, updated_at=None, enforce_checks=None, seen=None):
    """
    Approve ``version`` and make it live now. For the first publication ``published_at`` may
    give the publication time (importers); a later one sets the article's "updated" time
    (``updated_at``, default now). The previous live version is kept as SUPERSEDED.

    Refused while the consistency checks report high-severity findings that no override covers
    (see ``_require_checks``), and when ``seen`` is given and the version is no longer that
    revision (see ``review_stamp``).
    """
    version = _begin("publish", version, by)
    _require_reviewed(version, seen)
    _require_content(version)
    _require_checks(version, by, enforce_checks)
    now = timezone.now()
    from_state = version.state
    _go_live(version, by, at=now, published_at=published_at, updated_at=updated_at)
    return _finish("publish", version, by, from_state, note, {"at": now.isoformat()}, live=True)


@transaction.atomic
def version_schedule(*, version, by=None, at, note="", enforce_checks=None, seen=None):
    """
    Approve ``version`` to go live at ``at`` (in the future). A first publication is visible from
    that moment on by the ``published()`` rule alone; an update of a live article is swapped in by
    ``publish_due`` (the ``publish_scheduled`` command).
    """
    version = _begin("schedule", version, by)
    _require_reviewed(version, seen)
    _require_content(version)
    _require_checks(version, by, enforce_checks)
    now = timezone.now()
    if at is None or at <= now:
        raise WorkflowError(_("A scheduled time must be in the future."))
    article = version.article
    from_state = version.state
    version.state = State.APPROVED
    version.approved_at = now
    version.approved_by = by
    version.go_live_at = at
    _render(version)
    version.save()
    if article.live_version_id is None:
        article.live_version = version
        article.draft = None
        article.published_at = at
        article.updated_at = None
        article.save(update_fields=["live_version", "draft", "published_at", "updated_at"])
    return _finish("schedule", version, by, from_state, note, {"at": at.isoformat()})


@transaction.atomic
def version_unschedule(*, version, by=None, note=""):
    """Take a scheduled version back to review before its time has come."""
    version = _begin("unschedule", version, by)
    refusal = MOVES["unschedule"].refusal(version)
    if refusal:
        raise TransitionNotAllowed(refusal)
    article = version.article
    from_state = version.state
    if article.live_version_id == version.pk:
        article.live_version = None
        article.published_at = None
    article.draft = version
    article.save(update_fields=["live_version", "draft", "published_at"])
    version.state = State.IN_REVIEW
    version.go_live_at = None
    version.save(update_fields=["state", "go_live_at"])
    return _finish("unschedule", version, by, from_state, note, live=False)


def publish_due(*, now=None):
    """
    Swap in every scheduled update whose time has come; return the versions published.
    Idempotent: a second run finds nothing left to do.
    """
    now = now or timezone.now()
    due = ArticleVersion.objects.filter(state=State.APPROVED, go_live_at__lte=now, draft_for__isnull=False)
    published = []
    for version_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            version = ArticleVersion.objects.select_related("article").get(pk=version_id)
            article = _lock(version.article)
            if article.draft_id != version.pk or version.state != State.APPROVED:
                continue  # someone else got there first
            _go_live(version, None, at=version.go_live_at, updated_at=version.go_live_at)
            _finish(
                "publish_scheduled",
                version,
                None,
                State.APPROVED,
                "",
                {"at": version.go_live_at.isoformat()},
                live=True,
            )
            published.append(version)
    return published


@transaction.atomic
def article_unpublish(*, article, by=None, note=""):
    article = _lock(article)
    version = article.live_version
    if version is None:
        raise TransitionNotAllowed(_("This article is not published."))
    version = _begin("unpublish", version, by)
    from_state = version.state
    version.state = State.UNPUBLISHED
    version.save(update_fields=["state"])
    article.live_version = None
    if article.published_at and article.published_at > timezone.now():
        article.published_at = None  # a scheduled first publication that never happened
    article.save(update_fields=["live_version", "published_at"])
    return _finish("unpublish", version, by, from_state, note, live=False)


@transaction.atomic
def version_restore(*, version, by=None, note=""):
    """
    Start a new draft whose content is ``version``'s. A working draft that is not in review is
    set aside as DISCARDED (still in history, restorable); one in review or scheduled must be
    dealt with first.
    """
    version = _begin("restore", version, by)
    article = version.article
    current = article.draft
    if current is not None:
        if current.state in (State.IN_REVIEW, State.APPROVED):
            raise WorkflowError(
                _("Version %(number)s is %(state)s: withdraw or unschedule it before restoring another version.")
                % {"number": current.number, "state": current.get_state_display()}
            )
        previous_state = current.state
        current.state = State.DISCARDED
        current.save(update_fields=["state"])
        _audit(article, current, by, "discard", previous_state, State.DISCARDED, _("Replaced by a restored version."))
    draft = version_copy(version=version, by=by)
    article.draft = draft
    article.save(update_fields=["draft"])
    _audit(article, draft, by, "restore", version.state, State.DRAFT, note, {"restored_version": version.number})
    _changed(draft, "restore")
    return draft


def record_note(*, version, by, action, note, data=None):
    """Record a moderation note that moves nothing (for example a checks override with its reason)."""
    if not note or not note.strip():
        raise WorkflowError(_("A note is required."))
    _check_permission(by, PUBLISH_PERMISSION)
    with transaction.atomic():
        return _audit(version.article, version, by, action, version.state, version.state, note.strip(), data or {})


AI_OVERRIDE_ACTION = "ai_override"


def version_ai_override(*, version, by, value, reason):
    """
    Record an editor's change of the AI disclaimer override (``ArticleVersion.ai_generated``) with
    its reason, in the caller's transaction (the admin form saves the flag itself). The disclaimer
    otherwise follows the provenance record, so every manual change is audited.
    """
    if not reason or not reason.strip():
        raise WorkflowError(_("Give a reason for changing the AI disclaimer."))
    _check_permission(by, EDIT_PERMISSION)
    return _audit(
        version.article, version, by, AI_OVERRIDE_ACTION, version.state, version.state, reason, {"ai_generated": value}
    )


def version_override_checks(*, version, by, reason):
    """
    Record a moderator's decision to approve ``version`` despite its high-severity findings, with
    the reason. Audited as a ``checks_override`` note carrying the revision it covers and the
    findings it overrides; an edit after it (a new revision) needs a new override.
    """
    from articles.consistency.reports import OVERRIDE_ACTION, finding_dict, version_findings

    version = ArticleVersion.objects.select_related("article").get(pk=version.pk)
    if version.state != State.IN_REVIEW:
        raise TransitionNotAllowed(_("Only a version in review can be approved despite its checks."))
    if not reason or not reason.strip():
        raise WorkflowError(_("Give a reason for approving despite the checks."))
    blocking = [finding_dict(f) for f in version_findings(version) if f.severity == "high"]
    if not blocking:
        raise WorkflowError(_("The checks report nothing that blocks approval: no override is needed."))
    return record_note(
        version=version,
        by=by,
        action=OVERRIDE_ACTION,
        note=reason,
        data={"revision": version.revision, "findings": blocking},
    )


# Share links ----------------------------------------------------------------------------------


@transaction.atomic
def share_link_create(*, version, by=None, hours=SHARE_LINK_HOURS, note=""):
    """
    Create a read-only preview link of ``version`` for someone without an account, valid for
    ``hours`` (72 by default). The token is made by ``articles.review.sharing.share_link_token``.
    """
    _check_permission(by, PUBLISH_PERMISSION)
    if not isinstance(hours, int) or not 1 <= hours <= SHARE_LINK_MAX_HOURS:
        raise WorkflowError(_("A share link must last from 1 to %(max)s hours.") % {"max": SHARE_LINK_MAX_HOURS})
    version = ArticleVersion.objects.select_related("article").get(pk=version.pk)
    now = timezone.now()
    link = ShareLink.objects.create(
        version=version, created_by=by, created_at=now, expires_at=now + datetime.timedelta(hours=hours)
    )
    _audit(
        version.article,
        version,
        by,
        "share_link_create",
        version.state,
        version.state,
        note,
        {"link": link.pk, "expires_at": link.expires_at.isoformat()},
    )
    return link


@transaction.atomic
def share_link_revoke(*, link, by=None, note=""):
    """Revoke a share link now; its token stops working at once."""
    _check_permission(by, PUBLISH_PERMISSION)
    link = ShareLink.objects.select_for_update().select_related("version__article").get(pk=link.pk)
    if link.revoked_at is not None:
        raise WorkflowError(_("This share link was already revoked."))
    link.revoked_at = timezone.now()
    link.save(update_fields=["revoked_at"])
    version = link.version
    _audit(version.article, version, by, "share_link_revoke", version.state, version.state, note, {"link": link.pk})
    return link


# Internals ------------------------------------------------------------------------------------


def _begin(name, version, by, note=""):
    transition = TRANSITIONS[name]
    article = _lock(version.article)
    version = ArticleVersion.objects.select_related("article").get(pk=version.pk)
    version.article = article
    if version.state not in transition.sources:
        raise TransitionNotAllowed(
            _("Cannot %(move)s a version that is %(state)s.")
            % {"move": _move_label(name), "state": version.get_state_display()}
        )
    _check_permission(by, transition.permission)
    if transition.note_required and not note.strip():
        raise WorkflowError(_("A note for the editor is required."))
    return version


def _finish(name, version, by, from_state, note, data=None, live=None):
    article = version.article
    if version.state in (State.DRAFT, State.IN_REVIEW, State.CHANGES_REQUESTED) and article.draft_id != version.pk:
        article.draft = version
        article.save(update_fields=["draft"])
    _audit(article, version, by, name, from_state, version.state, note, data or {})
    if live is not None or name in ("schedule", "unschedule"):
        page_cache.purge()  # in this transaction: readers' pages change exactly when it commits
    if live is True:
        job_record(signal="article_published", version=version, action=name)
    elif live is False:
        job_record(signal="article_unpublished", version=version, action=name)
    else:
        _changed(version, name)
    return version


def _changed(version, action):
    job_record(signal="version_changed", version=version, action=action)


def _go_live(version, by, *, at, published_at=None, updated_at=None):
    article = version.article
    previous = article.live_version
    if previous is not None and previous.pk != version.pk:
        previous.state = State.SUPERSEDED
        previous.save(update_fields=["state"])
    version.state = State.APPROVED
    version.approved_at = version.approved_at if version.go_live_at else at
    version.approved_by = version.approved_by if version.go_live_at else by
    version.go_live_at = at
    _render(version)
    version.save()
    article.live_version = version
    if article.draft_id == version.pk:
        article.draft = None
    if article.published_at is None:
        article.published_at = published_at or at
        article.updated_at = updated_at
    else:
        article.updated_at = updated_at or at
    article.save(update_fields=["live_version", "draft", "published_at", "updated_at"])


def _render(version):
    """The one place ``analysis_html`` is produced: sanitised Markdown, first entity mentions linked."""
    from articles.entities.vocabulary import entities_payload

    entities = entities_payload()
    for language in LANGUAGE_CODES:
        rendered = render_analysis(translated(version, "analysis", language), language=language, entities=entities)
        setattr(version, column("analysis_html", language), rendered)


def _require_checks(version, by, enforce):
    """
    Refuse approval while high-severity findings stand without an override for this revision.
    ``enforce=None`` means: enforce for people, not for the system (``by=None``): imports with
    ``--publish`` and the demo loader publish content an editor already approved elsewhere, and
    ``check_articles`` reports on it afterwards.
    """
    if enforce is None:
        enforce = by is not None
    if not enforce:
        return
    from articles.consistency.reports import summarize, version_report

    report = version_report(version)
    if report.blocks_approval:
        raise ChecksBlockApproval(
            _(
                "The consistency checks found problems that block approval: %(findings)s. Fix them, or record "
                "an override with a reason."
            )
            % {"findings": summarize(report.blocking)}
        )


def review_stamp(version):
    """
    What a moderator reviews, named: ``"<version id>:<revision>:<content hash>"``. The revision
    changes with every editor's save; the hash covers everything an editor edits (both languages,
    rows, tags, entities, section), so a change made without a save through the form counts too.
    """
    return f"{version.pk}:{version.revision}:{_content_hash(version)}"


def _content_hash(version):
    import hashlib
    import json

    from articles.admin.conflicts import version_content

    content = json.dumps(version_content(version), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(content.encode()).hexdigest()[:16]


def _require_reviewed(version, seen):
    """
    Refuse an approval whose ``seen`` stamp (``review_stamp``, or ``"<id>:<revision>"`` from a list
    that showed no content) is not the version as it is now, with the changes since.
    """
    if not seen:
        return
    parts = str(seen).split(":")
    try:
        seen_pk, seen_revision = int(parts[0]), int(parts[1])
    except (IndexError, ValueError):
        raise WorkflowError(_("The reviewed revision is not readable. Reload the page and approve again.")) from None
    if seen_pk != version.pk:
        raise WorkflowError(_("The reviewed revision belongs to another version. Reload the page and approve again."))
    seen_hash = parts[2] if len(parts) > 2 else None
    if seen_revision == version.revision and (seen_hash is None or seen_hash == _content_hash(version)):
        return
    from articles.admin.conflicts import content_diff, revision_content, version_content

    before = revision_content(version=version, revision=seen_revision)
    changes = content_diff(before, version_content(version)) if before is not None else None
    raise ReviewedRevisionChanged(
        _(
            "Version %(number)s changed after you reviewed it (revision %(seen)s, now %(now)s): it was not "
            "approved. Review the changes and approve again."
        )
        % {"number": version.number, "seen": seen_revision, "now": version.revision},
        changes,
    )


def _require_content(version):
    if not any(translated(version, "title", language).strip() for language in LANGUAGE_CODES):
        raise WorkflowError(_("Give the article a title in at least one language first."))


def _lock(article):
    return Article.objects.select_for_update(of=("self",)).select_related("live_version", "draft").get(pk=article.pk)


def _check_permission(user, permission):
    if user is None:
        return  # the system itself: commands and the scheduler
    if not (user.is_active and user.has_perm(permission)):
        raise PermissionDenied(_("You do not have permission to do this."))


def _audit(article, version, by, action, from_state, to_state, note="", data=None):
    return AuditEvent.objects.create(
        article=article,
        version=version,
        actor=by,
        action=action,
        from_state=from_state,
        to_state=to_state,
        note=note.strip(),
        data=data or {},
    )


def _move_label(name):
    return MOVES[name].verb
