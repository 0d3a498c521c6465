"""
Edit conflicts and presence for the version change form.

- Presence: who has a draft open, kept in the cache with a timestamp (a page view or the form's
  heartbeat refreshes it). Losing it to an eviction only hides a hint, so the cache is enough.
- Snapshots: ``VersionRevision`` keeps a draft's content at each saved revision (and, taken just
  before the first admin save, the revision the draft had before it), so a save made from a stale
  form can be shown what the other person changed since that form was loaded. Opening the form
  writes nothing to the database.
"""

import difflib
import time
from datetime import UTC, datetime

from django.core.cache import cache

from articles.caching import guarded
from articles.languages import LANGUAGE_CODES, NATIVE_NAMES, column, translated
from articles.models import ArticleVersion, KeyDataRow, VersionRevision
from articles.parts import LIST_PARTS

PRESENCE_SECONDS = 5 * 60
TRANSLATED_FIELDS = ("title", "summary", "analysis", "image_alt", "image_credit")
PLAIN_FIELDS = ("image", "image_focus_x", "image_focus_y", "hot_score", "quality_score", "impact_score", "ai_generated")
# (related name, row model, label) of every list part, in page order.
ROW_PARTS = tuple((part.related_name, part.model, part.label) for part in LIST_PARTS)


# Presence -------------------------------------------------------------------------------------


def _presence_key(version_pk):
    return f"admin-presence:{version_pk}"


def presence_touch(*, version_pk, user):
    """Record that ``user`` has the version open now."""
    key = _presence_key(version_pk)
    now = time.time()

    def touch():
        seen = {uid: entry for uid, entry in (cache.get(key) or {}).items() if now - entry[1] < PRESENCE_SECONDS}
        seen[str(user.pk)] = (user.get_username(), now)
        cache.set(key, seen, PRESENCE_SECONDS)

    guarded(touch)  # a hint only: without the cache nobody is shown


def presence_others(*, version_pk, user):
    """Other people who had the version open in the last few minutes: [(username, datetime)], latest first."""
    now = time.time()
    seen = guarded(lambda: cache.get(_presence_key(version_pk))) or {}
    others = [
        (name, datetime.fromtimestamp(at, tz=UTC))
        for uid, (name, at) in seen.items()
        if uid != str(user.pk) and now - at < PRESENCE_SECONDS
    ]
    return sorted(others, key=lambda entry: entry[1], reverse=True)


# Snapshots ------------------------------------------------------------------------------------


def _row_lines(name, row, language):
    if name == "key_data_rows":
        entity = row.entity_in(language)
        cells = [
            entity.slug if entity else "",
            translated(row, "info", language) or "",
            translated(row, "metric", language) or "",
        ]
        return " | ".join(cells) if any(cells) else ""
    if name == "faq_items":
        question, answer = (
            translated(row, "question", language) or "",
            translated(row, "answer", language) or "",
        )
        return f"Q: {question}\nA: {answer}" if question or answer else ""
    return translated(row, "text", language) or ""


def version_content(version):
    """A JSON-able picture of everything an editor edits on ``version``, per language."""
    version = ArticleVersion.objects.select_related("section").get(pk=version.pk)
    content = {"section": version.section.slug}
    for name in TRANSLATED_FIELDS:
        for language in LANGUAGE_CODES:
            content[column(name, language)] = translated(version, name, language) or ""
    for name in PLAIN_FIELDS:
        content[name] = str(getattr(version, name))
    content["tags"] = sorted(version.tags.values_list("slug", flat=True))
    content["entities"] = sorted(version.entities.values_list("slug", flat=True))
    for name, model, _label in ROW_PARTS:
        rows = model.objects.filter(version=version).order_by("position", "id")
        if model is KeyDataRow:
            rows = rows.select_related(*KeyDataRow.ENTITY_COLUMNS)
        rows = list(rows)
        for language in LANGUAGE_CODES:
            content[column(name, language)] = [
                line for line in (_row_lines(name, row, language) for row in rows) if line
            ]
    return content


def revision_record(*, version, by=None):
    """Store the content of ``version`` at its current revision (once per revision)."""
    VersionRevision.objects.update_or_create(
        version=version,
        revision=version.revision,
        defaults={"content": version_content(version), "saved_by": by},
    )


def revision_ensure(*, version):
    """
    Make sure ``version``'s current revision has a snapshot, read from the database (drafts made
    elsewhere): called before a save changes the content, never on a GET.
    """
    if not VersionRevision.objects.filter(version=version, revision=version.revision).exists():
        VersionRevision.objects.get_or_create(
            version=version, revision=version.revision, defaults={"content": version_content(version)}
        )


def revision_content(*, version, revision):
    snapshot = VersionRevision.objects.filter(version=version, revision=revision).first()
    return snapshot.content if snapshot else None


def _label(key):
    for language in LANGUAGE_CODES:
        suffix = column("", language)  # "_en", "_zh_hans"
        if key.endswith(suffix):
            base = key[: -len(suffix)]
            for name, _model, label in ROW_PARTS:
                if name == base:
                    return f"{label} [{NATIVE_NAMES[language]}]"
            return f"{ArticleVersion._meta.get_field(base).verbose_name} [{NATIVE_NAMES[language]}]"
    return str(ArticleVersion._meta.get_field(key).verbose_name)


def _lines(value):
    if isinstance(value, list):
        return [line for item in value for line in str(item).splitlines() or [""]]
    return str(value).splitlines()


def content_diff(old, new):
    """
    Per-field differences between two snapshots: [{"field": label, "lines": [(kind, text)]}],
    kind being "add", "del", "same" or "hunk"; fields in the snapshot's order.
    """
    changes = []
    for key in new:
        before, after = old.get(key, "" if not isinstance(new[key], list) else []), new[key]
        if before == after:
            continue
        lines = []
        for line in list(difflib.unified_diff(_lines(before), _lines(after), lineterm="", n=2))[2:]:
            if line.startswith("@@"):
                lines.append(("hunk", "…"))
            elif line.startswith("+"):
                lines.append(("add", line[1:]))
            elif line.startswith("-"):
                lines.append(("del", line[1:]))
            else:
                lines.append(("same", line[1:]))
        changes.append({"field": _label(key), "lines": lines})
    return changes
