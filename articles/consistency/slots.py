"""What a figure measures: two figures swapped between the slots of one aligned item.

Pure Python; no Django. Two figures that trade places within an item ("revenue rose 12% while
costs fell 5%" against 营收增长5%，成本下降12%) leave every value present on both sides, so the value
comparison of the engine cannot see them. This module attaches each figure to what it measures, in
each language, and reports a pair of figures whose attachments are exchanged.

A figure's *anchors* are found in its clause (the text between clause punctuation and clause
conjunctions such as "while", "but", 而, 同时), and each anchor attaches to the nearest figure of
the same dimension there (percent with percent, money with money):

- a metric or direction word from a small bilingual list of concepts (revenue/营收,
  costs/成本, valuation/估值, rose/增长, fell/下降, users/用户…);
- a role word that governs the figure right after it: "from"/"than"/从/由/较/高于 (the starting or
  compared value), "to"/"reached"/至/到/达到 (the end value);
- an entity named in the clause (both languages name it by the same entity slug);
- another figure in the clause that both languages write (a year, a sum in another unit).

For two figures A and B written once on each side (same dimension, different values), an anchor
that goes with A in one language and with B in the other is evidence of a swap; one that goes with
the same figure in both is evidence against. A pair is reported when the swaps outweigh the
agreements. Runs of figures joined only by list or range separators (``8 billion, 34 billion and
120 billion``; ``12亿至15亿``) are slots by position: a different order of the same values is a swap.
Legitimate reordering of clauses between English and Chinese moves the anchors with the figures, so
it is never evidence of a swap; a sentence with no anchor at all is never reported.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from articles.consistency.quantities import Quantity, is_checkable, quantities_match

__all__ = ["Figure", "Swap", "swapped_pairs"]

EN, ZH = "en", "zh-hans"

# Clause edges: punctuation, and the conjunctions that open a new clause. A decimal point or a
# thousands separator is no edge.
_CLAUSE_EDGE = {
    EN: re.compile(
        r"[;:()\[\]!?\n]|,(?!\d{3})|\.(?!\d)|\s[-–—]\s|\b(?:while|whereas|but|and|with|although|though)\b",
        re.IGNORECASE,
    ),
    ZH: re.compile(r"[，,；;：:（）()\[\]。！？!?、\n]|而|同时|但|并且|其中|以及"),
}

# (concept, English pattern, Chinese pattern). Metrics and directions attach to the nearest figure
# of the clause, whichever side it is on.
_CONCEPTS = (
    ("revenue", r"revenues?|sales|turnover", r"营收|营业收入|收入|销售额|营业额|销量"),
    ("profit", r"profits?|net income|earnings|income", r"利润|盈利|净利|收益"),
    ("loss", r"loss(?:es)?", r"亏损"),
    ("cost", r"costs?|expenses?|spending|spend|capex|capital expenditure", r"成本|费用|支出|开支|花费"),
    ("valuation", r"valu(?:ation|ed|ing|es)", r"估值"),
    ("round", r"Series [A-H]|seed round", r"[A-H]轮|种子轮|天使轮"),
    ("funding", r"rais\w*|funding|round|fund", r"融资|募集|募资|基金"),
    ("investment", r"invest\w*", r"投资|投向|投入"),
    ("price", r"prices?|pricing|pays?|fees?|tariffs?|charges?|bills?", r"价格|售价|电价|电费|费|付"),
    ("margin", r"margins?", r"利润率|毛利率|利率"),
    ("share", r"shares?|stake|portion|proportion", r"份额|占比|比例|股份|股权"),
    ("usage", r"usage|consumption|demand|load", r"用电|用量|消耗|需求|负荷"),
    ("supply", r"capacity|supply|output|production|generation", r"产能|装机|供应|产量|供电|发电"),
    ("users", r"users?|customers?|clients?|subscribers?", r"用户|客户|订户"),
    ("staff", r"employees?|staff|workers?|jobs?|headcount|people", r"员工|职位|岗位|人员|雇员"),
    ("shipments", r"shipments?|shipped|deliver\w*|orders?", r"出货|交付|订单"),
    ("debt", r"debt|loans?|bonds?|borrow\w*", r"债务|贷款|债券|借款"),
    ("success", r"succe\w*|accuracy|score[sd]?|pass rate", r"成功|准确率|得分|分数|通过率"),
    ("data_centres", r"data[ -]cent(?:re|er)s?", r"数据中心"),
    ("power", r"power|electricity|energy", r"电力|能源"),
    ("solar", r"solar", r"太阳能|光伏"),
    ("battery", r"batter(?:y|ies)|storage", r"电池|储能"),
    ("grid", r"grid|network", r"电网|输配电|网络"),
    ("parameters", r"parameters?", r"参数"),
    ("tokens", r"tokens?", r"token|词元"),
    ("chips", r"chips?|accelerators?|GPUs?", r"芯片|加速器"),
    ("contract", r"contracts?|agreements?|deal", r"合同|协议|交易"),
    ("market", r"market", r"市场"),
    (
        "growth",
        r"rose|rise[sn]?|rising|gr[eo]w\w*|increas\w*|up|jump\w*|climb\w*|gain\w*|higher|more|added|surg\w*",
        r"增长|增加|上升|上涨|提高|提升|攀升|增至|升至|涨|多",
    ),
    (
        "decline",
        r"fell|fall\w*|declin\w*|drop\w*|decreas\w*|down|shr[ia]nk\w*|lower|less|cut\w*|reduc\w*",
        r"下降|下跌|减少|降低|下滑|削减|降至|跌|少",
    ),
    ("rest", r"remaining|rest|other|others", r"其余|剩余|其他|另外"),
    ("threshold", r"above|exceed\w*|over|surpass\w*|top(?:ped|s)?", r"突破|超过|超出|逾"),
)
# Role words govern the figure right after them ("from 64% to 83%", 从64%升至83%).
_ROLES = (
    ("from", r"from|than|compared (?:with|to)|versus|vs\.?", r"从|由|较|比|相比|高于|低于"),
    ("to", r"to|reach\w*|hit", r"(?<!截)至(?![少今])|到(?!位)|达到|达"),
)
# What may stand between a role word and its figure: articles, hedges of size, a year (2025年的).
_ROLE_GAP = {
    EN: re.compile(
        r"(?:\s|the|a|an|about|around|nearly|almost|roughly|approximately|just|only|some|an estimated|"
        r"up to|at least|at most|more than|less than|over|under|\d{4}|in|'s|of)*",
        re.IGNORECASE,
    ),
    ZH: re.compile(r"(?:\s|约|近|超过|逾|仅|最多|至少|高达|大约|将近|\d{4}年|去年|上年|同期|的)*"),
}
# Separators of a run of figures that are slots by position: lists and ranges.
_RUN_GAP = re.compile(r"\s*(?:,|，|、|;|and|or|,\s*and|,\s*or|和|与|及|或|to|至|到|-|–|—|~|～)\s*", re.IGNORECASE)


def _compile(language):
    column = 1 if language == EN else 2
    if language == EN:
        return tuple(
            [(row[0], re.compile(rf"\b(?:{row[column]})\b", re.IGNORECASE)) for row in table]
            for table in (_CONCEPTS, _ROLES)
        )
    return tuple([(row[0], re.compile(row[column])) for row in table] for table in (_CONCEPTS, _ROLES))


_PATTERNS = {EN: _compile(EN), ZH: _compile(ZH)}


@dataclass(frozen=True)
class Figure:
    """One figure of an item: its field, the text it was found in (with the offset of that text
    in the field), and the quantity."""

    field: str | None
    text: str
    offset: int
    quantity: Quantity


@dataclass(frozen=True)
class Swap:
    """Two figures of the Chinese item (``zh``) whose slots are exchanged against the English
    item: ``zh[0]`` stands where English writes ``en[0]`` (the value of ``zh[1]``), and the
    other way round."""

    zh: tuple[Figure, Figure]
    en: tuple[Figure, Figure]


def _clauses(text: str, language: str) -> list[tuple[int, int]]:
    edges = [0]
    for m in _CLAUSE_EDGE[language].finditer(text):
        edges.extend((m.start(), m.end()))
    edges.append(len(text))
    return [(edges[i], edges[i + 1]) for i in range(0, len(edges) - 1, 2)]


def _dimension(q: Quantity) -> str:
    return q.unit if q.unit not in ("USD", "EUR", "CNY", "GBP", "TWD", "HKD", "JPY", "KRW", "¥") else "money"


@lru_cache(maxsize=4096)
def _words(clause: str, language: str) -> tuple:
    """
    The concept and role words of ``clause`` as (label, start, end, mode). Kept per clause: a
    text is checked on each save, move and review, and most of its clauses come back unchanged.
    """
    concepts, roles = _PATTERNS[language]
    found = []
    for name, pattern in concepts:
        found.extend((("concept", name), m.start(), m.end(), "near") for m in pattern.finditer(clause))
    for name, pattern in roles:
        found.extend((("role", name), m.start(), m.end(), "next") for m in pattern.finditer(clause))
    return tuple(found)


def _anchors(
    figures: Sequence[Figure], language: str, ids: dict[int, int], mentions: dict[tuple, list]
) -> dict[int, set]:
    """Anchor labels per figure position in ``figures``: {position: {(kind, label), …}}."""
    anchors: dict[int, set] = {i: set() for i in range(len(figures))}
    by_text: dict[tuple, list[int]] = {}
    for i, f in enumerate(figures):
        by_text.setdefault((f.field, f.offset, f.text), []).append(i)
    for (field, offset, text), members in by_text.items():
        for start, end in _clauses(text, language):
            inside = [i for i in members if start <= figures[i].quantity.start - offset < end]
            if not inside:
                continue
            groups: dict[str, list[int]] = {}
            for i in inside:
                groups.setdefault(_dimension(figures[i].quantity), []).append(i)
            clause = text[start:end]
            spans = [
                (figures[i].quantity.start - offset - start, figures[i].quantity.end - offset - start) for i in inside
            ]
            found = [
                (label, s, e, mode)
                for label, s, e, mode in _words(clause, language)
                if not any(fs <= s < fe for fs, fe in spans)
            ]
            for slug, s, e in mentions.get((field, offset), []):
                if start <= s and e <= end:
                    found.append((("entity", slug), s - start, e - start, "near"))
            for i in inside:  # a figure both languages write is an anchor for the other dimensions
                if i in ids:
                    s, e = spans[inside.index(i)]
                    found.append((("figure", ids[i]), s, e, _dimension(figures[i].quantity)))
            for label, s, e, mode in found:
                for dimension, group in groups.items():
                    if mode == dimension:
                        continue  # a figure anchors other dimensions only
                    target = _attach(clause, group, figures, offset + start, s, e, mode, language)
                    if target is not None:
                        anchors[target].add(label)
    return anchors


def _attach(clause, group, figures, base, s, e, mode, language):
    if mode == "next":
        following = [i for i in group if figures[i].quantity.start - base >= e]
        if not following:
            return None
        i = min(following, key=lambda k: figures[k].quantity.start)
        gap = clause[e : figures[i].quantity.start - base]
        return i if _ROLE_GAP[language].fullmatch(gap) else None
    distances = []
    for i in group:
        qs, qe = figures[i].quantity.start - base, figures[i].quantity.end - base
        gap = clause[e:qs] if qs >= e else clause[qe:s] if s >= qe else ""
        if _too_far(gap, language):
            continue
        distances.append((len(gap), i))
    if len(distances) != 1:
        return None  # nothing close, or close to two figures: no evidence either way
    return distances[0][1]


# How far a word may stand from the figure it describes: three English words, four Chinese characters
# ("revenue rose 12%", "60% will go to data centres"; 营收增长12%, 60%将投向数据中心).
_NEAR = {EN: 3, ZH: 4}


def _too_far(gap: str, language: str) -> bool:
    if language == EN:
        return len(gap.split()) > _NEAR[EN]
    return len(re.sub(r"\s", "", gap)) > _NEAR[ZH]


def _runs(figures: Sequence[Figure], positions: Sequence[int]) -> list[list[int]]:
    """Maximal runs of same-dimension figures joined only by list/range separators."""
    runs, current = [], []
    ordered = sorted(positions, key=lambda i: (figures[i].field or "", figures[i].quantity.start))
    for i in ordered:
        if current:
            prev = figures[current[-1]]
            here = figures[i]
            same_text = prev.field == here.field and prev.offset == here.offset
            gap = here.text[prev.quantity.end - prev.offset : here.quantity.start - here.offset] if same_text else "x"
            if same_text and _dimension(prev.quantity) == _dimension(here.quantity) and _RUN_GAP.fullmatch(gap):
                current.append(i)
                continue
            if len(current) > 1:
                runs.append(current)
        current = [i]
    if len(current) > 1:
        runs.append(current)
    return runs


def swapped_pairs(
    en: Sequence[Figure], zh: Sequence[Figure], en_mentions: dict[tuple, list], zh_mentions: dict[tuple, list]
) -> list[Swap]:
    """Pairs of figures written once on each side whose slots are exchanged.

    ``*_mentions`` map (field, offset) of a text to its entity mentions as (slug, start, end) in
    that text."""
    en = [f for f in en if is_checkable(f.quantity) and not f.quantity.conversion]
    zh = [f for f in zh if is_checkable(f.quantity) and not f.quantity.conversion]
    pairs: dict[int, int] = {}  # en position -> zh position, values written exactly once on each side
    for i, a in enumerate(en):
        # Once in the field on each side (a FAQ question may restate its answer's figure).
        same_en = [k for k, b in enumerate(en) if b.field == a.field and quantities_match(a.quantity, b.quantity)]
        same_zh = [k for k, b in enumerate(zh) if b.field == a.field and quantities_match(a.quantity, b.quantity)]
        if len(same_en) == 1 and len(same_zh) == 1:
            back = [
                k
                for k, b in enumerate(en)
                if b.field == a.field and quantities_match(zh[same_zh[0]].quantity, b.quantity)
            ]
            if back == [i]:
                pairs[i] = same_zh[0]
    if len(pairs) < 2:
        return []
    en_ids = {i: n for n, i in enumerate(pairs)}
    zh_ids = {j: n for n, j in enumerate(pairs.values())}
    en_anchors = _anchors(en, EN, en_ids, en_mentions)
    zh_anchors = _anchors(zh, ZH, zh_ids, zh_mentions)
    for anchors in (en_anchors, zh_anchors):  # a label on two figures of a dimension tells nothing
        counts: dict[tuple, int] = {}
        for labels in anchors.values():
            for label in labels:
                counts[label] = counts.get(label, 0) + 1
        for labels in anchors.values():
            labels.difference_update({label for label in labels if counts[label] > 1})
    order = {n: k for k, n in enumerate(pairs)}
    swaps, seen = [], set()
    # Runs of list/range slots: the same values in another order.
    for run in _runs(en, list(pairs)):
        zh_run = [pairs[i] for i in run]
        zh_order = sorted(zh_run, key=lambda j: (zh[j].field or "", zh[j].quantity.start))
        if zh_order == zh_run or not _is_run(zh, zh_order):
            continue
        for slot, i in enumerate(run):
            j = zh_order[slot]  # what Chinese writes in English's slot of en[i]
            if j != pairs[i]:
                i2 = next(k for k in run if pairs[k] == j)
                key = frozenset((i, i2))
                if key not in seen:
                    seen.add(key)
                    swaps.append(Swap(zh=(zh[j], zh[pairs[i]]), en=(en[i], en[i2])))
    # Figures that are a run on both sides were compared by position above.
    in_run = {i for run in _runs(en, list(pairs)) if _is_run(zh, [pairs[k] for k in run]) for i in run}
    ens = sorted(pairs, key=lambda i: order[i])
    for x, a in enumerate(ens):
        for b in ens[x + 1 :]:
            if (
                frozenset((a, b)) in seen
                or (a in in_run and b in in_run)
                or _dimension(en[a].quantity) != _dimension(en[b].quantity)
            ):
                continue
            za, zb = pairs[a], pairs[b]
            if not _comparable(en[a], en[b]) or not _comparable(zh[za], zh[zb]):
                continue
            swap = _weight(en_anchors[a] & zh_anchors[zb]) + _weight(en_anchors[b] & zh_anchors[za])
            keep = _weight(en_anchors[a] & zh_anchors[za]) + _weight(en_anchors[b] & zh_anchors[zb])
            if swap >= 2 and swap > keep:  # one moved word is not enough evidence
                seen.add(frozenset((a, b)))
                swaps.append(Swap(zh=(zh[zb], zh[za]), en=(en[a], en[b])))
    return swaps


def _weight(labels: set) -> int:
    """Evidence of shared anchors: a role word ("from", 从) governs its figure and counts twice."""
    return sum(2 if kind == "role" else 1 for kind, _ in labels)


def _comparable(a: Figure, b: Figure) -> bool:
    """Two figures of one field (a FAQ question and its answer are different slots)."""
    return a.field == b.field


def _is_run(figures, positions):
    return any(len(run) == len(positions) and sorted(run) == sorted(positions) for run in _runs(figures, positions))
