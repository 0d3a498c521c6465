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
from functools import lru_cache

__all__ = ["Name", "latin_names", "chinese_names", "unknown_names_in", "romanised_in"]

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


# Names jieba does not tag (钱立新 is cut 钱/立新, 星河科技公司 星河/科技/公司) are found by pattern:
# a person is a common surname and a one- or two-character given name after a title (首席执行官钱立新)
# or, with a two-character given name, before a verb of saying (钱立新表示); an organisation is one or
# two rare nouns before an organisation suffix (星河科技公司, 青石实验室), cut at jieba's word boundaries.
_TITLES = (
    "首席执行官|首席财务官|首席技术官|首席运营官|首席科学家|执行官|财务官|技术官|联合创始人|创始人|副总裁|总裁|董事长|"
    "副主席|主席|总经理|经理|总监|负责人|发言人|分析师|研究员|工程师|科学家|教授|博士|部长|局长|专员|主任|院长|校长|"
    "行长|合伙人|律师|记者|作者|高管|CEO|CFO|CTO|COO"
)
_SAYING = "表示|称|说|指出|认为|介绍|透露|强调|补充|告诉|宣布|坦言|回应|解释|写道|提到|预计|希望|承认|警告"
_GIVEN = "[\u4e00-\u9fff]"
_TITLED_PERSON = re.compile(
    f"(?:{_TITLES})(?P<name>[{''.join(sorted(SURNAMES))}]{_GIVEN}{{1,2}}?)(?=(?:{_SAYING})|先生|女士|[，,。、；（(]|$)"
)
_AFTER_NAME = "教授|博士|院士|先生|女士|律师|医生|总|董"
_SAYING_PERSON = re.compile(f"(?P<name>[{''.join(sorted(SURNAMES))}]{_GIVEN}{{2}})(?=(?:{_SAYING}|{_AFTER_NAME}))")
_ORG_SUFFIXES = (
    "科技公司|科技集团|有限公司|股份公司|控股公司|公司|集团|科技|实验室|研究院|研究所|研究中心|大学|学院|银行|基金会|资本|"
    "控股|证券|半导体|电子|能源|智能|机器人|汽车|医药|生物|传媒|通信|航空|航天"
)
_ORG_SUFFIX = re.compile(f"(?:{_ORG_SUFFIXES})+")
# Tags of words that may be the distinctive part of an organisation's name, and words that never are.
_HEAD_TAGS = ("n", "nz", "nr", "nrt", "nrfg", "ns", "nt", "b", "j", "ng", "an")
_NOT_HEADS = frozenset("该 这家 那家 一家 多家 两家 各家 每家 本 其 母 子 新 旧 大 小 上述 这 那".split())
_COMMON_HEAD = 2000  # a head word more frequent than this in jieba's dictionary is generic (中国, 大型)
_NOT_GIVEN_END = frozenset("局部行司所院厂省市县区会网者们人方家业界员长")


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
    patterned = []
    for name in _patterned_names(text):
        spans = [(n.start, n.end) for n in patterned] + list(covered)
        if _overlaps(name.start, name.end, spans):
            continue
        if name.kind == "person":  # a title before it is better evidence than the tagger's cut (财务官孙|海鹰)
            names = [n for n in names if not _overlaps(n.start, n.end, [(name.start, name.end)])]
        elif _overlaps(name.start, name.end, [(n.start, n.end) for n in names]):
            continue
        patterned.append(name)
    return sorted(names + patterned, key=lambda n: n.start)


@lru_cache(maxsize=4096)
def _patterned_names(text) -> tuple[Name, ...]:
    """Persons and organisations jieba's tagger misses (see ``_TITLES``, ``_ORG_SUFFIXES``); cached
    per text (the checks look at every text again for each comparison it is part of)."""
    from articles.entities.mentions import plain_tokenizer, pos_tags  # local: jieba loads lazily

    dictionary = plain_tokenizer().FREQ
    tokens = pos_tags(text)
    starts = {t[0] for t in tokens}
    ends = {t[1] for t in tokens}
    found = []
    for pattern, needs_start in ((_TITLED_PERSON, False), (_SAYING_PERSON, True)):
        for m in pattern.finditer(text):
            start, end, name = m.start("name"), m.end("name"), m.group("name")
            if end not in ends or (needs_start and start not in starts) or name[-1] in _NOT_GIVEN_END:
                continue
            if needs_start and dictionary.get(name, 0) > 0 and not _is_person_word(name, tokens, start):
                continue  # a dictionary word (成本表示 is no name)
            found.append(Name(start, end, name, "person"))
    by_start = {t[0]: t for t in tokens}
    for m in _ORG_SUFFIX.finditer(text):
        if m.start() not in ends or m.end() not in ends:
            continue
        head_start, pieces = m.start(), 0
        while pieces < 2:
            previous = next((t for t in tokens if t[1] == head_start), None)
            if previous is None or not _CJK.search(previous[2]) or previous[3] not in _HEAD_TAGS:
                break
            if (
                previous[2] in _NOT_HEADS
                or dictionary.get(previous[2], 0) > _COMMON_HEAD
                or _ORG_SUFFIX.fullmatch(previous[2])
            ):
                break
            head_start, pieces = previous[0], pieces + 1
        if pieces and 2 <= m.start() - head_start <= 4 and head_start in by_start:
            found.append(Name(head_start, m.end(), text[head_start : m.end()], "organization"))
    return tuple(found)


def _is_person_word(name, tokens, start) -> bool:
    return any(t[0] == start and t[2] == name and t[3].startswith("nr") for t in tokens)


def romanised_in(name: str, text: str) -> bool:
    """Whether ``text`` writes the Chinese ``name`` in pinyin (钱立新: "Qian Lixin" or "Lixin Qian";
    星河科技公司: "Xinghe"), ignoring case, spaces and hyphens."""
    from pypinyin import lazy_pinyin  # local: only loaded when a Chinese name meets English text

    flat = re.sub(r"[\s\-']", "", text).lower()
    if not flat or not _CJK.search(name):
        return False
    head = _ORG_SUFFIX.sub("", name) or name
    syllables = lazy_pinyin(head)
    if len(syllables) < 2:
        return False
    forms = {"".join(syllables), "".join(syllables[1:]) + syllables[0]}
    return any(form in flat for form in forms)


def unknown_names_in(text: str, *, covered=(), known=frozenset()) -> list[Name]:
    """Names of both scripts in ``text`` that are not in ``known`` (casefolded names and aliases)."""
    return [name for name in _names_in(text, tuple(covered)) if name.text.casefold() not in known]


@lru_cache(maxsize=4096)
def _names_in(text: str, covered: tuple) -> tuple[Name, ...]:
    """Names of both scripts in ``text`` outside ``covered``, by position. Kept per text: the checks
    look at the same texts on each save, move and review, and at most items twice (as an item and
    as the other language's neighbour)."""
    return tuple(sorted(latin_names(text, covered) + chinese_names(text, covered), key=lambda n: n.start))
