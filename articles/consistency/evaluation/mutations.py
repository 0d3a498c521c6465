"""Inject labelled faults into clean bilingual pairs.

The generator works on the text with its own small rules (string search for entity names, a digit
regex, fixed word lists), never with the engine's extractors, so a fault the engine cannot see
stays in the set as a miss. Every mutant changes one item (a title, a list entry, an analysis
paragraph) in one language and is labelled with the finding it must produce:
``{"kind", "part", "index"}`` (analysis: the paragraph number).

Fault families (``MUTATIONS``): digit changes, 万/亿 and million/billion scale errors, percent,
year, date, quarter and unit changes, two figures swapped within one sentence (same unit, or two sums
or powers written with different scale words, moved with them), known-name swaps,
unknown-name swaps (a name that is no entity), one-mention slips (one of several mentions of a
name replaced), and hedges (据报道/或将/"reportedly") added to one side.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator, Mapping, Sequence

EN, ZH = "en", "zh-hans"
_PARAGRAPHS = re.compile(r"(\n[ \t]*\n\s*)")
_LIST_PARTS = {"tldr": None, "key_data": ("metric", "info"), "insights": None, "faq": ("q", "a")}

# Invented names, none of them an entity of any set. Persons/organisations by script.
UNKNOWN_NAMES = {
    ("person", ZH): ["赵文博", "刘明辉", "吴晓峰", "王静怡", "马克·汤普森", "安娜·科瓦尔", "钱立新", "孙海鹰"],
    ("person", EN): ["Daniel Osei", "Hannah Brandt", "Victor Lindqvist"],
    # Chinese organisation names jieba does not tag, and Latin names kept in Chinese text.
    ("company", ZH): ["星河科技公司", "Bluefin Systems", "天穹集团", "Quarry Labs", "青石实验室"],
    ("company", EN): ["Bluefin Systems", "Quarry Labs", "Ostrava Dynamics"],
}
UNKNOWN_NAMES[("organization", ZH)] = UNKNOWN_NAMES[("company", ZH)]
UNKNOWN_NAMES[("organization", EN)] = UNKNOWN_NAMES[("company", EN)]

_ZH_HEDGES = ("据报道", "据悉", "或将", "可能", "拟", "据称", "传闻", "计划", "预计", "有望", "或")
_EN_HEDGES = ("reportedly", "may ", "might", "could", "plan", "expect", "likely", "rumo", "said to", "should")


# Items ------------------------------------------------------------------------------------------


def items(content: Mapping) -> Iterator[tuple[str, int | None, str | None]]:
    """(part, index, field) of every text item present in both languages, in document order."""
    en, zh = content.get(EN) or {}, content.get(ZH) or {}
    for part in ("title", "summary"):
        if en.get(part) and zh.get(part):
            yield part, None, None
    for part in ("tldr", "key_data"):
        yield from _list_items(en, zh, part)
    en_paras, zh_paras = _paragraphs(en.get("analysis") or ""), _paragraphs(zh.get("analysis") or "")
    if len(en_paras) == len(zh_paras):
        for n in range(len(en_paras)):
            yield "analysis", n, None
    for part in ("insights", "faq"):
        yield from _list_items(en, zh, part)


def _list_items(en, zh, part):
    a, b = en.get(part) or [], zh.get(part) or []
    if len(a) != len(b):
        return
    for i in range(len(a)):
        for field in _LIST_PARTS[part] or (None,):
            if _get_raw(a[i], field) and _get_raw(b[i], field):
                yield part, i, field


def _get_raw(item, field):
    return (item.get(field) or "") if field else (item if isinstance(item, str) else "")


def _paragraphs(text: str) -> list[str]:
    return [p for p in _PARAGRAPHS.split(text)[::2] if p.strip()] if text.strip() else []


def get(content: Mapping, language: str, part: str, index, field) -> str:
    version = content[language]
    if part == "analysis":
        return _PARAGRAPHS.split(version["analysis"])[::2][index]
    value = version[part] if index is None else version[part][index]
    return _get_raw(value, field) if index is not None else value


def replaced(content: Mapping, language: str, part: str, index, field, text: str) -> dict:
    """A deep copy of ``content`` with one item's text replaced."""
    content = copy.deepcopy(dict(content))
    version = content[language]
    if part == "analysis":
        pieces = _PARAGRAPHS.split(version["analysis"])
        pieces[2 * index] = text
        version["analysis"] = "".join(pieces)
    elif index is None:
        version[part] = text
    elif field:
        version[part][index][field] = text
    else:
        version[part][index] = text
    return content


# Figures ----------------------------------------------------------------------------------------

_NUMBER = re.compile(r"(?<![A-Za-z0-9.\-_])\d+(?:[.,]\d+)*")
_UNIT_AFTER = re.compile(
    r"\s?(?:%|亿|万|千|吉瓦|兆瓦|千瓦|GW|MW|TWh|PB|GB|美元|欧元|日元|港元|新台币|年|月|个百分点|倍|billion|million)"
)


def _digits(number: str) -> str:
    return number.replace(",", "").replace(".", "").rstrip("0")


def _figures(text: str, other: str) -> list[re.Match]:
    """Numbers in ``text`` that the other language's item also writes (same digits), and that
    carry a unit or are 10 or more (whole numbers below 10 are documented as not checked)."""
    other_digits = {_digits(m.group()) for m in _NUMBER.finditer(other)}
    found = []
    for m in _NUMBER.finditer(text):
        if m.start() > 0 and text[m.start() - 1] in "#" or text[: m.start()].endswith(("第", "Q")):
            continue
        if re.match(r"\s*[.)、]\s", text[m.end() :]) and (m.start() == 0 or text[m.start() - 1] == "\n"):
            continue  # a list marker
        value = float(m.group().replace(",", ""))
        if value < 10 and not _UNIT_AFTER.match(text, m.end()):
            continue
        if _digits(m.group()) in other_digits:
            found.append(m)
    return found


def _change_digit(number: str) -> str:
    for i, char in enumerate(number):
        if char.isdigit() and char != "0":
            new = str(int(char) % 9 + 1)
            return number[:i] + new + number[i + 1 :]
    return number


def digit_change(text, other, language):
    for m in _figures(text, other):
        if not re.match(r"\s*年", text[m.end() :]):
            return text[: m.start()] + _change_digit(m.group()) + text[m.end() :]
    return None


def percent_change(text, other, language):
    for m in _figures(text, other):
        if re.match(r"\s?(?:%|percent)", text[m.end() :]):
            value = float(m.group().replace(",", ""))
            new = f"{value + 7:g}" if value < 90 else f"{value - 7:g}"
            return text[: m.start()] + new + text[m.end() :]
    return None


def year_change(text, other, language):
    for m in re.finditer(r"(?<!\d)(20[0-9]{2})(?=\s*年|\b)", text):
        if m.group(1) in other:
            return text[: m.start()] + str(int(m.group(1)) + 1) + text[m.end() :]
    return None


def date_change(text, other, language):
    pattern = (
        r"(\d{1,2})月(\d{1,2})日"
        if language == ZH
        else r"(?:January|February|March|April|May|June|July|August|September|October|November|December) (\d{1,2})"
    )
    for m in re.finditer(pattern, text):
        day = m.group(m.lastindex)
        start = m.start(m.lastindex)
        new = str(int(day) + 1 if int(day) < 28 else int(day) - 1)
        return text[:start] + new + text[start + len(day) :]
    return None


_ZH_QUARTERS = "一二三四"


def quarter_change(text, other, language):
    if language == ZH:
        m = re.search(r"第([一二三四])(季度|财季)", text)
        if m:
            new = _ZH_QUARTERS[(_ZH_QUARTERS.index(m.group(1)) + 1) % 4]
            return text[: m.start(1)] + new + text[m.end(1) :]
        return None
    m = re.search(r"\bQ([1-4])\b|\b(first|second|third|fourth)[ -](?:fiscal[ -])?quarter", text)
    if not m:
        return None
    if m.group(1):
        return text[: m.start(1)] + str(int(m.group(1)) % 4 + 1) + text[m.end(1) :]
    words = ["first", "second", "third", "fourth"]
    return text[: m.start(2)] + words[(words.index(m.group(2)) + 1) % 4] + text[m.end(2) :]


def scale_change(text, other, language):
    if language == ZH:
        for m in re.finditer(r"(\d+(?:\.\d+)?)(亿|万)", text):
            if _digits(m.group(1)) in {_digits(n.group()) for n in _NUMBER.finditer(other)}:
                return text[: m.start(2)] + ("万" if m.group(2) == "亿" else "亿") + text[m.end(2) :]
        return None
    m = re.search(r"\b(million|billion)\b", text)
    if not m:
        return None
    return text[: m.start()] + ("billion" if m.group() == "million" else "million") + text[m.end() :]


_UNIT_SWAPS = {
    ZH: [("吉瓦", "兆瓦"), ("兆瓦", "吉瓦"), ("美元", "欧元"), ("欧元", "美元"), ("千瓦时", "兆瓦时")],
    EN: [("GW", "MW"), ("MW", "GW"), ("TWh", "GWh"), ("PB", "TB"), ("$", "€")],
}


def unit_change(text, other, language):
    for old, new in _UNIT_SWAPS[language]:
        position = text.find(old)
        if position >= 0 and (old != "$" or text[position + 1 : position + 2].isdigit()):
            return text[:position] + new + text[position + len(old) :]
    return None


def swapped_figures(text, other, language):
    """Two figures with the same unit in one sentence trade places."""
    for sentence in re.split(r"(?<=[。；;.!?！？])", text):
        figures = [m for m in _figures(sentence, other) if _UNIT_AFTER.match(sentence, m.end())]
        for a in range(len(figures)):
            for b in range(a + 1, len(figures)):
                ua = _UNIT_AFTER.match(sentence, figures[a].end()).group()
                ub = _UNIT_AFTER.match(sentence, figures[b].end()).group()
                if ua == ub and figures[a].group() != figures[b].group():
                    x, y = figures[a], figures[b]
                    new = (
                        sentence[: x.start()]
                        + y.group()
                        + sentence[x.end() : y.start()]
                        + x.group()
                        + sentence[y.end() :]
                    )
                    return text.replace(sentence, new, 1)
    return None


# Whole figures with their unit or scale words, by dimension (the unit text may differ: $410 million,
# $2.3 billion; 4.1亿美元, 9000万美元; 400 MW, 1.6 GW).
_WHOLE_FIGURES = {
    ZH: re.compile(
        r"(?<![\d.])\d+(?:\.\d+)?(?P<unit>(?:万|亿)?(?:(?P<money>美元|欧元|港元|新台币|日元|元)|(?P<power>吉瓦|兆瓦|千瓦)(?!时)))"
    ),
    EN: re.compile(
        r"(?P<money>(?:HK|NT)?\$|€)\d+(?:\.\d+)?(?P<unit>(?:\s(?:million|billion|trillion))?)"
        r"|(?<![\d.])\d+(?:\.\d+)?(?P<unit2>\s?(?P<power>GW|MW|kW)\b)"
    ),
}


def swapped_quantities(text, other, language):
    """Two sums (or powers) written with different scale or unit words trade places in one sentence,
    units and all: "$410 million ... $2.3 billion" becomes "$2.3 billion ... $410 million"."""
    for sentence in re.split(r"(?<=[。；;!?！？])|(?<=\.)\s", text):
        found = list(_WHOLE_FIGURES[language].finditer(sentence))
        for a in range(len(found)):
            for b in range(a + 1, len(found)):
                x, y = found[a], found[b]
                kind_x = "money" if x.group("money") else "power"
                kind_y = "money" if y.group("money") else "power"
                unit_x = (x.group("unit") or "") + (x.groupdict().get("unit2") or "")
                unit_y = (y.group("unit") or "") + (y.groupdict().get("unit2") or "")
                if kind_x != kind_y or unit_x == unit_y or x.group() == y.group():
                    continue
                new = (
                    sentence[: x.start()] + y.group() + sentence[x.end() : y.start()] + x.group() + sentence[y.end() :]
                )
                return text.replace(sentence, new, 1)
    return None


# Names ------------------------------------------------------------------------------------------


def _surface_forms(entity: Mapping, language: str) -> list[str]:
    forms = [entity["name"].get(language) or "", *(entity.get("aliases") or {}).get(language, [])]
    return sorted({f for f in forms if f}, key=len, reverse=True)


def _occurrences(text: str, forms: Sequence[str]) -> list[tuple[int, int]]:
    spans = []
    for form in forms:
        for m in re.finditer(re.escape(form), text):
            if not any(m.start() < e and s < m.end() for s, e in spans):
                if form.isascii() and (
                    (m.start() > 0 and text[m.start() - 1].isalnum() and text[m.start() - 1].isascii())
                    or (m.end() < len(text) and text[m.end()].isalnum() and text[m.end()].isascii())
                ):
                    continue
                spans.append((m.start(), m.end()))
    return sorted(spans)


def _named(text, other, entities, language):
    """Entities named in this item in both languages: (entity, spans here)."""
    other_language = EN if language == ZH else ZH
    for entity in entities:
        spans = _occurrences(text, _surface_forms(entity, language))
        if spans and _occurrences(other, _surface_forms(entity, other_language)):
            yield entity, spans


def _replace_spans(text, spans, new):
    for start, end in reversed(spans):
        text = text[:start] + new + text[end:]
    return text


def _known_replacement(entity, entities, language, text, other, whole_other):
    other_language = EN if language == ZH else ZH
    for candidate in entities:
        if candidate["slug"] == entity["slug"] or candidate.get("kind") != entity.get("kind"):
            continue
        if not candidate["name"].get(language):
            continue
        forms = _surface_forms(candidate, language) + _surface_forms(candidate, other_language)
        if any(f in text or f in whole_other for f in forms):
            continue
        return candidate["name"][language]
    return None


def known_swap(text, other, language, *, entities, whole_other, **_):
    for entity, spans in _named(text, other, entities, language):
        new = _known_replacement(entity, entities, language, text, other, whole_other)
        if new:
            return _replace_spans(text, spans, new)
    return None


def unknown_swap(text, other, language, *, entities, whole_other, serial=0, **_):
    for entity, spans in _named(text, other, entities, language):
        names = UNKNOWN_NAMES.get((entity.get("kind"), language))
        if names:
            return _replace_spans(text, spans, names[serial % len(names)])
    return None


def one_mention_slip(text, other, language, *, entities, whole_other, serial=0, **_):
    for entity, spans in _named(text, other, entities, language):
        if len(spans) < 2:
            continue
        new = _known_replacement(entity, entities, language, text, other, whole_other)
        if new is None:
            names = UNKNOWN_NAMES.get((entity.get("kind"), language))
            new = names[serial % len(names)] if names else None
        if new:
            return _replace_spans(text, spans[-1:], new)
    return None


# Hedges -----------------------------------------------------------------------------------------


def hedge(text, other, language):
    if any(h in text for h in _ZH_HEDGES) or any(h in other.lower() for h in _EN_HEDGES):
        return None
    if any(h in text.lower() for h in _EN_HEDGES) or any(h in other for h in _ZH_HEDGES):
        return None
    if language == ZH:
        if "将" in text:
            return text.replace("将", "或将", 1)
        return "据报道，" + text
    first, _, rest = text.partition(" ")
    if first in ("The", "A", "An", "This", "It", "What", "How", "Who", "When", "Where", "Why"):
        return None if text.endswith("?") else "Reportedly, " + first.lower() + " " + rest
    return "Reportedly, " + text


# The table --------------------------------------------------------------------------------------

FIGURE_MUTATIONS: dict[str, tuple[Callable, tuple[str, ...]]] = {
    "digit": (digit_change, (ZH, EN)),
    "percent": (percent_change, (ZH,)),
    "year": (year_change, (ZH, EN)),
    "date": (date_change, (ZH, EN)),
    "quarter": (quarter_change, (ZH, EN)),
    "scale": (scale_change, (ZH, EN)),
    "unit": (unit_change, (ZH, EN)),
    "swapped_figures": (swapped_figures, (ZH, EN)),
    "swapped_quantities": (swapped_quantities, (ZH, EN)),
}
NAME_MUTATIONS: dict[str, tuple[Callable, tuple[str, ...]]] = {
    "known_swap": (known_swap, (ZH, EN)),
    "unknown_swap": (unknown_swap, (ZH, EN)),
    "one_mention_slip": (one_mention_slip, (ZH, EN)),
}
MUTATIONS = {**FIGURE_MUTATIONS, **NAME_MUTATIONS, "hedge": (hedge, (ZH, EN))}
_KINDS = {
    **dict.fromkeys(FIGURE_MUTATIONS, "number_mismatch"),
    **dict.fromkeys(NAME_MUTATIONS, "substitution"),
    "hedge": "modality",
}


def _whole(version: Mapping) -> str:
    parts = []
    for value in version.values():
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, list):
            for item in value:
                parts.extend(v for v in (item.values() if isinstance(item, dict) else [item]) if isinstance(v, str))
    return "\n".join(parts)


def mutants(case: Mapping, entities: Sequence[Mapping], *, per_mutation: int = 2) -> Iterator[dict]:
    """Labelled fault cases made from one clean case: for every fault family and language, up to
    ``per_mutation`` mutants, each in a different item (the first and the last that qualify)."""
    content = case["content"]
    places = list(items(content))
    serial = 0
    for name, (function, languages) in MUTATIONS.items():
        for language in languages:
            other_language = EN if language == ZH else ZH
            whole_other = _whole(content[other_language])
            made = []
            for place in places:
                text, other = get(content, language, *place), get(content, other_language, *place)
                extra = {"entities": entities, "whole_other": whole_other, "serial": serial}
                new = (
                    function(text, other, language, **extra)
                    if name in NAME_MUTATIONS
                    else function(text, other, language)
                )
                if new and new != text:
                    made.append((place, new))
            for place, new in (made[:1] + made[-1:])[:per_mutation] if len(made) > 1 else made:
                serial += 1
                part, index, field = place
                yield {
                    "id": f"{case['id']}~{name}-{language}-{part}{'' if index is None else index}",
                    "source": "mutation",
                    "mutation": name,
                    "content": replaced(content, language, part, index, field, new),
                    "entities": entities,
                    "expected": [{"kind": _KINDS[name], "part": part, "index": index}],
                }
