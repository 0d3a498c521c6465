"""Names in a text that look like entities but are not in the entity list.

Pure Python (plus jieba); no Django. Used by the consistency engine (a wrong name that is not a
known entity is still a substitution) and by the admin's "Create entity" suggestions, so both
agree on what a name is:

- Latin script: a run of capitalised words ("Pacific Compute Alliance", "Atlas X1"); a single
  capitalised word at the start of a sentence is not evidence of a name.
- Chinese: words jieba's tagger calls a person (``nr``, ``nrfg``, ``nrt``), organisation
  (``nt``), place (``ns``) or other proper noun (``nz``), found by its HMM or marked as names in
  its dictionary; transliterations joined by ``·`` (约翰·史密斯) are one person name. A dictionary
  word is never cut out of a longer word: 比特 in 量子比特 is part of a compound, not a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Name", "latin_names", "chinese_names", "unknown_names_in"]

_LATIN_NAME = re.compile(
    r"(?<![A-Za-z0-9_-])[A-Z][A-Za-z0-9]*(?:[ -](?:[A-Z][A-Za-z0-9]*|[0-9]+[A-Za-z]*))*(?![A-Za-z0-9_])"
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;。！？：；]\s*|\n\s*(?:[-*+#>]+\s*)?|\|\s*)$")
_CJK = re.compile(r"[\u3400-\u9fff]")
# Capitalised words that are not names.
COMMON_WORDS = frozenset(
    "A An The This That These Those It Its In On At For From By With As If But And Or Of To "
    "FAQ TL DR CEO CTO CFO COO AI US EU UK UN Q1 Q2 Q3 Q4 H1 H2 FY GW MW TWh GWh GB TB I "
    "He She They We Our Their His Her After Before While When Where What Why How Who Which "
    "January February March April May June July August September October November December "
    "About Around Some Nearly Over Under More Less Most All Both Each Every Many Analysts Officials "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Chinese English American European".split()
)
# Common Chinese surnames: a three-character word tagged as a person that starts with one is a
# name even when jieba's dictionary knows it (孙海峰); a surname tagged alone is joined to the
# given name that follows it (周 + 建华).
SURNAMES = frozenset(
    "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏窦章云苏潘葛范彭郎鲁韦马苗凤方"
    "俞任袁柳鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常乐于傅齐康伍余顾孟平黄穆萧尹姚邵汪祁毛狄米贝臧戴宋茅庞熊纪"
    "舒屈项祝董梁杜阮蓝闵席季贾路娄江童颜郭梅盛林钟徐邱骆高夏蔡田樊胡凌霍虞万柯管卢莫房裘缪解应宗丁宣邓郁单杭"
    "洪包左石崔吉龚程邢裴陆荣翁荀惠甄曲封储靳段富焦巴牧车侯全班秋仲伊宫宁仇甘厉戎祖武符刘景詹龙叶司黎薄白蒲"
    "赖卓蔺屠蒙池乔胥翟谭劳姬申冉雍桑桂濮牛寿边燕冀尚农温庄晏柴瞿阎慕连茹艾容向古易廖庾居步耿匡文寇欧"
    "聂晁敖冷辛简饶曾沙鞠丰关相查荆游权盖"
)
# jieba flag -> entity kind; "" when any kind fits.
_CHINESE_KINDS = {"nr": "person", "nrfg": "person", "nrt": "person", "nt": "organization", "ns": "place", "nz": ""}


@dataclass(frozen=True)
class Name:
    start: int
    end: int
    text: str
    kind: str  # "person", "organization", "place" or "" (unknown)


def _overlaps(start, end, spans):
    return any(start < e and s < end for s, e in spans)


def latin_names(text: str, covered=()) -> list[Name]:
    """Capitalised names in ``text`` outside the ``covered`` spans."""
    names = []
    for match in _LATIN_NAME.finditer(text):
        words = match.group().rstrip(" -").split(" ")
        start = match.start()
        while words and words[0] in COMMON_WORDS:  # "The Series C", "For Lumen"
            start += len(words.pop(0)) + 1
        name = " ".join(words)
        end = start + len(name)
        if len(name) < 2 or not name[0].isupper() or name in COMMON_WORDS or _overlaps(start, end, covered):
            continue
        single = " " not in name and "-" not in name
        if single and _SENTENCE_START.search(text, 0, start):
            continue  # a capitalised first word of a sentence is not evidence of a name
        if single and name.isupper() and len(name) <= 2:
            continue
        names.append(Name(start, end, name, ""))
    return names


def chinese_names(text: str, covered=()) -> list[Name]:
    """Chinese person, organisation, place and proper-noun names in ``text`` outside ``covered``."""
    if not _CJK.search(text):
        return []
    from articles.entities.mentions import plain_tokenizer, pos_tags  # local: jieba loads lazily

    dictionary = plain_tokenizer().FREQ
    tokens = pos_tags(text)
    names = []
    i = 0
    while i < len(tokens):
        start, end, word, flag = tokens[i]
        # 约翰·史密斯: a transliterated name, however jieba tagged its pieces.
        if i + 2 < len(tokens) and tokens[i + 1][2] in "·•‧・" and _CJK.search(tokens[i + 2][2]) and _CJK.search(word):
            j = i + 2
            while j + 2 < len(tokens) and tokens[j + 1][2] in "·•‧・" and _CJK.search(tokens[j + 2][2]):
                j += 2
            end = tokens[j][1]
            if not _overlaps(start, end, covered):
                names.append(Name(start, end, text[start:end], "person"))
            i = j + 1
            continue
        i += 1
        kind = _CHINESE_KINDS.get(flag)
        if kind is None or not _CJK.search(word):
            continue
        if flag.startswith("nr") and len(word) == 1 and word in SURNAMES and i < len(tokens):
            given = tokens[i]
            if given[3] in ("nr", "nz", "nrfg", "nrt") and 1 <= len(given[2]) <= 2 and _CJK.search(given[2]):
                if not _overlaps(start, given[1], covered):
                    names.append(Name(start, given[1], word + given[2], "person"))
                i += 1
                continue
        if len(word) < 2 or _overlaps(start, end, covered):
            continue
        if flag.startswith("nr") and len(word) == 3 and word[0] in SURNAMES:
            names.append(Name(start, end, word, "person"))
            continue
        if word in dictionary:
            # Dictionary words tagged nz/nr are mostly ordinary words (论文, 谷歌); dictionary
            # organisations and transliterations are worth a look, unless glued to a neighbouring
            # noun (量子 + 比特): then they are a piece of a compound.
            if flag not in ("nt", "nrt", "nrfg"):
                continue
            neighbours = [tokens[k] for k in (i - 2, i) if 0 <= k < len(tokens)]
            if any(n[3] in ("n", "nz", "ng") and _CJK.search(n[2]) and n[2] != word for n in neighbours):
                continue
        names.append(Name(start, end, word, kind))
    return names


def unknown_names_in(text: str, *, covered=(), known=frozenset()) -> list[Name]:
    """Names of both scripts in ``text`` that are not in ``known`` (casefolded names and aliases)."""
    return [
        name
        for name in sorted(latin_names(text, covered) + chinese_names(text, covered), key=lambda n: n.start)
        if name.text.casefold() not in known
    ]
