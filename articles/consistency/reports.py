"""
The consistency checks (``articles.consistency.engine``) run on stored versions: the report shown on the
review screen and the draft's admin page, the approval gate and ``manage.py check_articles``.

High-severity findings block approval (``workflow.version_publish`` / ``version_schedule``)
unless a moderator recorded an override with a reason for the version at its current revision
(``workflow.version_override_checks``, an audited ``checks_override`` note). Any edit bumps the
revision, so an override never covers text the moderator has not seen.
"""

import re
from dataclasses import dataclass, replace

from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.consistency.engine import check_content
from articles.entities.vocabulary import entities_payload, version_content
from articles.languages import LANGUAGE_CODES, NATIVE_NAMES, column
from articles.models import AuditEvent
from articles.parts import FIELD_LABELS, PARTS, PARTS_BY_NAME

OVERRIDE_ACTION = "checks_override"

KIND_LABELS = {
    "modality": gettext_lazy("Hedged in one language only"),
    "missing_part": gettext_lazy("Missing or empty part"),
    "entity_one_language": gettext_lazy("Entity in one language only"),
    "substitution": gettext_lazy("Likely substitution"),
    "number_mismatch": gettext_lazy("Number mismatch"),
    "key_data_entity_mismatch": gettext_lazy("Key-data entity differs"),
}
SEVERITY_LABELS = {"high": gettext_lazy("high"), "medium": gettext_lazy("medium"), "low": gettext_lazy("low")}
# Where a finding points: one item of a part (``articles.parts``), or the whole article.
PART_LABELS = {**{part.name: part.item_label for part in PARTS}, "all": gettext_lazy("whole article")}


@dataclass(frozen=True)
class Report:
    """The findings of one version at one revision, and whether an override covers them."""

    findings: list
    revision: int
    override: AuditEvent | None

    @property
    def blocking(self):
        return [f for f in self.findings if f.severity == "high"]

    @property
    def blocks_approval(self):
        return bool(self.blocking) and self.override is None


def version_findings(version, *, entities=None):
    """The engine's findings for ``version`` (loaded with ``content.with_content()``)."""
    return check_content(
        content=version_content(version), entities=entities_payload() if entities is None else entities
    )


def current_override(version):
    """The latest ``checks_override`` note recorded for ``version`` at its current revision, if any."""
    return (
        AuditEvent.objects.filter(version=version, action=OVERRIDE_ACTION, data__revision=version.revision)
        .select_related("actor")
        .order_by("-created_at", "-id")
        .first()
    )


def version_report(version, *, entities=None):
    return Report(
        findings=version_findings(version, entities=entities),
        revision=version.revision,
        override=current_override(version),
    )


def location(finding):
    """ "Chinese · TL;DR item 2 · answer", translated."""
    parts = [NATIVE_NAMES.get(finding.language, finding.language)]
    part = capfirst(str(PART_LABELS.get(finding.part, finding.part)))
    if finding.index is not None:
        part = f"{part} {finding.index + 1}"
    parts.append(part)
    if finding.field in FIELD_LABELS:
        parts.append(str(FIELD_LABELS[finding.field]))
    return " · ".join(parts)


def describe(finding):
    """A translated one-line explanation (the engine's own message is English, kept as detail)."""
    values = {"text": finding.text, "language": NATIVE_NAMES.get(finding.language, finding.language)}
    if finding.kind == "missing_part":
        if finding.part == "all":
            return _("There is no %(language)s version.") % values
        if finding.severity == "low":
            return (
                _(
                    "The %(language)s list is shorter than the other language's (allowed; check nothing important was dropped)."
                )
                % values
            )
        return _("Empty in %(language)s, filled in in the other language.") % values
    if finding.kind == "entity_one_language":
        return _("“%(text)s” is mentioned in %(language)s but nowhere in the other language.") % values
    values["other"] = finding.other_text
    if finding.kind == "substitution":
        if finding.suggestion:
            return (
                _(
                    "“%(text)s” stands where the other language names “%(other)s”; “%(text)s” is not a known entity (create it if it is right)."
                )
                % values
            )
        if finding.other_text:
            return _("“%(text)s” stands where the other language names “%(other)s”.") % values
        return _("“%(text)s” stands where the other language names a different entity of the same kind.") % values
    if finding.kind == "number_mismatch":
        if finding.swapped_with:
            values["swapped"] = finding.swapped_with
            return (
                _(
                    "“%(text)s” and “%(swapped)s” are swapped: “%(text)s” stands where the other language writes “%(other)s”."
                )
                % values
            )
        if finding.other_text:
            return _("“%(text)s” here, “%(other)s” in the same place in the other language.") % values
        if finding.severity == "low":
            return _("“%(text)s” is not repeated here in the other language, which states it elsewhere.") % values
        return _("“%(text)s” has no equal figure in the other language.") % values
    if finding.kind == "modality":
        return _("“%(text)s” hedges in %(language)s; the other language states it as fact.") % values
    if finding.kind == "key_data_entity_mismatch":
        return _("This key-data row is about a different entity in each language.")
    return finding.message


def finding_dict(finding):
    """A finding as plain data (JSON output, audit records)."""
    return {
        "kind": finding.kind,
        "severity": finding.severity,
        "language": finding.language,
        "part": finding.part,
        "index": finding.index,
        "field": finding.field,
        "span": list(finding.span) if finding.span else None,
        "text": finding.text,
        "message": finding.message,
        "other_index": finding.other_index,
        "other_field": finding.other_field,
        "other_span": list(finding.other_span) if finding.other_span else None,
        "other_text": finding.other_text,
        "suggestion": finding.suggestion,
    }


def summarize(findings):
    """ "Number mismatch (Chinese · Title): “3亿”; …" for an error message."""
    return "; ".join(
        f"{KIND_LABELS.get(f.kind, f.kind)} ({location(f)})" + (f": “{f.text}”" if f.text else "") for f in findings
    )


def check_consistency(*, consistency_findings):
    """
    The consistency findings as review checks (``articles.review.queue.REVIEW_CHECKS``): the
    engine's own ``Finding`` objects with a translated message. Missing and empty parts are left
    to the review's own completeness checks, which already report them.
    """
    for finding in consistency_findings:
        if finding.kind == "missing_part":
            continue
        text = f" “{finding.text}”" if finding.text else ""
        yield replace(
            finding,
            language=finding.language if finding.part != "all" else "",
            message=f"{KIND_LABELS.get(finding.kind, finding.kind)} — {location(finding)}{text}: {describe(finding)}",
        )


# Findings on the text ---------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[。！？!?；;\n]|\.(?=\s|$)")
EXCERPT_LIMIT = 240


def item_text(content, language, part, index, field):
    """The text a finding's span indexes: the part, the list row's field, or the whole analysis."""
    value = (content or {}).get(language, {}).get(part)
    if value is None:
        return ""
    if part == "analysis" or not isinstance(value, list):
        return value if isinstance(value, str) else ""
    if index is None or index >= len(value):
        return ""
    row = value[index]
    if isinstance(row, str):
        return row
    return (row.get(field) or "") if field else " ".join(str(v) for k, v in row.items() if k != "entity" and v)


def excerpt(text, span=None, *, paragraph=None):
    """``(before, marked, after)``: the sentence around ``span`` with the span cut out, or, without a
    span, the start of the text (for analysis: of paragraph ``paragraph``)."""
    if not text:
        return ("", "", "")
    if span is None:
        if paragraph is not None:
            pieces = [p for p in re.split(r"\n[ \t]*\n\s*", text) if p.strip()]
            text = pieces[paragraph] if paragraph < len(pieces) else ""
        return (text[:EXCERPT_LIMIT] + ("…" if len(text) > EXCERPT_LIMIT else ""), "", "")
    start, end = span
    begin = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    stop = next((m.end() for m in _SENTENCE_END.finditer(text, end)), len(text))
    return (text[begin:start].lstrip(), text[start:end], text[end:stop].rstrip())


def fix_anchor(language, part, index, field):
    """The id of the admin form field that holds the text (``id_title_zh_hans``,
    ``id_faq_items-0-answer_en``), for the "Fix" link."""
    spec = PARTS_BY_NAME.get(part)
    if spec is None:
        return ""
    if not spec.is_list:
        return f"id_{column(part, language)}"
    name = spec.exchange_keys.get(field) if field else spec.text_field
    name = name or (spec.text_fields[0] if spec.text_fields else "")
    if field == "entity":  # one picker per row, for every language (the override sits beside it)
        return f"id_{spec.related_name}-{index or 0}-{spec.entity_field}"
    return f"id_{spec.related_name}-{index or 0}-{column(name, language)}"


def finding_rows(findings, content, *, version_pk=None):
    """The findings as the report shows them, high severity first: where, what, and both
    languages' sentences side by side with the differing spans marked, a "Fix" link to the field
    in the version's admin form and, for an unknown name, a "Create entity" link."""
    from articles.entities.suggestions import create_entity_url  # local: suggestions imports this module

    order = {"high": 0, "medium": 1, "low": 2}
    change_url = reverse("admin:articles_articleversion_change", args=[version_pk]) if version_pk else ""
    rows = []
    for f in sorted(findings, key=lambda f: order.get(f.severity, 3)):
        sides = []
        if f.part != "all":
            for language in LANGUAGE_CODES:
                own = language == f.language
                index = f.index if own else f.other_index
                field = f.field if own else f.other_field
                text = item_text(content, language, f.part, index, field)
                span = f.span if own else f.other_span
                paragraph = index if f.part == "analysis" and span is None else None
                sides.append(
                    {
                        "language": language,
                        "name": NATIVE_NAMES.get(language, language),
                        "excerpt": excerpt(text, span, paragraph=paragraph),
                        "fix": f"{change_url}#{fix_anchor(language, f.part, index, field)}" if change_url else "",
                    }
                )
        rows.append(
            {
                "severity": f.severity,
                "severity_label": SEVERITY_LABELS.get(f.severity, f.severity),
                "kind": KIND_LABELS.get(f.kind, f.kind),
                "where": location(f),
                "text": f.text,
                "explanation": describe(f),
                "detail": f.message,
                "sides": sides,
                "create_entity": create_entity_url(f.suggestion, f.language) if f.suggestion else "",
            }
        )
    return rows
