"""Entity mention detection in English and Simplified Chinese text.

Pure Python (plus jieba); no Django. Entities are the dicts of the article
exchange format: ``{"slug", "kind", "name": {lang: str}, "aliases": {lang: [str]}}``.

Matching rules (each is a guarantee of :func:`find_mentions`):

1. Every name and alias of *both* languages is searched in every text, since
   Chinese prose keeps Latin names (Meta, OpenAI, a person's English name)
   and English prose occasionally keeps a Chinese name.
2. Longest match wins: where known aliases overlap, the longest one is kept
   and the shorter ones are dropped (北风 inside 北风实验室, Atlas X1 inside
   "Atlas X1 accelerator"). Ties go to the earlier start, then to the
   entity listed first. Returned mentions never overlap.
3. Latin-script edges are whole-word: the character before the first Latin
   letter and after the last one must not be a letter or digit of a
   non-CJK script (CJK characters, spaces, punctuation and hyphens are
   edges: "Meta宣布", "Northwind's", "Northwind-backed" all match).
4. Latin matching is case-aware: an alias containing an uppercase letter
   matches only with exactly that casing, so "Meta" never matches "metadata",
   "meta-analysis" or "meta" in lowercase prose; an all-lowercase alias matches
   any casing. (Known limit: a sentence starting "Meta-analysis" matches.)
   Runs of whitespace in an alias match any run of whitespace.
5. CJK edges must fall on word boundaries of a private jieba tokenizer that
   knows every alias (so the alias segments as one word wherever the context
   allows): 张敏 does not match in 主张敏捷, 北风 not in 东北风; 谷歌 does
   match in 谷歌云 unless 谷歌云 is itself a known alias (rule 2).
6. A CJK alias of a *person* never matches strictly inside a longer person
   name: jieba's part-of-speech tagger (plain dictionary, HMM on) recognises
   unknown names such as 李伟华, and a person match inside a longer ``nr``
   token is rejected (李伟 does not match in 李伟华, but does in 李伟称).
   Only persons: the tagger also labels unknown compounds such as 谷歌云 as
   names, and a company alias inside its product name is still a mention.
   Rule 5 alone cannot do this: with 李伟 in the dictionary jieba happily
   cuts 李伟/华.

Tokenizers and compiled patterns are cached per alias set, so repeated
calls with the same entities cost one regex scan plus one jieba pass per text.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import jieba
import jieba.posseg

__all__ = [
    "LANGUAGES",
    "Mention",
    "TextPart",
    "find_mentions",
    "iter_text_parts",
    "mentions_in_content",
    "plain_tokenizer",
]

jieba.setLogLevel(logging.WARNING)

LANGUAGES = ("en", "zh-hans")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Mention:
    """One occurrence of an entity in one text field of one language version.

    ``start``/``end`` index the field's text (for ``analysis``: the whole
    Markdown text); ``text`` is that slice. ``index`` is the list position
    for tldr/key_data/insights/faq and None otherwise; ``field`` is
    ``"info"``/``"metric"`` (key_data), ``"q"``/``"a"`` (faq) or None.
    """

    entity: str
    language: str
    part: str
    index: int | None
    field: str | None
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class TextPart:
    """One text field of a language version, as yielded by :func:`iter_text_parts`."""

    part: str
    index: int | None
    field: str | None
    text: str


def iter_text_parts(version: Mapping | None) -> Iterator[TextPart]:
    """Yield every non-empty text field of one language version, in document order.

    Tolerates missing keys and ``None`` values (an absent part yields nothing)."""
    if not version:
        return
    for part in ("title", "summary"):
        if version.get(part):
            yield TextPart(part, None, None, version[part])
    for i, item in enumerate(version.get("tldr") or []):
        if item:
            yield TextPart("tldr", i, None, item)
    for i, row in enumerate(version.get("key_data") or []):
        for field in ("info", "metric"):
            if (row or {}).get(field):
                yield TextPart("key_data", i, field, row[field])
    if version.get("analysis"):
        yield TextPart("analysis", None, None, version["analysis"])
    for i, item in enumerate(version.get("insights") or []):
        if item:
            yield TextPart("insights", i, None, item)
    for i, entry in enumerate(version.get("faq") or []):
        for field in ("q", "a"):
            if (entry or {}).get(field):
                yield TextPart("faq", i, field, entry[field])


# --- compiled matcher ----------------------------------------------------------


@dataclass(frozen=True)
class _Alias:
    text: str
    slug: str
    kind: str
    order: int  # position of the entity in the list, for deterministic ties


_last_key: list = [None, None]  # (entities, key): the engine passes the same list for every text


def _alias_key(entities: Sequence[Mapping]) -> tuple:
    """A hashable key capturing everything matching depends on."""
    if _last_key[0] is entities:
        return _last_key[1]
    key = _build_alias_key(entities)
    if isinstance(entities, tuple):  # only an immutable list may be remembered by identity
        _last_key[:] = [entities, key]
    return key


def _build_alias_key(entities: Sequence[Mapping]) -> tuple:
    key = []
    for entity in entities:
        names = []
        for lang in LANGUAGES:
            name = (entity.get("name") or {}).get(lang)
            if name:
                names.append(name)
            names.extend((entity.get("aliases") or {}).get(lang) or [])
        key.append((entity["slug"], entity.get("kind") or "", tuple(n.strip() for n in names if n and n.strip())))
    return tuple(key)


def _latin_pattern(alias: str) -> str:
    parts = [re.escape(p) for p in alias.split()]
    return r"\s+".join(parts)


class _Matcher:
    """All aliases of one entity set, compiled once."""

    def __init__(self, key: tuple):
        aliases: dict[str, _Alias] = {}
        for order, (slug, kind, names) in enumerate(key):
            for name in names:
                aliases.setdefault(name, _Alias(name, slug, kind, order))
        self.aliases = list(aliases.values())
        self._patterns = [
            (re.compile(_latin_pattern(a.text), 0 if a.text != a.text.lower() else re.IGNORECASE), a)
            for a in self.aliases
        ]
        self.cjk_aliases = tuple(a.text for a in self.aliases if _CJK.search(a.text))

    def candidates(self, text: str) -> list[tuple[int, int, _Alias]]:
        """Every occurrence of every alias, overlaps included."""
        return [(m.start(), m.end(), alias) for regex, alias in self._patterns for m in regex.finditer(text)]


@lru_cache(maxsize=64)
def _matcher(key: tuple) -> _Matcher:
    return _Matcher(key)


@lru_cache(maxsize=1)
def plain_tokenizer() -> jieba.Tokenizer:
    """A private jieba tokenizer with the stock dictionary (never modified)."""
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


@lru_cache(maxsize=1)
def _pos_tokenizer() -> jieba.posseg.POSTokenizer:
    return jieba.posseg.POSTokenizer(plain_tokenizer())


@lru_cache(maxsize=4096)
def pos_tags(text: str) -> tuple[tuple[int, int, str, str], ...]:
    """(start, end, word, flag) of jieba's POS tagger over ``text`` (stock dictionary, HMM on).

    Cached per text: tagging is the slowest step of the checks, and a review screen, the admin
    page and the approval gate look at the same texts again and again."""
    tags, position = [], 0
    for pair in _pos_tokenizer().cut(text):
        tags.append((position, position + len(pair.word), pair.word, pair.flag))
        position += len(pair.word)
    return tuple(tags)


@lru_cache(maxsize=32)
def _alias_tokenizer(aliases: tuple[str, ...]) -> jieba.Tokenizer:
    """A private tokenizer that knows ``aliases``; the global jieba state and
    the plain tokenizer are never touched. The stock dictionary is copied,
    not reloaded, so building one costs milliseconds."""
    base = plain_tokenizer()
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ = dict(base.FREQ)
    tokenizer.total = base.total
    tokenizer.initialized = True
    for alias in aliases:
        for word in re.split(r"\s+", alias):  # jieba never joins across spaces
            if _CJK.search(word):
                tokenizer.add_word(word)
    return tokenizer


def _is_word_char(char: str) -> bool:
    return (char.isalnum() or char == "_") and not _CJK.match(char)


def _latin_edges_ok(text: str, start: int, end: int) -> bool:
    if not _CJK.match(text[start]) and start > 0 and _is_word_char(text[start - 1]):
        return False
    if not _CJK.match(text[end - 1]) and end < len(text) and _is_word_char(text[end]):
        return False
    return True


def _resolve(candidates: list[tuple[int, int, _Alias]]) -> list[tuple[int, int, _Alias]]:
    """Longest first, then earliest, then entity order; drop overlaps."""
    chosen: list[tuple[int, int, _Alias]] = []
    for start, end, alias in sorted(candidates, key=lambda c: (c[0] - c[1], c[0], c[2].order)):
        if all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, alias))
    return sorted(chosen, key=lambda c: c[0])


def find_mentions(
    *,
    text: str,
    entities: Sequence[Mapping],
    language: str = "",
    part: str = "",
    index: int | None = None,
    field: str | None = None,
) -> list[Mention]:
    """Return the entity mentions in ``text``, ordered by position.

    ``language``/``part``/``index``/``field`` are copied into each Mention
    (they do not affect matching: both scripts are always searched)."""
    if not text or not entities:
        return []
    matcher = _matcher(_alias_key(entities))
    candidates = [c for c in matcher.candidates(text) if _latin_edges_ok(text, c[0], c[1])]
    if any(_CJK.match(text[s]) or _CJK.match(text[e - 1]) for s, e, _ in candidates):
        candidates = _cjk_filter(text, candidates, matcher)
    return [
        Mention(
            entity=alias.slug,
            language=language,
            part=part,
            index=index,
            field=field,
            start=start,
            end=end,
            text=text[start:end],
        )
        for start, end, alias in _resolve(candidates)
    ]


_CONTEXT = 12  # characters of context either side of a candidate that segmentation looks at


def _cjk_filter(text: str, candidates, matcher: _Matcher):
    """Apply rules 5 and 6 to candidates with a CJK edge; the others pass.

    jieba's cuts and names are local, so only the piece of text around each candidate is
    segmented (a long analysis is not segmented and tagged as a whole for a handful of names)."""
    tokenizer = _alias_tokenizer(matcher.cjk_aliases)

    def window(start: int, end: int) -> tuple[int, str]:
        begin = max(0, start - _CONTEXT)
        return begin, text[begin : end + _CONTEXT]

    def ok(start: int, end: int, alias: _Alias) -> bool:
        begin, piece = window(start, end)
        if _CJK.match(text[start]) or _CJK.match(text[end - 1]):
            boundaries = set()
            for _, s, e in tokenizer.tokenize(piece):
                boundaries.update((s + begin, e + begin))
            if _CJK.match(text[start]) and start not in boundaries:
                return False
            if _CJK.match(text[end - 1]) and end not in boundaries:
                return False
        if alias.kind != "person":
            return True
        names = [(s + begin, e + begin) for s, e, _, flag in pos_tags(piece) if flag.startswith("nr")]
        return not any(s <= start and end <= e and e - s > end - start for s, e in names)

    return [c for c in candidates if ok(*c)]


def mentions_in_content(*, content: Mapping, entities: Sequence[Mapping]) -> list[Mention]:
    """Return the mentions in every text part of every language version of
    ``content`` (``{"en": {...}, "zh-hans": {...}}``), in language then
    document order. Languages not in :data:`LANGUAGES` are ignored."""
    mentions: list[Mention] = []
    for language in LANGUAGES:
        for text_part in iter_text_parts((content or {}).get(language)):
            mentions.extend(
                find_mentions(
                    text=text_part.text,
                    entities=entities,
                    language=language,
                    part=text_part.part,
                    index=text_part.index,
                    field=text_part.field,
                )
            )
    return mentions
