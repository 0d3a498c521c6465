"""Cross-language consistency report for one bilingual article.

Pure Python; no Django. Input is the article exchange format's ``content``
dict (``{"en": {...}, "zh-hans": {...}}``) and ``entities`` list. The report
is a list of :class:`Finding`, each pointing at a span of one language
version. Finding kinds:

``missing_part``
    A language is absent altogether (one finding, part ``"all"``, medium,
    and nothing else is checked); or a part is empty in one language but not
    the other (high for title/analysis, medium otherwise); or a list entry's
    field (FAQ answer, key-data metric…) is empty on one side (medium); or a
    list is shorter on one side (low: the format allows it, it is a note).
``entity_one_language`` (medium)
    An entity is mentioned somewhere in one version and nowhere in the
    other. Not repeated for entities already explained by a substitution.
``substitution`` (high)
    In a pair of corresponding units, entity X (kind k) appears only on one
    side and a different entity Y of the same kind k only on the other.
    Reported once per (X, Y) on the Chinese side (the span of Y or X,
    whichever is Chinese-side).
``number_mismatch`` (high)
    A checkable quantity (see :func:`articles.consistency.quantities.is_checkable`) of a
    unit has no equal quantity in the corresponding unit(s) of the other
    language. Reported on the side where the unmatched quantity is.
``key_data_entity_mismatch`` (high)
    Corresponding key-data rows name different entities (or one names none).

Corresponding units: title↔title, summary↔summary; list entries (TL;DR,
key data, insights, FAQ) by position when both lists have the same length,
otherwise by an order-preserving alignment that maximises shared entities
and numbers (so a Chinese version that drops an item does not shift every
later comparison); analysis paragraphs (split on blank lines) with the
paragraphs of the same index ±1 in the other language.

Guarantee: the report depends only on the inputs (no I/O, no global state
beyond caches), and findings are ordered by language, document position.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from articles.consistency.quantities import Quantity, extract_quantities, is_checkable, quantities_match
from articles.entities.mentions import LANGUAGES, Mention, find_mentions, iter_text_parts

__all__ = ["Finding", "check_content", "FINDING_KINDS", "SEVERITIES"]

FINDING_KINDS = (
    "missing_part",
    "entity_one_language",
    "substitution",
    "number_mismatch",
    "key_data_entity_mismatch",
)
SEVERITIES = ("high", "medium", "low")
_LANGUAGE_NAMES = {"en": "English", "zh-hans": "Chinese"}
_PART_NAMES = {
    "title": "title",
    "summary": "summary",
    "tldr": "TL;DR item",
    "key_data": "key-data row",
    "analysis": "analysis paragraph",
    "insights": "insight",
    "faq": "FAQ entry",
    "all": "article",
}
_PLURALS = {"tldr": "TL;DR items", "key_data": "key-data rows", "insights": "insights", "faq": "FAQ entries"}
_LIST_PARTS = ("tldr", "key_data", "insights", "faq")
_TEXT_PARTS = ("title", "summary", "analysis")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


@dataclass(frozen=True)
class Finding:
    """One problem in the pair of language versions.

    ``language`` is the version the span points into; ``part`` is one of
    title, summary, tldr, key_data, analysis, insights, faq or ``"all"``;
    ``index`` is the list position (tldr/key_data/insights/faq), the
    paragraph number for analysis, or None; ``field`` narrows FAQ/key-data
    entries (``"q"``, ``"a"``, ``"info"``, ``"metric"``, ``"entity"``).
    ``span`` is (start, end) into that field's text (for analysis: the whole
    Markdown text), or None when the problem is an absence; ``text`` is the
    spanned text. ``message`` is plain English for editors.
    """

    kind: str
    severity: str
    language: str
    part: str
    index: int | None
    message: str
    field: str | None = None
    span: tuple[int, int] | None = None
    text: str = ""


@dataclass
class _Unit:
    """A comparable piece of one version: a title, a list entry, a paragraph."""

    part: str
    index: int | None
    mentions: list[Mention] = dataclass_field(default_factory=list)
    quantities: list[tuple[str | None, Quantity]] = dataclass_field(default_factory=list)
    entity: str | None = None  # key-data rows only
    fields: set = dataclass_field(default_factory=set)  # fields with text (faq/key_data)

    @property
    def slugs(self) -> set[str]:
        return {m.entity for m in self.mentions}


def _label(language: str, part: str, index: int | None) -> str:
    name = f"{_LANGUAGE_NAMES.get(language, language)} {_PART_NAMES.get(part, part)}"
    return name if index is None else f"{name} {index + 1}"


def _other(language: str) -> str:
    return LANGUAGES[1] if language == LANGUAGES[0] else LANGUAGES[0]


def _has_text(value) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, Mapping):
        return any(_has_text(v) for k, v in value.items() if k != "entity")
    if isinstance(value, (list, tuple)):
        return any(_has_text(v) for v in value)
    return False


def _paragraph_starts(text: str) -> list[int]:
    starts = [0]
    for m in _PARAGRAPH_BREAK.finditer(text):
        if m.end() < len(text):
            starts.append(m.end())
    return starts


def _paragraph_of(starts: list[int], position: int) -> int:
    index = 0
    for i, start in enumerate(starts):
        if start <= position:
            index = i
    return index


def _build_units(version: Mapping, language: str, entities: Sequence[Mapping]) -> dict[tuple, _Unit]:
    """Units keyed by (part, index); analysis paragraphs are ("analysis", n)."""
    units: dict[tuple, _Unit] = {}
    for part in ("title", "summary"):
        if _has_text(version.get(part)):
            units[(part, None)] = _Unit(part, None)
    for part in ("tldr", "key_data", "insights", "faq"):
        for i, item in enumerate(version.get(part) or []):
            units[(part, i)] = _Unit(part, i)
            if part == "key_data" and isinstance(item, Mapping):
                units[(part, i)].entity = item.get("entity")
    analysis = version.get("analysis") or ""
    starts = _paragraph_starts(analysis)
    if _has_text(analysis):
        for n in range(len(starts)):
            units[("analysis", n)] = _Unit("analysis", n)
    for text_part in iter_text_parts(version):
        mentions = find_mentions(
            text=text_part.text,
            entities=entities,
            language=language,
            part=text_part.part,
            index=text_part.index,
            field=text_part.field,
        )
        quantities = extract_quantities(text=text_part.text, skip_spans=[(m.start, m.end) for m in mentions])
        if text_part.part == "analysis":
            for m in mentions:
                units[("analysis", _paragraph_of(starts, m.start))].mentions.append(m)
            for q in quantities:
                units[("analysis", _paragraph_of(starts, q.start))].quantities.append((None, q))
        else:
            unit = units.setdefault((text_part.part, text_part.index), _Unit(text_part.part, text_part.index))
            unit.mentions.extend(mentions)
            unit.quantities.extend((text_part.field, q) for q in quantities)
            if text_part.field:
                unit.fields.add(text_part.field)
    return units


def _similarity(a: _Unit, b: _Unit) -> float:
    shared_entities = len(a.slugs & b.slugs)
    shared_numbers = sum(
        1 for _, qa in a.quantities if is_checkable(qa) and any(quantities_match(qa, qb) for _, qb in b.quantities)
    )
    same_row_entity = 1 if a.entity and a.entity == b.entity else 0
    return shared_entities + shared_numbers + same_row_entity


def _align(a: list[_Unit], b: list[_Unit]) -> list[tuple[_Unit, _Unit]]:
    """Pair list entries: by position when lengths agree, else the
    order-preserving pairing with the highest total similarity (every
    pairing earns a base score, so the shorter list is fully paired; ties
    prefer equal positions)."""
    if len(a) == len(b):
        return list(zip(a, b, strict=True))
    n, m = len(a), len(b)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            pair = best[i - 1][j - 1] + 1 + _similarity(a[i - 1], b[j - 1]) - 0.001 * abs(i - j)
            best[i][j] = max(best[i - 1][j], best[i][j - 1], pair)
    pairs, i, j = [], n, m
    while i > 0 and j > 0:
        pair = best[i - 1][j - 1] + 1 + _similarity(a[i - 1], b[j - 1]) - 0.001 * abs(i - j)
        if best[i][j] == pair:
            pairs.append((a[i - 1], b[j - 1]))
            i, j = i - 1, j - 1
        elif best[i][j] == best[i - 1][j]:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


@dataclass
class _Comparison:
    """A unit of one side against the unit(s) of the other it corresponds to."""

    units: dict[str, _Unit]  # language -> the unit itself
    windows: dict[str, list[_Unit]]  # language -> units on the OTHER side


def _comparisons(units: dict[str, dict[tuple, _Unit]]) -> list[_Comparison]:
    en, zh = LANGUAGES
    comparisons: list[_Comparison] = []
    for part in ("title", "summary"):
        a, b = units[en].get((part, None)), units[zh].get((part, None))
        if a and b:
            comparisons.append(_Comparison({en: a, zh: b}, {en: [b], zh: [a]}))
    for part in _LIST_PARTS:
        a = [u for (p, _), u in sorted(units[en].items(), key=_key) if p == part]
        b = [u for (p, _), u in sorted(units[zh].items(), key=_key) if p == part]
        for ua, ub in _align(a, b):
            comparisons.append(_Comparison({en: ua, zh: ub}, {en: [ub], zh: [ua]}))
    paragraphs = {
        lang: [u for (p, _), u in sorted(units[lang].items(), key=_key) if p == "analysis"] for lang in LANGUAGES
    }
    for i in range(min(len(paragraphs[en]), len(paragraphs[zh]))):
        comparisons.append(
            _Comparison(
                {en: paragraphs[en][i], zh: paragraphs[zh][i]},
                {en: paragraphs[zh][max(0, i - 1) : i + 2], zh: paragraphs[en][max(0, i - 1) : i + 2]},
            )
        )
    for lang in LANGUAGES:  # surplus paragraphs still get a window
        other = paragraphs[_other(lang)]
        for i in range(len(other), len(paragraphs[lang])):
            if other:
                own = {lang: paragraphs[lang][i]}
                comparisons.append(_Comparison(own, {lang: other[max(0, i - 1) : i + 2]}))
    return comparisons


def _key(item):
    (part, index), _ = item
    return (part, -1 if index is None else index)


def _number_findings(comparisons: list[_Comparison]) -> list[Finding]:
    findings, seen = [], set()
    for comparison in comparisons:
        for language, unit in comparison.units.items():
            window = comparison.windows.get(language, [])
            others = [q for u in window for _, q in u.quantities]
            for field, q in unit.quantities:
                if not is_checkable(q) or any(quantities_match(q, o) for o in others):
                    continue
                if field and not any(field in u.fields for u in window):
                    continue  # the field is empty there: a missing_part, not a mismatch
                key = (language, unit.part, unit.index, field, q.start)
                if key in seen:
                    continue
                seen.add(key)
                other_label = _label(_other(language), unit.part, window[0].index if len(window) == 1 else None)
                shown = ", ".join(o.text for o in others if is_checkable(o)) or "no figures"
                findings.append(
                    Finding(
                        kind="number_mismatch",
                        severity="high",
                        language=language,
                        part=unit.part,
                        index=unit.index,
                        field=field,
                        span=(q.start, q.end),
                        text=q.text,
                        message=f"'{q.text}' in the {_label(language, unit.part, unit.index)} has no "
                        f"equal figure in the {other_label} ({shown}).",
                    )
                )
    return findings


def _substitution_findings(
    comparisons: list[_Comparison], kinds: Mapping[str, str], names: Mapping[str, str]
) -> tuple[list[Finding], set[str]]:
    en, zh = LANGUAGES
    findings, involved, seen = [], set(), set()
    for comparison in comparisons:
        if en not in comparison.units or zh not in comparison.units:
            continue
        en_unit, zh_unit = comparison.units[en], comparison.units[zh]
        en_window = {s for u in comparison.windows[zh] for s in u.slugs}  # English near zh_unit
        zh_window = {s for u in comparison.windows[en] for s in u.slugs}  # Chinese near en_unit
        only_en = [m for m in en_unit.mentions if m.entity not in zh_window]
        only_zh = [m for m in zh_unit.mentions if m.entity not in en_window]
        for m_en in only_en:
            for m_zh in only_zh:
                if m_en.entity == m_zh.entity or kinds.get(m_en.entity) != kinds.get(m_zh.entity):
                    continue
                pair = (m_en.entity, m_zh.entity)
                if pair in seen:
                    continue
                seen.add(pair)
                involved.update(pair)
                kind = kinds.get(m_en.entity) or "entity"
                findings.append(
                    Finding(
                        kind="substitution",
                        severity="high",
                        language=zh,
                        part=zh_unit.part,
                        index=zh_unit.index,
                        field=m_zh.field,
                        span=(m_zh.start, m_zh.end),
                        text=m_zh.text,
                        message=f"The {_label(en, en_unit.part, en_unit.index)} names "
                        f"{names[m_en.entity]} ({kind}) where the "
                        f"{_label(zh, zh_unit.part, zh_unit.index)} names "
                        f"{names[m_zh.entity]} ({kind}) instead.",
                    )
                )
    return findings, involved


def _entity_findings(
    units: dict[str, dict[tuple, _Unit]], comparisons: list[_Comparison], explained: set[str], names: Mapping[str, str]
) -> list[Finding]:
    """Only mentions in units that have a counterpart count: an entity named
    only in a dropped list entry or a missing part is covered by the
    missing_part finding (or allowed, for shorter lists)."""
    findings = []
    paired = {
        id(u): {f for w in c.windows[lang] for f in w.fields}
        for c in comparisons
        for lang, u in c.units.items()
        if c.windows.get(lang)
    }
    anywhere = {lang: {m.entity for u in units[lang].values() for m in u.mentions} for lang in LANGUAGES}
    mentioned = {lang: {} for lang in LANGUAGES}
    for lang in LANGUAGES:
        for _, unit in sorted(units[lang].items(), key=_document_order):
            if id(unit) not in paired:
                continue
            for m in unit.mentions:
                if m.field and m.field not in paired[id(unit)]:
                    continue
                mentioned[lang].setdefault(m.entity, (unit, m))
    for lang in LANGUAGES:
        for slug, (unit, m) in mentioned[lang].items():
            if slug in anywhere[_other(lang)] or slug in explained:
                continue
            findings.append(
                Finding(
                    kind="entity_one_language",
                    severity="medium",
                    language=lang,
                    part=unit.part,
                    index=unit.index,
                    field=m.field,
                    span=(m.start, m.end),
                    text=m.text,
                    message=f"{names[slug]} is mentioned in the {_LANGUAGE_NAMES[lang]} version "
                    f"(first in the {_label(lang, unit.part, unit.index)}) but nowhere in "
                    f"the {_LANGUAGE_NAMES[_other(lang)]} version.",
                )
            )
    return findings


_PART_ORDER = {p: i for i, p in enumerate(("title", "summary", "tldr", "key_data", "analysis", "insights", "faq"))}


def _document_order(item):
    (part, index), _ = item
    return (_PART_ORDER[part], -1 if index is None else index)


def _missing_findings(versions: Mapping[str, Mapping]) -> list[Finding]:
    findings = []
    for lang in LANGUAGES:
        other = _other(lang)
        mine, theirs = versions[lang], versions[other]
        for part in _TEXT_PARTS:
            if _has_text(theirs.get(part)) and not _has_text(mine.get(part)):
                findings.append(
                    Finding(
                        kind="missing_part",
                        severity="medium" if part == "summary" else "high",
                        language=lang,
                        part=part,
                        index=None,
                        message=f"The {_LANGUAGE_NAMES[lang]} {part} is empty; the "
                        f"{_LANGUAGE_NAMES[other]} version has one.",
                    )
                )
        for part in _LIST_PARTS:
            my_items = [i for i in (mine.get(part) or []) if _has_text(i)]
            their_items = [i for i in (theirs.get(part) or []) if _has_text(i)]
            if their_items and not my_items:
                findings.append(
                    Finding(
                        kind="missing_part",
                        severity="medium",
                        language=lang,
                        part=part,
                        index=None,
                        message=f"The {_LANGUAGE_NAMES[lang]} version has no {_PLURALS[part]}; the "
                        f"{_LANGUAGE_NAMES[other]} version has {len(their_items)}.",
                    )
                )
            elif my_items and len(my_items) < len(their_items):
                findings.append(
                    Finding(
                        kind="missing_part",
                        severity="low",
                        language=lang,
                        part=part,
                        index=None,
                        message=f"The {_LANGUAGE_NAMES[lang]} version has {len(my_items)} {_PLURALS[part]}, "
                        f"the {_LANGUAGE_NAMES[other]} version {len(their_items)} "
                        f"(allowed; check nothing important was dropped).",
                    )
                )
    return findings


def _field_findings(comparisons: list[_Comparison], versions: Mapping[str, Mapping]) -> list[Finding]:
    """Empty FAQ question/answer or key-data info/metric on one side only."""
    findings = []
    for comparison in comparisons:
        if len(comparison.units) != 2:
            continue
        part = next(iter(comparison.units.values())).part
        if part not in ("faq", "key_data"):
            continue
        items = {lang: (versions[lang].get(part) or [])[unit.index] for lang, unit in comparison.units.items()}
        for field in ("q", "a") if part == "faq" else ("info", "metric"):
            for lang in LANGUAGES:
                mine, theirs = items[lang] or {}, items[_other(lang)] or {}
                if _has_text(theirs.get(field)) and not _has_text(mine.get(field)):
                    index = comparison.units[lang].index
                    findings.append(
                        Finding(
                            kind="missing_part",
                            severity="medium",
                            language=lang,
                            part=part,
                            index=index,
                            field=field,
                            message=f"The {_label(lang, part, index)} has an empty '{field}'; "
                            f"the {_LANGUAGE_NAMES[_other(lang)]} one does not.",
                        )
                    )
    return findings


def _key_data_findings(comparisons: list[_Comparison], names: Mapping[str, str]) -> list[Finding]:
    en, zh = LANGUAGES
    findings = []
    for comparison in comparisons:
        if len(comparison.units) != 2 or comparison.units[en].part != "key_data":
            continue
        a, b = comparison.units[en].entity, comparison.units[zh].entity
        if a != b:
            shown = {s: names.get(s, s) if s else "no entity" for s in (a, b)}
            findings.append(
                Finding(
                    kind="key_data_entity_mismatch",
                    severity="high",
                    language=zh,
                    part="key_data",
                    index=comparison.units[zh].index,
                    field="entity",
                    text=b or "",
                    message=f"{_label(en, 'key_data', comparison.units[en].index)} is about "
                    f"{shown[a]} but {_label(zh, 'key_data', comparison.units[zh].index)} "
                    f"is about {shown[b]}.",
                )
            )
    return findings


def check_content(*, content: Mapping, entities: Sequence[Mapping]) -> list[Finding]:
    """Return the consistency findings for ``content`` against ``entities``.

    If one language version is absent or has no text at all, the result is
    exactly one ``missing_part`` finding (part ``"all"``, medium) for it; if
    both are absent the result is empty."""
    content = content or {}
    versions = {lang: content.get(lang) or {} for lang in LANGUAGES}
    present = [lang for lang in LANGUAGES if _has_text(versions[lang])]
    if len(present) < 2:
        return [
            Finding(
                kind="missing_part",
                severity="medium",
                language=lang,
                part="all",
                index=None,
                message=f"There is no {_LANGUAGE_NAMES[lang]} version; "
                f"the {_LANGUAGE_NAMES[_other(lang)]} one has content.",
            )
            for lang in LANGUAGES
            if present and lang not in present
        ]

    kinds = {e["slug"]: e.get("kind") or "other" for e in entities}
    names = {e["slug"]: (e.get("name") or {}).get("en") or e["slug"] for e in entities}
    units = {lang: _build_units(versions[lang], lang, entities) for lang in LANGUAGES}
    comparisons = _comparisons(units)

    substitutions, explained = _substitution_findings(comparisons, kinds, names)
    findings = (
        _missing_findings(versions)
        + _field_findings(comparisons, versions)
        + _key_data_findings(comparisons, names)
        + substitutions
        + _number_findings(comparisons)
        + _entity_findings(units, comparisons, explained, names)
    )
    order = {lang: i for i, lang in enumerate(LANGUAGES)}
    return sorted(
        findings,
        key=lambda f: (
            order[f.language],
            _PART_ORDER.get(f.part, -1),
            -1 if f.index is None else f.index,
            f.span or (0, 0),
        ),
    )
