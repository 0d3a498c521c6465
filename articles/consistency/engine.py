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
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from articles.consistency.quantities import Quantity, extract_quantities, is_checkable, quantities_match
from articles.consistency.slots import Figure, swapped_pairs
from articles.entities.mentions import LANGUAGES, Mention, find_mentions, iter_text_parts, plain_tokenizer, pos_tags
from articles.entities.names import SURNAMES, Name, chinese_names, romanised_in, unknown_names_in

__all__ = ["Finding", "check_content", "FINDING_KINDS", "SEVERITIES"]

FINDING_KINDS = (
    "missing_part",
    "entity_one_language",
    "substitution",
    "number_mismatch",
    "key_data_entity_mismatch",
    "modality",
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
    # The other language's side of the comparison: the aligned item (same part) and, when one
    # thing stands against another, its span and text.
    other_index: int | None = None
    other_field: str | None = None
    other_span: tuple[int, int] | None = None
    other_text: str = ""
    suggestion: str = ""  # a name that matches no entity: offer to create it
    swapped_with: str = ""  # number_mismatch: the figure of this item that trades places with ``text``

    @property
    def language_name(self) -> str:
        """The language's own name, for screens (the engine itself never calls this)."""
        from articles.languages import NATIVE_NAMES  # local: the engine stays free of Django

        return NATIVE_NAMES.get(self.language, "")


@dataclass
class _Unit:
    """A comparable piece of one version: a title, a list entry, a paragraph."""

    part: str
    index: int | None
    mentions: list[Mention] = dataclass_field(default_factory=list)
    quantities: list[tuple[str | None, Quantity]] = dataclass_field(default_factory=list)
    entity: str | None = None  # key-data rows only
    fields: set = dataclass_field(default_factory=set)  # fields with text (faq/key_data)
    segments: list[tuple[str | None, str, int]] = dataclass_field(default_factory=list)  # (field, text, offset)

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
            bounds = [*starts[1:], len(text_part.text)]
            for n, start in enumerate(starts):
                if ("analysis", n) in units:
                    units[("analysis", n)].segments.append((None, text_part.text[start : bounds[n]], start))
            for m in mentions:
                units[("analysis", _paragraph_of(starts, m.start))].mentions.append(m)
            for q in quantities:
                units[("analysis", _paragraph_of(starts, q.start))].quantities.append((None, q))
        else:
            unit = units.setdefault((text_part.part, text_part.index), _Unit(text_part.part, text_part.index))
            unit.mentions.extend(mentions)
            unit.quantities.extend((text_part.field, q) for q in quantities)
            unit.segments.append((text_part.field, text_part.text, 0))
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


_CALENDAR_UNITS = ("year", "date", "month", "quarter", "half", "fquarter", "relative")


def _same_dimension(a: Quantity, b: Quantity) -> bool:
    """Whether ``b`` could be ``a`` written with another value: same unit, or a plain number
    against a non-calendar unit (``12亿`` against ``$1.5 billion``)."""
    if a.unit == b.unit:
        return True
    return (not a.unit and b.unit not in _CALENDAR_UNITS) or (not b.unit and a.unit not in _CALENDAR_UNITS)


def _number_findings(comparisons: list[_Comparison], units: dict[str, dict[tuple, _Unit]]) -> list[Finding]:
    """A figure with no equal in the aligned item(s) of the other language.

    Severity follows the evidence: **high** when the aligned item carries an unmatched figure of
    the same dimension (the same slot, a different value: the pair is one finding, both spans);
    otherwise the figure is in one language only: **low** when the other language states it
    elsewhere in the article, **medium** when it does not. A currency conversion written in one
    language only (约合人民币…, "(about $…)") is not reported."""
    everywhere = {lang: [q for u in units[lang].values() for _, q in u.quantities] for lang in LANGUAGES}
    findings, seen, consumed = [], set(), set()
    for comparison in comparisons:
        for language in reversed(LANGUAGES):  # Chinese first: a changed pair is reported there
            unit = comparison.units.get(language)
            if unit is None:
                continue
            other = _other(language)
            window = comparison.windows.get(language, [])
            others = [q for u in window for _, q in u.quantities]
            counterpart = comparison.units.get(other)
            own_window = [q for u in comparison.windows.get(other, []) for _, q in u.quantities] or [
                q for _, q in unit.quantities
            ]
            for field, q in unit.quantities:
                if not is_checkable(q) or any(quantities_match(q, o) for o in others):
                    continue
                if field and not any(field in u.fields for u in window):
                    continue  # the field is empty there: a missing_part, not a mismatch
                key = (language, unit.part, unit.index, field, q.start)
                if key in seen or key in consumed:
                    continue
                seen.add(key)
                rival = None
                for other_field, o in counterpart.quantities if counterpart else ():
                    other_key = (other, counterpart.part, counterpart.index, other_field, o.start)
                    if (
                        other_key in consumed
                        or not is_checkable(o)
                        or o.conversion
                        or (field and other_field and field != other_field)
                        or not _same_dimension(q, o)
                        or any(quantities_match(o, mine) for mine in own_window)
                    ):
                        continue
                    rival = (other_field, o)
                    consumed.add(other_key)
                    break
                if rival:
                    severity = "high"
                elif q.conversion:
                    continue
                elif any(quantities_match(q, o) for o in everywhere[other]):
                    severity = "low"
                else:
                    severity = "medium"
                other_index = counterpart.index if counterpart else (window[0].index if len(window) == 1 else None)
                other_label = _label(other, unit.part, other_index)
                if rival:
                    message = (
                        f"The {_label(language, unit.part, unit.index)} says '{q.text}' where the "
                        f"{other_label} says '{rival[1].text}'."
                    )
                elif severity == "low":
                    message = (
                        f"'{q.text}' in the {_label(language, unit.part, unit.index)} is not repeated in the "
                        f"{other_label}, but the {_LANGUAGE_NAMES[other]} version states it elsewhere."
                    )
                else:
                    shown = ", ".join(o.text for o in others if is_checkable(o)) or "no figures"
                    message = (
                        f"'{q.text}' in the {_label(language, unit.part, unit.index)} has no "
                        f"equal figure in the {other_label} ({shown}) nor anywhere in the "
                        f"{_LANGUAGE_NAMES[other]} version."
                    )
                findings.append(
                    Finding(
                        kind="number_mismatch",
                        severity=severity,
                        language=language,
                        part=unit.part,
                        index=unit.index,
                        field=field,
                        span=(q.start, q.end),
                        text=q.text,
                        message=message,
                        other_index=other_index,
                        other_field=rival[0] if rival else field,
                        other_span=(rival[1].start, rival[1].end) if rival else None,
                        other_text=rival[1].text if rival else "",
                    )
                )
    return findings


def _figures(unit: _Unit) -> tuple[list[Figure], dict[tuple, list]]:
    """The unit's figures with the text each was found in, and its mentions by text."""
    figures, mentions = [], {}
    for field, q in unit.quantities:
        for seg_field, text, offset in unit.segments:
            if seg_field == field and offset <= q.start < offset + len(text):
                figures.append(Figure(field, text, offset, q))
                break
    for m in unit.mentions:
        for seg_field, text, offset in unit.segments:
            if seg_field == m.field and offset <= m.start < offset + len(text):
                mentions.setdefault((seg_field, offset), []).append((m.entity, m.start - offset, m.end - offset))
                break
    return figures, mentions


def _swap_findings(comparisons: list[_Comparison]) -> list[Finding]:
    """Two figures of an aligned item that trade places (see ``articles.consistency.slots``):
    both values are present on both sides, but each stands where the other language writes the
    other. High, one finding per pair on the Chinese side, naming both figures."""
    en, zh = LANGUAGES
    findings = []
    for comparison in comparisons:
        if len(comparison.units) != 2:
            continue
        en_unit, zh_unit = comparison.units[en], comparison.units[zh]
        en_figures, en_mentions = _figures(en_unit)
        zh_figures, zh_mentions = _figures(zh_unit)
        for swap in swapped_pairs(en_figures, zh_figures, en_mentions, zh_mentions):
            here, there = swap.zh[0], swap.en[0]
            findings.append(
                Finding(
                    kind="number_mismatch",
                    severity="high",
                    language=zh,
                    part=zh_unit.part,
                    index=zh_unit.index,
                    field=here.field,
                    span=(here.quantity.start, here.quantity.end),
                    text=here.quantity.text,
                    message=f"The figures '{swap.zh[0].quantity.text}' and '{swap.zh[1].quantity.text}' are swapped: "
                    f"the {_label(zh, zh_unit.part, zh_unit.index)} writes '{swap.zh[0].quantity.text}' where the "
                    f"{_label(en, en_unit.part, en_unit.index)} writes '{swap.en[0].quantity.text}', and "
                    f"'{swap.zh[1].quantity.text}' where it writes '{swap.en[1].quantity.text}'.",
                    other_index=en_unit.index,
                    other_field=there.field,
                    other_span=(there.quantity.start, there.quantity.end),
                    other_text=there.quantity.text,
                    swapped_with=swap.zh[1].quantity.text,
                )
            )
    return findings


# Which unknown names may stand for an entity of a kind ("" = a Latin name: any kind).
_NAME_KINDS = {
    "person": {"person", ""},
    "company": {"organization", ""},
    "organization": {"organization", ""},
    "other": {"place", ""},
}


def _name_stems(entity: Mapping) -> dict[str, set[str]]:
    """Shortened names an editor may write for an entity without registering them as aliases:
    each capitalised word of 4+ letters of a Latin name (Lumen for Lumen Cloud, Ramirez for Sofia
    Ramirez; for an organisation only its first word) and the first two characters of a Chinese name of 3+ characters (螺旋 for 螺旋半导体)."""
    stems = {"en": set(), "zh-hans": set()}
    names = [
        *(entity.get("name") or {}).values(),
        *(a for group in (entity.get("aliases") or {}).values() for a in group),
    ]
    for name in filter(None, names):
        if _CJK_CHAR.search(name):
            if len(name) >= 3:
                stems["zh-hans"].add(name[:2])
        else:
            words = re.findall(r"[A-Z][A-Za-z]{3,}", name)
            # A person is named by any part of the name (Ramirez); an organisation by its first,
            # distinctive word (Lumen for Lumen Cloud), never by a generic one (Labs, Systems).
            stems["en"].update(words if entity.get("kind") == "person" else words[:1])
    return stems


_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")


def _loosely_named(stems: Mapping[str, set[str]], text: str) -> bool:
    return any(stem in text for group in stems.values() for stem in group)


def _unknown_names(unit: _Unit, known: frozenset) -> list[tuple[str | None, Name]]:
    covered_by_field: dict = {}
    for m in unit.mentions:
        covered_by_field.setdefault(m.field, []).append((m.start, m.end))
    for field, q in unit.quantities:  # 1.6吉瓦: jieba may tag a unit as a name
        covered_by_field.setdefault(field, []).append((q.start, q.end))
    names = []
    for field, text, offset in unit.segments:
        covered = [(s - offset, e - offset) for s, e in covered_by_field.get(field, [])]
        for name in unknown_names_in(text, covered=covered, known=known):
            if name.kind == "" and " " not in name.text and not re.search(r".[A-Z0-9]", name.text):
                continue  # one capitalised word (a surname, a word after a quote): too weak
            names.append((field, Name(name.start + offset, name.end + offset, name.text, name.kind)))
    return names


def _substitution_findings(
    comparisons: list[_Comparison],
    kinds: Mapping[str, str],
    names: Mapping[str, str],
    known: frozenset,
    stems: Mapping[str, Mapping[str, set[str]]],
    anywhere: Mapping[str, set[str]],
) -> tuple[list[Finding], set[str]]:
    """In aligned items, a name in one language where the other names a different one.

    Evidence: entity X is named more often on one side than on the other (absent, or a
    one-mention slip hidden by X elsewhere in the same item) while the other side names an
    entity Y of the same kind that the first side does not name nearby, or a name that matches
    no entity (with a suggestion to create it). High severity; every occurrence of the wrong
    name is a finding. A pair found from both sides is reported once, on the Chinese side."""
    en, zh = LANGUAGES
    findings, involved = [], set()
    for comparison in comparisons:
        if len(comparison.units) != 2:
            continue
        reported = set()
        for language in (zh, en):
            other = _other(language)
            own, theirs = comparison.units[language], comparison.units[other]
            near = {s for u in comparison.windows[language] for s in u.slugs}  # the other language near own
            own_counts = Counter(m.entity for m in own.mentions)
            their_counts = Counter(m.entity for m in theirs.mentions)
            deficits = [slug for slug, n in their_counts.items() if n > own_counts[slug]]
            # A one-mention slip the other language hides with a pronoun (她/she): the right name
            # X is in the item in both languages, and a same-kind Y appears here and nowhere in
            # the other language's version.
            slips = [
                slug
                for slug in their_counts
                if own_counts[slug] and slug not in deficits and kinds.get(slug) != "other"
            ]
            if not deficits and not slips:
                continue
            first = {m.entity: m for m in reversed(theirs.mentions)}
            their_text = " ".join(text for u in comparison.windows[language] for _, text, _ in u.segments)
            paired = set()
            for m in own.mentions:
                if m.entity in near or _loosely_named(stems.get(m.entity, {}), their_text):
                    continue
                candidates = deficits + ([s for s in slips if m.entity not in anywhere[other]])
                for slug in candidates:
                    if slug == m.entity or kinds.get(slug) != kinds.get(m.entity):
                        continue
                    pair = frozenset((slug, m.entity))
                    if language == en and pair in reported:
                        break
                    reported.add(pair)
                    paired.add(slug)
                    involved.update(pair)
                    kind = kinds.get(slug) or "entity"
                    findings.append(
                        _substitution(
                            language,
                            own,
                            theirs,
                            m.field,
                            (m.start, m.end),
                            m.text,
                            first[slug],
                            f"The {_label(other, theirs.part, theirs.index)} names {names[slug]} ({kind}) where "
                            f"the {_label(language, own.part, own.index)} names {names[m.entity]} ({kind}) instead.",
                        )
                    )
                    break
            unexplained = [slug for slug in deficits if slug not in paired]
            if not unexplained:
                continue
            all_stems = {stem for entity_stems in stems.values() for group in entity_stems.values() for stem in group}
            chosen: dict[str, str] = {}  # deficit -> the unknown name standing for it (all its occurrences)
            for field, name in _unknown_names(own, known):
                if (
                    name.text in their_text
                    or any(stem in name.text for stem in all_stems)
                    or romanised_in(name.text, their_text)
                ):
                    continue  # written the same way or in pinyin in the other language, or a short known name
                for slug in unexplained:
                    allowed = _NAME_KINDS.get(kinds.get(slug), {""})
                    if name.kind not in allowed or (name.kind == "" and own_counts[slug]):
                        continue
                    if chosen.setdefault(slug, name.text) != name.text:
                        continue
                    involved.add(slug)
                    findings.append(
                        _substitution(
                            language,
                            own,
                            theirs,
                            field,
                            (name.start, name.end),
                            name.text,
                            first[slug],
                            f"The {_label(other, theirs.part, theirs.index)} names {names[slug]} where the "
                            f"{_label(language, own.part, own.index)} names {name.text}, which is not a known "
                            f"entity (create it if it is right).",
                            suggestion=name.text,
                        )
                    )
                    break
    return findings, involved


# A romanised Chinese name: two or three words, each one or two pinyin syllables (Zhang Min, Chen Jiahui).
_PINYIN_WORD = r"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:[aeiouv]{1,3})(?:ng|n|r)?){1,2}"
_PINYIN_NAME = re.compile(rf"{_PINYIN_WORD}(?:[ -]{_PINYIN_WORD}){{1,2}}", re.IGNORECASE)


def _name_key(name: str) -> frozenset:
    """Surname and given name, lower case: 陈嘉慧 and "Chen Jiahui" (or "Jiahui Chen") agree."""
    if _CJK_CHAR.search(name):
        from pypinyin import lazy_pinyin  # local: only loaded when two unknown person names meet

        syllables = lazy_pinyin(name)
        return frozenset((syllables[0], "".join(syllables[1:])))
    return frozenset(word.lower() for word in re.split(r"[ -]+", name) if word)


def _chinese_person_names(unit: _Unit, known: frozenset) -> list[tuple[str | None, Name]]:
    """Words jieba tags as a person that start with a common surname (张明, 陈嘉慧), known or not
    to jieba's dictionary, outside entity mentions and figures."""
    covered = [(f, m.start, m.end) for m in unit.mentions for f in (m.field,)]
    covered += [(f, q.start, q.end) for f, q in unit.quantities]
    names = []
    for field, text, offset in unit.segments:
        if not _CJK_CHAR.search(text):
            continue
        for start, end, word, flag in pos_tags(text):
            start, end = start + offset, end + offset
            if not (flag.startswith("nr") and 2 <= len(word) <= 3 and word[0] in SURNAMES):
                continue
            if word.casefold() in known or any(f == field and start < e and s < end for f, s, e in covered):
                continue
            names.append((field, Name(start, end, word, "person")))
        for name in chinese_names(text):  # names jieba does not tag (首席执行官钱立新)
            start, end = name.start + offset, name.end + offset
            if name.kind != "person" or name.text.casefold() in known or name.text[0] not in SURNAMES:
                continue
            if any(n.start < end and start < n.end for _, n in names) or any(
                f == field and start < e and s < end for f, s, e in covered
            ):
                continue
            names.append((field, Name(start, end, name.text, "person")))
    return names


def _romanised_name_findings(comparisons: list[_Comparison], known: frozenset) -> list[Finding]:
    """Two names outside the entity list for one person: a Chinese name in the Chinese item and a
    romanised Chinese name in the aligned English item whose pinyin does not agree (张明 against
    "Zhang Min"). High, every occurrence of the Chinese name; transliterations (·) are not compared."""
    en, zh = LANGUAGES
    findings = []
    for comparison in comparisons:
        if len(comparison.units) != 2:
            continue
        zh_unit = comparison.units[zh]
        en_names = [  # first: cheap, and without one the Chinese side need not be tagged
            (f, n)
            for u in comparison.windows[zh]
            for f, n in _unknown_names(u, known)
            if n.kind == "" and _PINYIN_NAME.fullmatch(n.text)
        ]
        if not en_names:
            continue
        zh_names = _chinese_person_names(zh_unit, known)
        if not zh_names:
            continue
        en_keys = {_name_key(n.text) for _, n in en_names}
        zh_keys = {_name_key(n.text) for _, n in zh_names}
        unmatched_en = [(f, n) for f, n in en_names if _name_key(n.text) not in zh_keys]
        if not unmatched_en:
            continue
        other_field, other = unmatched_en[0]
        for field, name in zh_names:
            if _name_key(name.text) in en_keys:
                continue
            findings.append(
                Finding(
                    kind="substitution",
                    severity="high",
                    language=zh,
                    part=zh_unit.part,
                    index=zh_unit.index,
                    field=field,
                    span=(name.start, name.end),
                    text=name.text,
                    message=f"The {_label(zh, zh_unit.part, zh_unit.index)} names {name.text} where the "
                    f"{_label(en, zh_unit.part, comparison.units[en].index)} names {other.text}: the names "
                    f"do not agree in pinyin.",
                    other_index=comparison.units[en].index,
                    other_field=other_field,
                    other_span=(other.start, other.end),
                    other_text=other.text,
                    suggestion=name.text,
                )
            )
    return findings


def _substitution(language, own, theirs, field, span, text, their_mention, message, suggestion=""):
    return Finding(
        kind="substitution",
        severity="high",
        language=language,
        part=own.part,
        index=own.index,
        field=field,
        span=span,
        text=text,
        message=message,
        other_index=theirs.index,
        other_field=their_mention.field,
        other_span=(their_mention.start, their_mention.end),
        other_text=their_mention.text,
        suggestion=suggestion,
    )


# Hedges: the claim is reported, possible, planned or expected rather than stated as fact. A
# hedge on one side is a finding only when the aligned item of the other language has no hedge
# and no modal word either (could/can/should, 可以/应/将会…: those translate each other too freely
# to pair word by word).
_HEDGES = {
    "en": re.compile(
        r"\b(?:reportedly|(?:is|are|was|were) (?:reported|said|rumou?red) to|rumou?red|"
        r"according to (?:people|sources|reports|a report|a person)|people familiar|sources said|"
        r"(?-i:may)(?! not)|might|possibly|probably|perhaps|likely|"
        r"plans? to|planning to|planned to|intends? to|(?:is|are) (?:considering|weighing|exploring|in talks)|"
        r"(?:is|are) expected to|expects? to)\b",
        re.IGNORECASE,
    ),
    "zh-hans": re.compile(
        r"据悉|据报道|据报|据称|据传|传闻|消息人士|知情人士|或将|或已|或于|或在|或达|或超|或被|或遭|或会|或成|"
        r"可能|或许|也许|(?<![模虚草比])拟(?![议建定])|计划(?=[于在将到从把])|打算|有望|预计|考虑"
    ),
}
_MODALS = {
    "en": re.compile(
        r"\b(?:could|can|should|would|might|may|must|propos\w*|draft|plans?|planned|programme|expect\w*|"
        r"estimat\w*|forecast\w*|project(?:ed|ion)s?|if|whether|aims?|seeks?|hopes?|potential(?:ly)?|set to|"
        r"due|intend\w*|consider\w*|reported\w*|possib\w*)\b",
        re.IGNORECASE,
    ),
}
# Chinese modal words, matched as whole jieba words (能 but not 能源, 可 but not 许可).
_ZH_MODALS = frozenset(
    "可以 可 能 能够 可能 或 应 应该 应当 须 必须 需 需要 提议 建议 草案 拟 拟议 拟建 计划 预期 估计 预计 如果 若 "
    "是否 旨在 寻求 潜在 据 有望 将会 或许 也许".split()
)


def _hedges(unit: _Unit, language: str, patterns=_HEDGES) -> list[tuple[str | None, re.Match, int]]:
    return [(field, m, offset) for field, text, offset in unit.segments for m in patterns[language].finditer(text)]


def _has_modal(unit: _Unit, language: str, cache: dict) -> bool:
    if id(unit) not in cache:
        if language == "en":
            cache[id(unit)] = any(_MODALS["en"].search(text) for _, text, _ in unit.segments)
        else:
            tokenizer = plain_tokenizer()
            words = (word for _, text, _ in unit.segments for word in tokenizer.cut(text, HMM=False))
            cache[id(unit)] = any(word in _ZH_MODALS for word in words)
    return cache[id(unit)]


def _modality_findings(comparisons: list[_Comparison]) -> list[Finding]:
    """One language hedges (或, 可能, 拟, 据悉, "reportedly", "may", "plans to") where the aligned
    item of the other asserts: medium, every hedge listed."""
    findings, modal_cache = [], {}
    for comparison in comparisons:
        if len(comparison.units) != 2:
            continue
        for language in reversed(LANGUAGES):
            own, other = comparison.units[language], _other(language)
            hedges = _hedges(own, language)
            if not hedges or any(
                _hedges(u, other) or _has_modal(u, other, modal_cache) for u in comparison.windows[language]
            ):
                continue
            for field, m, offset in hedges:
                if field and not any(field in u.fields for u in comparison.windows[language]):
                    continue
                findings.append(
                    Finding(
                        kind="modality",
                        severity="medium",
                        language=language,
                        part=own.part,
                        index=own.index,
                        field=field,
                        span=(m.start() + offset, m.end() + offset),
                        text=m.group(),
                        message=f"The {_label(language, own.part, own.index)} hedges ('{m.group()}') where the "
                        f"{_label(other, own.part, comparison.units[other].index)} states it as fact.",
                        other_index=comparison.units[other].index,
                        other_field=field,
                    )
                )
    return findings


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

    entities = tuple(entities)  # one identity for every text: the alias matcher is looked up once
    kinds = {e["slug"]: e.get("kind") or "other" for e in entities}
    names = {e["slug"]: (e.get("name") or {}).get("en") or e["slug"] for e in entities}
    units = {lang: _build_units(versions[lang], lang, entities) for lang in LANGUAGES}
    comparisons = _comparisons(units)

    known = frozenset(
        alias.casefold()
        for e in entities
        for group in (list((e.get("name") or {}).values()), *(e.get("aliases") or {}).values())
        for alias in group
        if alias
    )
    stems = {e["slug"]: _name_stems(e) for e in entities}
    anywhere = {lang: {m.entity for u in units[lang].values() for m in u.mentions} for lang in LANGUAGES}
    substitutions, explained = _substitution_findings(comparisons, kinds, names, known, stems, anywhere)
    findings = (
        _missing_findings(versions)
        + _field_findings(comparisons, versions)
        + _key_data_findings(comparisons, names)
        + substitutions
        + _romanised_name_findings(comparisons, known)
        + _number_findings(comparisons, units)
        + _swap_findings(comparisons)
        + _entity_findings(units, comparisons, explained, names)
        + _modality_findings(comparisons)
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
