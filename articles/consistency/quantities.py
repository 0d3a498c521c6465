"""Number and quantity extraction for English and Simplified Chinese text.

Pure Python (plus jieba); no Django. The consistency checks compare the
quantities of corresponding parts of the two language versions, so the one
thing this module guarantees is that *the same quantity written in either
language normalises to the same (value, unit) pair*:

- digits with thousands separators and decimals: ``3,000`` = ``3000``;
- English scale words and suffixes: ``1.2 billion`` = ``1.2bn`` = ``1.2B``;
- Chinese multipliers and numerals: ``12亿`` = ``1.2 billion``,
  ``1.2万亿`` = ``1.2 trillion``, ``5万`` = ``50,000``, ``三千`` = ``3000``,
  ``一千二百`` = ``1200``, ``两千`` = ``2000``;
- percentages: ``30%`` = ``30 percent`` = ``百分之三十``; percentage points
  (``3 percentage points`` = ``3个百分点``) are a separate unit;
- units are converted to a base unit: ``1.6 GW`` = ``1.6吉瓦`` =
  ``1.6 gigawatts`` = ``1,600 MW`` = ``1600兆瓦`` (watts); likewise watt-hours,
  bytes, and currencies (``$1.2 billion`` = ``12亿美元``; ``€``/``欧元``,
  ``¥``/``元``/``yuan``);
- calendar values: ``November 28, 2026`` = ``2026年11月28日``,
  ``November 2026`` = ``2026年11月``, bare years ``2026`` = ``2026年``,
  quarters ``Q3 2026`` = ``2026年第三季度``, halves ``H1`` = ``上半年``.

What is deliberately *not* a quantity: list markers at the start of a line
(``1.``, ``2)``, ``一、``, ``（三）``), the leading number of a Markdown
heading, numbers glued to a word (``Aurora-7``, ``X1``, ``H100``, ``5G``),
Chinese ordinals (``第二``), numerals inside ordinary Chinese words (``十分``,
``一些``, ``统一``) and any span the caller passes in ``skip_spans`` (the
checks pass entity mentions, so ``Quill 3`` never yields a ``3``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "Quantity",
    "extract_quantities",
    "parse_chinese_numeral",
    "quantities_match",
    "is_checkable",
]


@dataclass(frozen=True)
class Quantity:
    """One normalised quantity found in a text.

    ``value`` is expressed in the base ``unit``:

    - ``""`` plain number, ``"%"`` percent, ``"pp"`` percentage points;
    - ``"W"``, ``"Wh"``, ``"B"`` (bytes), ``"USD"``, ``"EUR"``, ``"CNY"``, ``"GBP"``;
    - ``"year"`` (value 2026), ``"date"`` (20261128, or 1128 when the year is
      not written), ``"month"`` (202611, or 11), ``"quarter"`` (20263 or 3),
      ``"half"`` (20261 or 1).

    ``start``/``end`` index the text the quantity was extracted from and
    ``text`` is ``text[start:end]``.
    """

    value: float
    unit: str
    start: int
    end: int
    text: str
    conversion: bool = False  # "约合人民币21亿元", "(about $290 million)": a converted sum


# --- Chinese numerals -------------------------------------------------------

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_CHARS = "".join(_CN_DIGITS) + "十百千万亿"
_CN_NUM = f"[{_CN_CHARS}]+(?:点[{''.join(_CN_DIGITS)}]+)?"


def parse_chinese_numeral(text: str) -> float | None:
    """Return the value of a Chinese numeral (``一千二百`` → 1200.0,
    ``十二亿`` → 1.2e9, ``三点五`` → 3.5, ``二〇二六`` → 2026.0), or None
    when ``text`` is not a well-formed numeral."""
    if not text:
        return None
    if "点" in text:
        whole, _, frac = text.partition("点")
        whole_value = parse_chinese_numeral(whole) if whole else 0.0
        if whole_value is None or not frac or any(c not in _CN_DIGITS for c in frac):
            return None
        return whole_value + float("0." + "".join(str(_CN_DIGITS[c]) for c in frac))
    if all(c in _CN_DIGITS for c in text):
        # Digit-by-digit spelling (二〇二六) — only meaningful for 2+ digits.
        return float("".join(str(_CN_DIGITS[c]) for c in text))
    total = section = number = 0.0
    for char in text:
        if char in _CN_DIGITS:
            number = _CN_DIGITS[char]
        elif char in _CN_SMALL:
            section += (number or 1) * _CN_SMALL[char]
            number = 0
        elif char == "万":
            section = (section + number or 1) * 10_000
            number = 0
        elif char == "亿":
            total = (total + section + number or 1) * 100_000_000
            section = number = 0
        else:
            return None
    return float(total + section + number)


# --- units and multipliers --------------------------------------------------

# (pattern, unit, factor). Order matters: longer spellings first so that
# "GWh" is not read as "GW" and "万千瓦" not as multiplier 万 + "千瓦".
_UNITS: list[tuple[str, str, float]] = [
    (r"个?百分点|percentage[ -]points?|pp(?![A-Za-z0-9])", "pp", 1),
    (r"%|％|percent(?![A-Za-z0-9])|per cent(?![A-Za-z0-9])", "%", 1),
    (r"TWh(?![A-Za-z0-9])|terawatt[- ]hours?(?![A-Za-z0-9])|太瓦时", "Wh", 1e12),
    (r"GWh(?![A-Za-z0-9])|gigawatt[- ]hours?(?![A-Za-z0-9])|吉瓦时", "Wh", 1e9),
    (r"MWh(?![A-Za-z0-9])|megawatt[- ]hours?(?![A-Za-z0-9])|兆瓦时", "Wh", 1e6),
    (r"kWh(?![A-Za-z0-9])|kilowatt[- ]hours?(?![A-Za-z0-9])|千瓦时", "Wh", 1e3),
    (r"万千瓦时", "Wh", 1e7),
    (r"万千瓦", "W", 1e7),
    (r"TW(?![A-Za-z0-9])|terawatts?(?![A-Za-z0-9])|太瓦", "W", 1e12),
    (r"GW(?![A-Za-z0-9])|gigawatts?(?![A-Za-z0-9])|吉瓦|千兆瓦", "W", 1e9),
    (r"MW(?![A-Za-z0-9])|megawatts?(?![A-Za-z0-9])|兆瓦", "W", 1e6),
    (r"kW(?![A-Za-z0-9])|kilowatts?(?![A-Za-z0-9])|千瓦", "W", 1e3),
    (r"W(?![A-Za-z0-9])|watts?(?![A-Za-z0-9])|瓦特|瓦", "W", 1),
    (r"EB(?![A-Za-z0-9])|exabytes?(?![A-Za-z0-9])", "B", 1e18),
    (r"PB(?![A-Za-z0-9])|petabytes?(?![A-Za-z0-9])", "B", 1e15),
    (r"TB(?![A-Za-z0-9])|terabytes?(?![A-Za-z0-9])", "B", 1e12),
    (r"GB(?![A-Za-z0-9])|gigabytes?(?![A-Za-z0-9])", "B", 1e9),
    (r"MB(?![A-Za-z0-9])|megabytes?(?![A-Za-z0-9])", "B", 1e6),
    (r"(?:US )?dollars?(?![A-Za-z0-9])|USD(?![A-Za-z0-9])|美元|美金", "USD", 1),
    (r"euros?(?![A-Za-z0-9])|EUR(?![A-Za-z0-9])|欧元", "EUR", 1),
    (r"(?:New )?Taiwan dollars?(?![A-Za-z0-9])|TWD(?![A-Za-z0-9])|新台币|新台幣|台币", "TWD", 1),
    (r"Hong Kong dollars?(?![A-Za-z0-9])|HKD(?![A-Za-z0-9])|港元|港币", "HKD", 1),
    (r"yen(?![A-Za-z0-9])|JPY(?![A-Za-z0-9])|日元", "JPY", 1),
    (r"KRW(?![A-Za-z0-9])|韩元", "KRW", 1),
    (r"yuan(?![A-Za-z0-9])|RMB(?![A-Za-z0-9])|CNY(?![A-Za-z0-9])|人民币元|元|人民币", "CNY", 1),
    (r"pounds? sterling(?![A-Za-z0-9])|GBP(?![A-Za-z0-9])|英镑", "GBP", 1),
    # Multiples: 10倍 = tenfold = 10-fold = 10x = ten times larger.
    (
        r"倍|-?fold(?![A-Za-z0-9])|x(?![A-Za-z0-9])|×|\s?times(?= (?:more|as|larger|higher|bigger|faster|greater|over|the|that))",
        "x",
        1,
    ),
]
# "192GB", "192 GB" and the English compound adjective "a 192-GB stack", "1.6-gigawatt".
_UNIT_RES = [
    (re.compile(r"(?:\s|-(?=[A-Za-z]))?(?:" + pattern + ")"), unit, factor) for pattern, unit, factor in _UNITS
]

_MULTIPLIERS: list[tuple[str, float]] = [
    (r"[\s-]?trillion(?![A-Za-z0-9])", 1e12),
    (r"[\s-]?billion(?![A-Za-z0-9])", 1e9),
    (r"[\s-]?million(?![A-Za-z0-9])", 1e6),
    (r"[\s-]?thousand(?![A-Za-z0-9])", 1e3),
    (r"\s?tn(?![A-Za-z0-9])", 1e12),
    (r"\s?bn(?![A-Za-z0-9])", 1e9),
    (r"\s?mn(?![A-Za-z0-9])", 1e6),
    (r"T(?![A-Za-z0-9])", 1e12),
    (r"B(?![A-Za-z0-9])", 1e9),
    (r"M(?![A-Za-z0-9])", 1e6),
    (r"[kK](?![A-Za-z0-9])", 1e3),
    (r"万亿", 1e12),
    (r"千亿", 1e11),
    (r"百亿", 1e10),
    (r"十亿", 1e9),
    (r"亿", 1e8),
    (r"千万", 1e7),
    (r"百万", 1e6),
    (r"十万", 1e5),
    (r"万", 1e4),
    (r"千(?!瓦)", 1e3),
]
_MULT_RES = [(re.compile(pattern), factor) for pattern, factor in _MULTIPLIERS]

_CURRENCY_PREFIX = re.compile(
    r"(?:(NT\$|TWD ?|新台币|新台幣)|(HK\$|HKD ?|港币)|(US\$|\$|USD ?)|(€|EUR ?)|(RMB ?|CNY ?|人民币)|(£|GBP ?)|(JPY ?|日元)|(KRW ?|₩)|(¥|￥))$"
)
# ¥ is the sign of both the yen and the yuan: it matches either.
_PREFIX_UNITS = ("TWD", "HKD", "USD", "EUR", "CNY", "GBP", "JPY", "KRW", "¥")


def _read_suffix(text: str, pos: int, *, allow_multiplier: bool = True) -> tuple[float, str, int]:
    """Read an optional multiplier and unit after a number at ``pos``.

    Returns (factor, unit, new_pos)."""
    factor, unit = 1.0, ""
    for regex, u, f in _UNIT_RES:
        m = regex.match(text, pos)
        if m:
            return f, u, m.end()
    if allow_multiplier:
        for regex, f in _MULT_RES:
            m = regex.match(text, pos)
            if m:
                factor, pos = f, m.end()
                break
    for regex, u, f in _UNIT_RES:
        m = regex.match(text, pos)
        if m:
            return factor * f, u, m.end()
    return factor, unit, pos


# --- calendar ---------------------------------------------------------------

_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
_MONTHS.update({name[:3]: i for name, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_MONTH_RE = r"\b(?P<mon>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?)"
_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_CN_SMALL_NUM = f"(?:\\d{{1,2}}|[{''.join(_CN_DIGITS)}十]{{1,3}})"


def _month(name: str) -> int | None:
    return _MONTHS.get(name.rstrip(".").lower())


def _cn_int(token: str | None) -> int | None:
    if not token:
        return None
    if token.isdigit():
        return int(token)
    value = parse_chinese_numeral(token)
    return int(value) if value is not None else None


def _date_value(year: int | None, month: int, day: int) -> float:
    return float((year * 10000 if year else 0) + month * 100 + day)


# Each entry: (regex, builder(match) -> (unit, value) | None)
_CALENDAR: list[tuple[re.Pattern, object]] = []


def _calendar(pattern: str):
    def register(builder):
        _CALENDAR.append((re.compile(pattern), builder))
        return builder

    return register


@_calendar(_MONTH_RE + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?\b")
def _en_month_day(m):
    month = _month(m["mon"])
    if month is None:
        return None
    return "date", _date_value(int(m["year"]) if m["year"] else None, month, int(m["day"]))


@_calendar(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_RE + r"(?:,?\s+(?P<year>\d{4}))?\b")
def _en_day_month(m):
    month = _month(m["mon"])
    if month is None:
        return None
    return "date", _date_value(int(m["year"]) if m["year"] else None, month, int(m["day"]))


@_calendar(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")
def _iso_date(m):
    return "date", _date_value(int(m["year"]), int(m["month"]), int(m["day"]))


@_calendar(
    r"(?:(?P<year>\d{4})\s*年\s*)?(?P<month>" + _CN_SMALL_NUM + r")\s*月\s*(?P<day>" + _CN_SMALL_NUM + r")\s*[日号]"
)
def _cn_date(m):
    month, day = _cn_int(m["month"]), _cn_int(m["day"])
    if not month or not day or month > 12 or day > 31:
        return None
    return "date", _date_value(int(m["year"]) if m["year"] else None, month, day)


_ORD_WORDS = "first|second|third|fourth|1st|2nd|3rd|4th"


# Fiscal quarters are their own unit: "fiscal third quarter" is not the calendar Q3.
@_calendar(
    r"\b(?:[Ff]iscal(?:[ -]year)?\s+(?:(?P<y1>\d{4})\s+)?(?:Q(?P<q1>[1-4])|(?P<o1>" + _ORD_WORDS + r")[ -]quarter)"
    r"|(?P<o2>"
    + _ORD_WORDS
    + r")[ -][Ff]iscal[ -]quarter|Q(?P<q2>[1-4])\s+(?:of\s+)?(?:fiscal\s*|FY\s?)(?P<y2>\d{2,4}))\b"
)
def _en_fiscal_quarter(m):
    quarter = m["q1"] or m["q2"] or _ORD[(m["o1"] or m["o2"]).lower()]
    return "fquarter", float(quarter)


@_calendar(
    r"(?:(?P<year>\d{4})\s*财年\s*)?(?:第?(?P<q>[一二三四1-4])(?:财季|财政季度|个财季)|财年第(?P<q2>[一二三四1-4])季度)"
)
def _cn_fiscal_quarter(m):
    return "fquarter", float(_cn_int(m["q"] or m["q2"]))


# Relative periods (下一季度, 前三季度, "its first quarter above $1bn") name no calendar quarter.
@_calendar(r"(?:[下上本该同每前](?:[一二三四]个?|个)?|首个)季度")
def _cn_relative_quarter(m):
    return "relative", 0.0


@_calendar(
    r"\b(?:(?:its|their|his|her|our|a|an)\s+(?:first|second|third|fourth)[ -]quarter\b(?!\s+(?:of\s+)?\d{4})"
    r"|the first quarter(?= (?:above|over|with|in which|ever|since|that)\b))"
)
def _en_relative_quarter(m):
    return "relative", 0.0


@_calendar(
    r"\b(?:Q(?P<q>[1-4])|(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[ -]quarter)"
    r"(?:\s*(?:of\s+)?(?:FY\s?)?(?P<year>\d{4}))?\b"
)
def _en_quarter(m):
    quarter = int(m["q"]) if m["q"] else _ORD[m["ord"].lower()]
    return "quarter", float((int(m["year"]) * 10 if m["year"] else 0) + quarter)


@_calendar(r"\b(?P<year>\d{4})\s*Q(?P<q>[1-4])\b")
def _en_year_quarter(m):
    return "quarter", float(int(m["year"]) * 10 + int(m["q"]))


@_calendar(r"(?:(?P<year>\d{4})\s*年\s*)?第?(?P<q>[一二三四1-4])季度")
def _cn_quarter(m):
    return "quarter", float((int(m["year"]) * 10 if m["year"] else 0) + _cn_int(m["q"]))


@_calendar(r"\b(?:H(?P<h>[12])|(?P<ord>first|second) half)(?:\s*(?:of\s+)?(?P<year>\d{4}))?\b")
def _en_half(m):
    half = int(m["h"]) if m["h"] else _ORD[m["ord"].lower()]
    return "half", float((int(m["year"]) * 10 if m["year"] else 0) + half)


@_calendar(r"(?:(?P<year>\d{4})\s*年\s*)?(?P<h>[上下])半年")
def _cn_half(m):
    return "half", float((int(m["year"]) * 10 if m["year"] else 0) + (1 if m["h"] == "上" else 2))


@_calendar(_MONTH_RE + r"(?:\s+(?:of\s+)?(?P<year>\d{4}))?\b")
def _en_month(m):
    month = _month(m["mon"])
    # "May" alone is too often the verb; require a year for it.
    if month is None or (m["mon"].rstrip(".") in ("May", "Mar") and not m["year"]):
        return None
    return "month", float((int(m["year"]) * 100 if m["year"] else 0) + month)


@_calendar(r"(?:(?P<year>\d{4})\s*年\s*)?(?P<month>" + _CN_SMALL_NUM + r")\s*月(?!份?[日号])")
def _cn_month(m):
    month = _cn_int(m["month"])
    if not month or month > 12:
        return None
    return "month", float((int(m["year"]) * 100 if m["year"] else 0) + month)


# 四成 = 40%, 两成半 = 25%: tenths, the usual Chinese way of writing a share.
@_calendar(
    r"(?<![一二三四五六七八九十百千万\d])(?P<n>[一二两三四五六七八九]|\d)成(?P<half>半)?(?![为本功立长熟员果交绩都])"
)
def _cn_tenths(m):
    value = _cn_int(m["n"]) if m["n"].isdigit() else _CN_DIGITS[m["n"]]
    return "%", float(value * 10 + (5 if m["half"] else 0))


@_calendar(r"(?<![\d.,])(?P<year>\d{4})\s*年(?![代底初末中])")
def _cn_year(m):
    return "year", float(m["year"])


# --- numbers ------------------------------------------------------------------

_DIGIT_NUMBER = re.compile(r"(?<![A-Za-z0-9_.])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_CN_NUMBER = re.compile(r"(?P<pct>百分之)?(?P<num>" + _CN_NUM + ")")
_CN_PERCENT_DIGITS = re.compile(r"百分之(?P<num>\d+(?:\.\d+)?)")
_EN_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_EN_WORDS.update(
    {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}
)
_EN_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_EN_WORD = "|".join(sorted(list(_EN_WORDS) + list(_EN_SCALES), key=len, reverse=True))
_EN_NUMBER = re.compile(rf"\b(?:{_EN_WORD})(?:(?:[ -]|\s+and\s+)(?:{_EN_WORD}))*\b", re.IGNORECASE)

# Enumerators at the start of a line, and the leading number of a heading.
_LIST_MARKER = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]*)?(?:[-*+][ \t]+)?"
    r"(?:\d{1,2}[.)、．](?!\d)|[（(](?:\d{1,2}|[一二三四五六七八九十]{1,3})[)）]|[一二三四五六七八九十]{1,3}、)",
    re.MULTILINE,
)
# "per million tokens" / "每百万token": a rate's denominator, not a figure (English gives no
# number for "per million", so the Chinese 百万 must not give one either).
_PER_UNIT = re.compile(
    r"每(?:[一1]\s*)?(?:百万|千万|十万|万|千|百|亿)|\bper\s+(?:a\s+|one\s+)?(?:hundred|thousand|million|billion)\b",
    re.IGNORECASE,
)
# A bare four-digit number followed by a Chinese measure word is a count (2000个token,
# 2000名员工, 2000多家), not a year.
_COUNT_AFTER = re.compile(r"\s?(?:多|余)?[个名家台座位项款次件张块颗枚条种篇份人倍]")
# Full-width Latin letters and digits (１９２ＧＢ) read as their ASCII forms; one character each,
# so positions do not move. The full-width comma and full stop are left alone: in Chinese they
# separate clauses, not digit groups.
_FULLWIDTH = {code: code - 0xFEE0 for code in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))}
_FULLWIDTH[0xFF04] = ord("$")
# Fractions (五十分之一 = one-fiftieth, 三分之二): English spells them as words it does not parse,
# so neither side gives a figure. 百分之三十 (percent) is not a fraction here.
_CN_FRACTION = re.compile(f"(?<![{_CN_CHARS}\\d])(?!百分之)(?:[{_CN_CHARS}]+|\\d+)分之[{_CN_CHARS}]+")
# "mid-2027", "early-2026": a time word, not a name such as Aurora-7.
_TIME_PREFIX = re.compile(r"(?<![A-Za-z])(?:mid|early|late|end|pre|post)-$", re.IGNORECASE)
_RANGE_GAP = re.compile(r"\s*(?:-|–|—|~|～|to|至|到)\s*")
# Pure-numeral words that are not quantities.
_CN_IDIOMS = ("万一", "一一", "千千万万", "成千上万", "千万不", "千万别", "千万要", "一二")


# "well over a gigawatt", "a billion dollars": one of a unit or scale.
_EN_ONE = re.compile(r"\b(?:a|an|one)\s+(?=(?:tera|giga|mega|kilo)watt|billion\b|million\b|trillion\b)", re.IGNORECASE)
_EN_FOLD = re.compile(r"\b(?P<n>two|three|four|five|six|seven|eight|nine|ten|twenty|hundred|thousand)fold\b", re.I)
_MULTIPLY_VERBS = {"double": 2, "triple": 3, "quadruple": 4, "quintuple": 5}
_EN_MULTIPLY = re.compile(r"\b(?P<verb>double|triple|quadruple|quintuple)[sd]?\b", re.IGNORECASE)
_CURRENCIES = ("USD", "EUR", "CNY", "GBP", "TWD", "HKD", "JPY", "KRW", "¥")
# A sum converted into another currency, written in one language only: 约合人民币21亿元,
# "(about $290 million)", "equivalent to €1 billion".
_CONVERSION_BEFORE = re.compile(
    r"(?:[(（]\s*(?:about|roughly|approximately|around|nearly|some|约|约合|折合|合)?\s*"
    r"|约合|折合|相当于|equivalent to|or about|or roughly|or around|worth about|worth roughly)\s*$",
    re.IGNORECASE,
)


def _parse_en_words(words: str) -> float | None:
    total = section = 0.0
    seen_number = False
    for word in re.split(r"[ -]+|\s+and\s+", words.lower()):
        if word in _EN_WORDS:
            section += _EN_WORDS[word]
            seen_number = True
        elif word == "hundred":
            section = (section or 1) * 100
        elif word in _EN_SCALES:
            total += (section or 1) * _EN_SCALES[word]
            section = 0
        elif word:
            return None
    if not seen_number:
        return None
    return total + section


class _Spans:
    """Occupied character ranges; the first extractor to claim a range wins."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        self._spans = [tuple(s) for s in spans]

    def free(self, start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in self._spans)

    def claim(self, start: int, end: int) -> None:
        self._spans.append((start, end))


def _token_at(text: str, start: int, context: int = 12) -> str | None:
    """The jieba word starting at ``start``, or None; only the sentence piece around it is
    segmented (jieba's cuts are local), so a long analysis is not segmented once per numeral."""
    begin = max(0, start - context)
    return _plain_token_starts(text[begin : start + context]).get(start - begin)


def _plain_token_starts(text: str) -> dict[int, str]:
    from articles.entities.mentions import plain_tokenizer  # local: keeps import cheap

    return {start: word for word, start, _ in plain_tokenizer().tokenize(text)}


def extract_quantities(*, text: str, skip_spans: Iterable[tuple[int, int]] = ()) -> list[Quantity]:
    """Return the quantities in ``text`` ordered by position.

    Guarantees: spans never overlap each other or any of ``skip_spans``;
    every returned ``Quantity.text == text[start:end]``; the result does not
    depend on the language the text is in (both scripts are parsed). Results are cached per
    (text, skip_spans): the same texts are checked on every screen that shows a version."""
    return list(_extract_cached(text, tuple(tuple(span) for span in skip_spans)))


@lru_cache(maxsize=4096)
def _extract_cached(text: str, skip_spans: tuple) -> tuple[Quantity, ...]:
    return tuple(_extract(text=text, skip_spans=skip_spans))


def _extract(*, text: str, skip_spans: Iterable[tuple[int, int]] = ()) -> list[Quantity]:
    spans = _Spans(skip_spans)
    found: list[Quantity] = []
    original, text = text, text.translate(_FULLWIDTH)

    def add(start: int, end: int, value: float, unit: str) -> None:
        spans.claim(start, end)
        found.append(Quantity(value=value, unit=unit, start=start, end=end, text=original[start:end]))

    for m in _LIST_MARKER.finditer(text):
        spans.claim(m.start(), m.end())
    for m in _PER_UNIT.finditer(text):
        spans.claim(m.start(), m.end())
    for m in _CN_FRACTION.finditer(text):
        spans.claim(m.start(), m.end())
    for regex, builder in _CALENDAR:
        for m in regex.finditer(text):
            if not spans.free(m.start(), m.end()):
                continue
            result = builder(m)
            if result:
                add(m.start(), m.end(), result[1], result[0])

    for m in _CN_PERCENT_DIGITS.finditer(text):
        if spans.free(m.start(), m.end()):
            add(m.start(), m.end(), float(m["num"]), "%")

    for m in _DIGIT_NUMBER.finditer(text):
        start, end = m.start(), m.end()
        if (
            start >= 2
            and text[start - 1] == "-"
            and text[start - 2].isascii()
            and text[start - 2].isalpha()
            and not _TIME_PREFIX.search(text, max(0, start - 8), start)
        ):
            continue  # identifier such as Aurora-7 or GPT-4 (but mid-2027 is a year)
        if not spans.free(start, end):
            continue
        raw = m.group()
        value = float(raw.replace(",", ""))
        factor, unit, end = _read_suffix(text, end)
        if end < len(text) and text[end].isascii() and text[end].isalnum() and text[end - 1].isascii():
            continue  # glued to a word: 5G, 3x, 2nd, 4o (but 4.1亿美元C轮 is a sum before a word)
        prefix = _CURRENCY_PREFIX.search(text, max(0, start - 8), start)
        if prefix and (not unit or unit in _PREFIX_UNITS):
            unit = _PREFIX_UNITS[prefix.lastindex - 1]
            start = prefix.start()
        if (
            not unit
            and factor == 1
            and "," not in raw
            and "." not in raw
            and 1900 <= value <= 2100
            and not _COUNT_AFTER.match(text, end)
        ):
            unit = "year"
        if spans.free(start, end):
            add(start, end, value * factor, unit)

    for m in _EN_NUMBER.finditer(text):
        if not spans.free(m.start(), m.end()):
            continue
        value = _parse_en_words(m.group())
        if value is None:
            continue
        factor, unit, end = _read_suffix(text, m.end(), allow_multiplier=False)
        prefix = _CURRENCY_PREFIX.search(text, max(0, m.start() - 8), m.start())
        start = m.start()
        if prefix and (not unit or unit in _PREFIX_UNITS):
            unit, start = _PREFIX_UNITS[prefix.lastindex - 1], prefix.start()
        add(start, end, value * factor, unit)

    for m in _CN_NUMBER.finditer(text):
        start, end = m.start(), m.end()
        if not spans.free(start, end):
            continue
        if start > 0 and text[start - 1] in "第初周星礼":
            continue  # ordinals and weekday/day names
        if any(text.startswith(idiom, start) for idiom in _CN_IDIOMS):
            continue
        if not m["pct"]:
            # The numeral must be a word of its own: 十分 (very), 一些 (some),
            # 统一 (unified) and 百度-style names are jieba tokens that merely
            # contain numeral characters.
            token = _token_at(text, start)
            if token is None or any(c not in _CN_CHARS + "点" for c in token):
                if not (token and re.fullmatch(f"[{_CN_CHARS}]+[个名家台座位项款次倍]", token)):
                    continue
        value = parse_chinese_numeral(m["num"])
        if value is None:
            continue
        if m["pct"]:
            add(start, end, value, "%")
            continue
        factor, unit, end = _read_suffix(text, end, allow_multiplier=False)
        prefix = _CURRENCY_PREFIX.search(text, max(0, start - 8), start)
        if prefix and (not unit or unit in _PREFIX_UNITS):
            unit, start = _PREFIX_UNITS[prefix.lastindex - 1], prefix.start()
        add(start, end, value * factor, unit)

    for m in _EN_ONE.finditer(text):
        start = m.end()
        if not spans.free(m.start(), start + 1):
            continue
        factor, unit, end = _read_suffix(text, start)
        if factor != 1 or unit:
            add(m.start(), end, factor, unit)

    for m in _EN_MULTIPLY.finditer(text):
        if spans.free(m.start(), m.end()):
            add(m.start(), m.end(), float(_MULTIPLY_VERBS[m["verb"].lower()]), "x")

    for m in _EN_FOLD.finditer(text):
        if spans.free(m.start(), m.end()):
            add(m.start(), m.end(), float(_EN_WORDS.get(m["n"].lower()) or _EN_SCALES[m["n"].lower()]), "x")

    found = [
        Quantity(q.value, q.unit, q.start, q.end, q.text, conversion=True)
        if q.unit in _CURRENCIES and _CONVERSION_BEFORE.search(text, max(0, q.start - 24), q.start)
        else q
        for q in found
    ]
    found.sort(key=lambda q: q.start)
    return _inherit_range_units(original, found)


def _inherit_range_units(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """In a range such as ``30–40%`` or ``3至5亿美元`` the first bound carries
    neither unit nor multiplier; give it the second bound's."""
    result = list(quantities)
    for i in range(len(result) - 1):
        low, high = result[i], result[i + 1]
        if low.unit or not high.unit or high.unit in ("year", "date", "month", "quarter", "half"):
            continue
        if not _RANGE_GAP.fullmatch(text[low.end : high.start]):
            continue
        bare_high = extract_quantities_plain_value(high.text)
        scale = high.value / bare_high if bare_high else 1
        bare_low = extract_quantities_plain_value(low.text)
        if bare_low and not math.isclose(low.value, bare_low):
            scale = 1  # 12亿至15亿美元: the low bound has its own scale word, only the unit is shared
        result[i] = Quantity(
            value=low.value * scale,
            unit=high.unit,
            start=low.start,
            end=low.end,
            text=low.text,
            conversion=high.conversion,
        )
    return result


def extract_quantities_plain_value(text: str) -> float | None:
    """The bare leading number of a quantity's text (``5亿美元`` → 5.0)."""
    m = re.search(r"\d+(?:,\d{3})*(?:\.\d+)?", text)
    if m:
        return float(m.group().replace(",", ""))
    m = re.search(_CN_NUM, text)
    if m:
        head = re.match(f"[{''.join(_CN_DIGITS)}十百千点]+", m.group())
        return parse_chinese_numeral(head.group()) if head else None
    return None


_SAME_SIGN = ({"¥", "CNY"}, {"¥", "JPY"})
_CALENDAR_UNITS = {"date": 10000, "month": 100, "quarter": 10, "half": 10}  # width of the non-year part


def quantities_match(a: Quantity, b: Quantity) -> bool:
    """True when ``a`` and ``b`` denote the same quantity.

    Values must be equal (relative tolerance 1e-9). Units must be equal, or
    one side may be a plain number (``12亿`` vs ``$1.2 billion``: the currency
    is often left to context; ``2000台`` vs ``2,000``: a bare 1900–2100
    integer is read as a year but still equals the plain number). Calendar values compare on the fields both
    sides state: ``11月28日`` matches ``November 28, 2026``."""
    if a.unit in _CALENDAR_UNITS or b.unit in _CALENDAR_UNITS:
        if a.unit != b.unit:
            return False
        # Values are year-prefixed (20261128) or not (1128); compare the
        # year only when both sides state it.
        low = _CALENDAR_UNITS[a.unit]
        va, vb = int(a.value), int(b.value)
        if va >= low * 1000 and vb >= low * 1000:
            return va == vb
        return va % low == vb % low
    if a.unit != b.unit and a.unit and b.unit and {a.unit, b.unit} not in _SAME_SIGN:
        return False
    return math.isclose(a.value, b.value, rel_tol=1e-9, abs_tol=1e-12)


_UNCHECKED_UNITS = ("relative",)


def is_checkable(quantity: Quantity) -> bool:
    """Whether an unmatched quantity is worth reporting.

    Plain whole numbers below 10 are not: translators spell them out, turn
    them into measure words (两家, both) or drop them, so they carry no
    signal. Everything with a unit, a fraction or a value of 10+ is checked."""
    if quantity.unit in _UNCHECKED_UNITS:
        return False
    if quantity.unit == "x":
        return quantity.value >= 3  # "doubled", "twice", 翻番, 两倍 are too freely rephrased
    if quantity.unit:
        return True
    return quantity.value >= 10 or not float(quantity.value).is_integer()
