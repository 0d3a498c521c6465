"""
Review of shared vocabulary (sections, tags, entities): an editor's change of a text readers see
(names, descriptions, an entity's kind, aliases and logo) is kept as a *proposal* on the object and
reaches readers only when a moderator approves it; a moderator's own edits go live at once.

The live columns always hold approved text, so reader pages, feeds, search and the API need no
rule of their own. A proposed logo is stored as a file of its own that no page refers to until
the approval points the entity at it (a rejection deletes it). Proposals, approvals and rejections are recorded in the admin's history of the
object (who, when, which fields).
"""

from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.images import uploads
from articles.languages import columns
from articles.models import Entity
from articles.reader import page_cache
from articles.workflow.moves import PUBLISH_PERMISSION


class ProposalError(Exception):
    pass


def reviewed_fields(model):
    """The columns of ``model`` whose change needs a moderator: every language of its texts (and an entity's kind)."""
    names = [*columns("name"), *columns("description")]
    return [*names, "kind"] if model is Entity else names


def can_approve(user):
    """Moderators (who may publish articles) approve shared vocabulary too."""
    return user.has_perm(PUBLISH_PERMISSION)


def _aliases(entity):
    return sorted([alias.language, alias.alias] for alias in entity.aliases.all())


def _log(obj, by, message):
    LogEntry.objects.log_actions(by.pk, [obj], CHANGE, change_message=message, single_object=True)


def _logo_storage():
    return Entity._meta.get_field("logo").storage


def _delete_logo_after_commit(name):
    """A proposed logo nothing will refer to: deleted once the transaction that dropped it commits."""
    if name:
        transaction.on_commit(lambda: _logo_storage().delete(name))


def _store_proposed_logo(entity, upload):
    """Save an uploaded logo under a new name of its own (``entities/…``) and return the name."""
    field = Entity._meta.get_field("logo")
    name = field.storage.save(field.generate_filename(entity, upload.name), upload)
    uploads.note_stored(FieldFile(entity, field, name))  # deleted again if the admin's save fails
    return name


@transaction.atomic
def taxonomy_propose(*, obj, values, aliases=None, logo=None, by):
    """
    Record ``values`` ({column: text}) and, for an entity, ``aliases`` ([[language, alias], …]) and
    ``logo`` (an uploaded file; ``False`` to remove the logo; ``None``: as shown, which keeps a
    logo proposed earlier) as the object's proposal; only what differs from the live object is
    kept. Return the fields proposed.
    """
    live = type(obj).objects.select_for_update().get(pk=obj.pk)
    previous = live.proposal or {}
    changes = {name: value for name, value in values.items() if getattr(live, name) != value}
    proposal = {"fields": changes}
    if aliases is not None and sorted(aliases) != _aliases(live):
        proposal["aliases"] = sorted(aliases)
    if isinstance(live, Entity):
        if logo is None:
            proposed_logo = previous.get("logo")
        elif logo is False:
            proposed_logo = ""
        else:
            proposed_logo = _store_proposed_logo(live, logo)
        if proposed_logo is not None and proposed_logo != live.logo.name:
            proposal["logo"] = proposed_logo
        if previous.get("logo") and previous["logo"] != proposal.get("logo"):
            _delete_logo_after_commit(previous["logo"])
    proposed = [*changes, *[key for key in ("aliases", "logo") if key in proposal]]
    if not proposed:
        live.proposal = {}
    else:
        proposal.update(by=by.get_username(), at=timezone.now().isoformat())
        live.proposal = proposal
    live.save(update_fields=["proposal"])
    if proposed:
        _log(live, by, _("Proposed for review: %(fields)s") % {"fields": ", ".join(proposed)})
    return proposed


@transaction.atomic
def taxonomy_approve(*, obj, by):
    """Make the object's proposal live (moderators only)."""
    if not can_approve(by):
        raise ProposalError(_("Only moderators may approve changes to sections, tags and entities."))
    live = type(obj).objects.select_for_update().get(pk=obj.pk)
    proposal = live.proposal or {}
    if not proposal:
        raise ProposalError(_("%(object)s has no proposed changes.") % {"object": live})
    fields = proposal.get("fields", {})
    for name, value in fields.items():
        setattr(live, name, value)
    live.proposal = {}
    updated = [*fields, "proposal"]
    if "logo" in proposal and isinstance(live, Entity):
        live.logo = proposal["logo"]  # the file stored with the proposal; width and height follow
        updated += ["logo", "logo_width", "logo_height"]
    live.save(update_fields=updated)
    if "aliases" in proposal and isinstance(live, Entity):
        live.aliases.all().delete()
        live.aliases.bulk_create(
            [live.aliases.model(entity=live, language=language, alias=alias) for language, alias in proposal["aliases"]]
        )
    # Reader pages show the new texts: cached ones are stale once this commits.
    transaction.on_commit(page_cache.purge)
    _log(
        live,
        by,
        _("Approved the changes proposed by %(editor)s: %(fields)s")
        % {
            "editor": proposal.get("by", "?"),
            "fields": ", ".join([*fields, *[key for key in ("aliases", "logo") if key in proposal]]),
        },
    )
    return live


@transaction.atomic
def taxonomy_reject(*, obj, by):
    """Drop the object's proposal (moderators only); the live texts stay as they are."""
    if not can_approve(by):
        raise ProposalError(_("Only moderators may reject changes to sections, tags and entities."))
    live = type(obj).objects.select_for_update().get(pk=obj.pk)
    if not live.proposal:
        raise ProposalError(_("%(object)s has no proposed changes.") % {"object": live})
    editor = live.proposal.get("by", "?")
    _delete_logo_after_commit(live.proposal.get("logo"))
    live.proposal = {}
    live.save(update_fields=["proposal"])
    _log(live, by, _("Rejected the changes proposed by %(editor)s") % {"editor": editor})
    return live
