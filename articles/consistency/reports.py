"""
The consistency checks (``articles.consistency.engine``) run on stored versions: the report shown on the
review screen and the draft's admin page, the approval gate and ``manage.py check_articles``.

High-severity findings block approval (``workflow.version_publish`` / ``version_schedule``)
unless a moderator recorded an override with a reason for the version at its current revision
(``workflow.version_override_checks``, an audited ``checks_override`` note). Any edit bumps the
revision, so an override never covers text the moderator has not seen.
"""

from dataclasses import dataclass

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.consistency.engine import check_content
from articles.entities.vocabulary import entities_payload, version_content
from articles.languages import NATIVE_NAMES
from articles.models import AuditEvent
from articles.parts import FIELD_LABELS, PARTS

OVERRIDE_ACTION = "checks_override"

KIND_LABELS = {
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
    if finding.kind == "substitution":
        return _("“%(text)s” stands where the other language names a different entity of the same kind.") % values
    if finding.kind == "number_mismatch":
        return _("“%(text)s” has no equal figure in the other language.") % values
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
    }


def summarize(findings):
    """ "Number mismatch (Chinese · Title): “3亿”; …" for an error message."""
    return "; ".join(
        f"{KIND_LABELS.get(f.kind, f.kind)} ({location(f)})" + (f": “{f.text}”" if f.text else "") for f in findings
    )


REVIEW_SEVERITIES = {"high": "error", "medium": "warning", "low": "info"}


def check_consistency(*, version):
    """
    The consistency findings as review checks (``articles.review.queue.REVIEW_CHECKS``). Missing and
    empty parts are left to the review's own completeness checks, which already report them.
    """
    for finding in version_findings(version):
        if finding.kind == "missing_part":
            continue
        text = f" “{finding.text}”" if finding.text else ""
        yield {
            "kind": finding.kind,
            "severity": REVIEW_SEVERITIES[finding.severity],
            "language": finding.language if finding.part != "all" else "",
            "part": finding.part,
            "message": f"{KIND_LABELS.get(finding.kind, finding.kind)} — {location(finding)}{text}: {describe(finding)}",
        }
