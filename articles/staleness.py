"""
Translation staleness, per part and language: when an editor changes a part (title, summary,
analysis, a row list…) in one language and leaves its text in another language as it was, that
other language's part is marked "needs update" on the version, until an editor updates it or
confirms it is still right.

Recorded in ``ArticleVersion.stale_translations`` as ``{"<part>:<language>": {"from": language
changed, "by": username, "at": iso time}}``, written by the admin's save (``record_changes``,
``confirm``) and copied to every new draft with the rest of the content.
"""

from datetime import datetime

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from articles import timefmt
from articles.languages import LANGUAGE_CODES, NATIVE_NAMES, column, translated
from articles.parts import LIST_PARTS, PARTS_BY_NAME, TEXT_PARTS

# The text parts edited as one column per language on the form, and the row lists by formset prefix.
TEXT_NAMES = tuple(part.name for part in TEXT_PARTS)
LIST_BY_PREFIX = {part.related_name: part for part in LIST_PARTS}


def key(part, language):
    return f"{part}:{language}"


def split(name):
    part, _sep, language = name.partition(":")
    return part, language


def changed_in_form(changed_data, formsets=()):
    """``{(part, language)}`` an admin save changed: text columns of the form, row columns of the formsets."""
    changed = set()
    for part in TEXT_NAMES:
        for language in LANGUAGE_CODES:
            if column(part, language) in changed_data:
                changed.add((part, language))
    for formset in formsets:
        part = LIST_BY_PREFIX.get(formset.prefix)
        if part is None:
            continue
        for form in formset.forms:
            names = set(form.changed_data)
            for language in LANGUAGE_CODES:
                if any(column(field, language) in names for field in part.text_fields):
                    changed.add((part.name, language))
    return changed


def _has_text(version, part, language):
    if part in TEXT_NAMES:
        return bool((translated(version, part, language) or "").strip())
    rows = getattr(version, PARTS_BY_NAME[part].related_name).all()
    fields = PARTS_BY_NAME[part].text_fields
    return any((translated(row, field, language) or "").strip() for row in rows for field in fields)


def record_changes(*, version, changed, by, now=None):
    """
    Update ``version.stale_translations`` for the parts ``changed`` (``{(part, language)}``): a
    part changed in a language is up to date there. A change that brings a stale part up to date
    marks nothing else; any other change makes the part's text in every other language that was
    not changed too stale (a blank counterpart is missing, not stale: the checks say so). The
    caller saves the field.
    """
    before = dict(version.stale_translations or {})
    stale = dict(before)
    at = (now or timezone.now()).isoformat()
    username = by.get_username() if by is not None else ""
    for part, language in sorted(changed):
        stale.pop(key(part, language), None)
    for part, language in sorted(changed):
        if key(part, language) in before:
            continue  # catching up with the other language
        for other in LANGUAGE_CODES:
            if other == language or (part, other) in changed or not _has_text(version, part, other):
                continue
            stale[key(part, other)] = {"from": language, "by": username, "at": at}
    version.stale_translations = stale


def confirm(*, version, keys):
    """An editor says these stale translations are still right: they are no longer marked."""
    stale = dict(version.stale_translations or {})
    for name in keys:
        stale.pop(name, None)
    version.stale_translations = stale


def items(version):
    """The stale translations of ``version`` for display, in the parts' page order."""
    order = {name: index for index, name in enumerate(PARTS_BY_NAME)}
    result = []
    for name, record in (version.stale_translations or {}).items():
        part, language = split(name)
        if part not in PARTS_BY_NAME or language not in NATIVE_NAMES:
            continue
        result.append(
            {
                "key": name,
                "part": part,
                "language": language,
                "column": column(part, language) if part in TEXT_NAMES else "",
                "label": _("%(language)s %(part)s needs update")
                % {
                    "language": NATIVE_NAMES[language],
                    "part": PARTS_BY_NAME[part].label,
                },
                "reason": _("The %(language)s text changed after it (%(who)s, %(when)s).")
                % {
                    "language": NATIVE_NAMES.get(record.get("from", ""), record.get("from", "")),
                    "who": record.get("by") or _("system"),
                    "when": _format_time(record.get("at", "")),
                },
                "sort": (order[part], language),
            }
        )
    return sorted(result, key=lambda item: item["sort"])


def check_stale_translations(*, version):
    """A review check: each stale translation is a warning on the review screen and in the queue."""
    for item in items(version):
        yield {
            "kind": "stale_translation",
            "severity": "warning",
            "language": item["language"],
            "part": item["part"],
            "message": capfirst(item["label"]) + ". " + item["reason"],
        }


def _format_time(value):
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return value or "—"
    return timefmt.absolute_time(timezone.localtime(moment))
