"""
Selectors and automated checks for moderators: the review queue, language completeness and the
findings shown next to a version in review.

A check is a function that returns (or yields) findings: ``articles.consistency.engine.Finding``
objects (the one finding type of the project: ``kind``, ``severity`` "high", "medium" or "low",
``language`` — "" when the finding is about no language in particular —, ``part``, ``index``,
``message``) or dicts with those keys. ``REVIEW_CHECKS`` lists them by dotted path;
each is called with the keyword arguments it names among
- ``version``: the ``ArticleVersion`` (loaded with ``versions_for_review()``),
- ``content``: its text per language in the exchange format's ``content`` shape
  (``{"en": {"title": …, "tldr": [...], "key_data": [{"entity": slug, …}], …}, …}``),
- ``entities``: its entities in the exchange format (``{"slug", "kind", "name": {lang: …},
  "aliases": {lang: [...]}}``),
- ``consistency_findings``: the consistency engine's findings for the version (computed once and
  shared with the report on the review screen),
so a check written against the exchange format plugs in with one line, e.g.
``"articles.consistency.engine.check_content"``. The legacy severities "error"/"warning"/"info"
read as high/medium/low.
"""

import inspect
from dataclasses import dataclass
from functools import cache

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from articles.consistency.engine import Finding
from articles.entities.vocabulary import entities_payload, version_content
from articles.languages import LANGUAGE_CODES, NATIVE_NAMES, translated
from articles.models import SCORE_FIELDS, Article, ArticleVersion, Entity
from articles.parts import LIST_PARTS, PARTS, TEXT_PARTS

State = ArticleVersion.State

REVIEW_CHECKS = [
    "articles.review.queue.check_missing_translations",
    "articles.review.queue.check_required_parts",
    "articles.review.queue.check_score_bounds",
    "articles.consistency.reports.check_consistency",
    "articles.staleness.check_stale_translations",
]

REQUIRED_PARTS = tuple(part.name for part in TEXT_PARTS if part.required)
# (part, related name, translated text fields): the lists inside an article.
ROW_PARTS = tuple((part.name, part.related_name, part.text_fields) for part in LIST_PARTS)
PART_LABELS = {part.name: part.label for part in PARTS}
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
# Checks written for the old error/warning/info scale still plug in.
SEVERITY_ALIASES = {"error": "high", "warning": "medium", "info": "low"}


@dataclass(frozen=True)
class Completeness:
    language: str
    name: str
    filled: list
    missing: list

    @property
    def total(self):
        return len(self.filled) + len(self.missing)

    @property
    def complete(self):
        return not self.missing


@dataclass
class ReviewItem:
    version: ArticleVersion
    findings: list
    completeness: list

    @property
    def errors(self):
        return [f for f in self.findings if f.severity == "high"]

    @property
    def warnings(self):
        return [f for f in self.findings if f.severity == "medium"]


def versions_for_review():
    """Versions with everything the checks and the queue read, in a fixed number of queries."""
    return (
        ArticleVersion.objects.select_related(
            "article", "article__live_version", "section", "submitted_by", "created_by", "approved_by"
        )
        .with_rows()
        .prefetch_related(Prefetch("entities", queryset=Entity.objects.prefetch_related("aliases")))
    )


def review_queue():
    """Versions waiting for a moderator, longest-waiting first, each with its findings and completeness."""
    versions = versions_for_review().filter(state=State.IN_REVIEW).order_by("submitted_at", "pk")
    return [review_item(version) for version in versions]


def scheduled_versions():
    """Approved versions whose time has not come: first publications and scheduled updates."""
    now = timezone.now()
    first = Article.objects.filter(live_version__isnull=False, published_at__gt=now).values("live_version")
    return list(
        ArticleVersion.objects.select_related("article", "approved_by")
        .filter(state=State.APPROVED)
        .filter(Q(draft_for__isnull=False) | Q(pk__in=first))
        .order_by("go_live_at", "pk")
    )


def review_item(version, precomputed=None):
    return ReviewItem(
        version=version, findings=run_checks(version, precomputed), completeness=language_completeness(version)
    )


def run_checks(version, precomputed=None):
    """Every finding of every check in ``REVIEW_CHECKS``, high severity first. ``precomputed``
    holds check arguments the caller already has (``{"consistency_findings": [...]}``)."""
    computed = dict(precomputed or {})
    findings = []
    for check in _checks():
        arguments = {}
        for name in inspect.signature(check).parameters:
            if name in CHECK_ARGUMENTS:
                # Built once per version, and only when a check asks for it.
                if name not in computed:
                    computed[name] = CHECK_ARGUMENTS[name](version)
                arguments[name] = computed[name]
        result = check(**arguments)
        findings.extend(_as_finding(item) for item in result or ())
    return sorted(findings, key=lambda f: (SEVERITY_ORDER.get(f.severity, 3), f.language, f.part))


def _version_entities(version):
    """The version's entities as ``articles.entities.vocabulary.entities_payload()`` gives them."""
    slugs = {entity.slug for entity in version.entities.all()}
    return [entity for entity in entities_payload() if entity["slug"] in slugs]


# What a check may ask for by naming it as a keyword argument. ``content`` has one definition of
# its shape: the exporter's, through ``articles.entities.vocabulary``.
def _consistency_findings(version):
    from articles.consistency.reports import version_findings  # local: reports imports the models

    return version_findings(version)


CHECK_ARGUMENTS = {
    "version": lambda version: version,
    "content": version_content,
    "entities": _version_entities,
    "consistency_findings": _consistency_findings,
}


def language_completeness(version):
    """For each language, which parts have text and which are empty."""
    result = []
    for language in LANGUAGE_CODES:
        filled, missing = [], []
        for part in REQUIRED_PARTS:
            (filled if _text(version, part, language) else missing).append(PART_LABELS[part])
        for part, related, names in ROW_PARTS:
            has_text = any(_row_has_text(row, names, language) for row in getattr(version, related).all())
            (filled if has_text else missing).append(PART_LABELS[part])
        result.append(Completeness(language, NATIVE_NAMES[language], filled, missing))
    return result


def present_languages(version):
    """The languages the version has any text in."""
    return [
        language
        for language in LANGUAGE_CODES
        if any(_text(version, part, language) for part in REQUIRED_PARTS)
        or any(
            _row_has_text(row, names, language)
            for _p, related, names in ROW_PARTS
            for row in getattr(version, related).all()
        )
    ]


# The checks -----------------------------------------------------------------------------------


def check_missing_translations(*, version):
    """A language with no text at all, and list rows written in one language but blank in the other."""
    present = present_languages(version)
    for language in LANGUAGE_CODES:
        if language not in present:
            yield Finding(
                "missing_translation",
                "medium",
                language,
                "",
                None,
                _("There is no %(language)s version of this article.") % {"language": NATIVE_NAMES[language]},
            )
    if len(present) < 2:
        return
    for part, related, names in ROW_PARTS:
        for index, row in enumerate(getattr(version, related).all(), start=1):
            has = {language: _row_has_text(row, names, language) for language in present}
            for language in present:
                if not has[language] and any(has.values()):
                    yield Finding(
                        "missing_translation",
                        "medium",
                        language,
                        part,
                        index - 1,
                        _("%(part)s item %(number)s has no %(language)s text.")
                        % {"part": capfirst(PART_LABELS[part]), "number": index, "language": NATIVE_NAMES[language]},
                    )


def check_required_parts(*, version):
    """Title, summary and analysis must be filled in every language the article has."""
    for language in present_languages(version):
        for part in REQUIRED_PARTS:
            if not _text(version, part, language):
                yield Finding(
                    "empty_part",
                    "high",
                    language,
                    part,
                    None,
                    _("The %(language)s %(part)s is empty.")
                    % {"language": NATIVE_NAMES[language], "part": PART_LABELS[part]},
                )


def check_score_bounds(*, version):
    """Every score is a whole number from 0 to 100."""
    for name in SCORE_FIELDS:
        value = getattr(version, name)
        if not isinstance(value, int) or not 0 <= value <= 100:
            label = capfirst(ArticleVersion._meta.get_field(name).verbose_name)
            yield Finding(
                "score_bounds",
                "high",
                "",
                name,
                None,
                _("%(score)s score must be from 0 to 100 (it is %(value)s).") % {"score": label, "value": value},
            )


# Internals ------------------------------------------------------------------------------------


@cache
def _resolve(paths):
    return [import_string(path) for path in paths]


def _checks():
    return _resolve(tuple(REVIEW_CHECKS))


def _as_finding(item):
    if isinstance(item, Finding):
        return item
    get = item.get if isinstance(item, dict) else (lambda name, default="": getattr(item, name, default))
    severity = str(get("severity", "medium"))
    return Finding(
        kind=str(get("kind", "")),
        severity=SEVERITY_ALIASES.get(severity, severity),
        language=get("language", "") or "",
        part=str(get("part", "") or ""),
        index=get("index", None),
        message=str(get("message", "")),
    )


def _text(version, name, language):
    return (translated(version, name, language) or "").strip()


def _value(row, name, language):
    return (translated(row, name, language) or "").strip()


def _row_has_text(row, names, language):
    return any(_value(row, name, language) for name in names)
