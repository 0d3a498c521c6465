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

The compiled matcher is cached per alias set, and the jieba dictionaries
are the process's shared ones (``articles.entities.dictionary``): repeated
calls with the same entities cost one regex scan of the text, and jieba
only cuts (and tags, for persons) the blocks of text around CJK candidates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import jieba

from articles.entities import dictionary
from articles.entities.dictionary import entity_words

__all__ = [
    "LANGUAGES",
    "Mention",
    "TextPart",
    "find_mentions",
    "iter_text_parts",
    "mentions_in_content",
    "plain_tokenizer",
]

LANGUAGES = ("en", "zh-hans")
_CJK = dictionary.CJK


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


_FOUND_TEXTS = 1024  # texts whose mentions a vocabulary keeps (a few megabytes of article text at most)
_SPACE = " "  # a trie edge for a run of whitespace ("Atlas  X1" matches the alias "Atlas X1")


def _fold(char: str) -> str:
    """Lower-case one character, keeping it one character (the case-insensitive compare)."""
    lowered = char.lower()
    return lowered if len(lowered) == 1 else char


class _Matcher:
    """
    All aliases of one entity set, compiled once: a trie of the case-folded aliases, and the same
    trie as one regular expression that finds where any alias may start (one C-level scan of the
    text whatever the number of aliases). Only at those positions is the trie walked in Python.
    """

    def __init__(self, key: tuple):
        aliases: dict[str, _Alias] = {}
        for order, (slug, kind, names) in enumerate(key):
            for name in names:
                aliases.setdefault(name, _Alias(name, slug, kind, order))
        self.aliases = list(aliases.values())
        self.trie: dict = {}
        for alias in self.aliases:
            node = self.trie
            for index, piece in enumerate(alias.text.split()):
                if index:
                    node = node.setdefault(_SPACE, {})
                for char in piece:
                    node = node.setdefault(_fold(char), {})
            node.setdefault(None, []).append(alias)
        self.starts = re.compile(f"(?=(?:{_trie_pattern(self.trie)}))", re.IGNORECASE) if self.trie else None
        self.cjk_words = entity_words(a.text for a in self.aliases)
        self.found: dict[str, tuple] = {}  # text -> its mentions, see spans()

    def spans(self, text: str) -> tuple[tuple[int, int, str], ...]:
        """
        The (start, end, slug) of each mention in ``text``, by position. Kept per text (a bounded
        number of the latest): the checks, the mention index, the rendered links and the review
        screen find the mentions of the same texts again and again, and a text's mentions depend
        only on it and this vocabulary.
        """
        found = self.found.get(text)
        if found is None:
            candidates = [c for c in self.candidates(text) if _latin_edges_ok(text, c[0], c[1])]
            if any(_CJK.match(text[s]) or _CJK.match(text[e - 1]) for s, e, _ in candidates):
                candidates = _cjk_filter(text, candidates, self)
            found = tuple((start, end, alias.slug) for start, end, alias in _resolve(candidates))
            if len(self.found) >= _FOUND_TEXTS:
                self.found.clear()
            self.found[text] = found
        return found

    def candidates(self, text: str) -> list[tuple[int, int, _Alias]]:
        """Every occurrence of every alias, overlaps included."""
        if self.starts is None:
            return []
        found = []
        for match in self.starts.finditer(text):
            found.extend(self._walk(text, match.start()))
        return found

    def _walk(self, text: str, start: int):
        length = len(text)
        stack = [(self.trie, start)]
        while stack:
            node, position = stack.pop()
            for alias in node.get(None, ()):
                if _case_ok(alias.text, text[start:position]):
                    yield (start, position, alias)
            if position >= length:
                continue
            char = text[position]
            child = node.get(_fold(char))
            if child is not None:
                stack.append((child, position + 1))
            if _SPACE in node and char.isspace():
                end = position + 1
                while end < length and text[end].isspace():
                    end += 1
                stack.append((node[_SPACE], end))


def _trie_pattern(node: dict) -> str:
    branches = []
    for char, child in node.items():
        if char is None:
            continue
        head = r"\s+" if char == _SPACE else re.escape(char)
        rest = _trie_pattern(child) if any(k is not None for k in child) else ""
        if rest and None in child:
            branches.append(f"{head}(?:{rest})?")
        else:
            branches.append(head + (f"(?:{rest})" if rest else ""))
    return "|".join(branches)


def _case_ok(alias: str, matched: str) -> bool:
    """Rule 4: an alias with an uppercase letter matches only with exactly that casing."""
    if alias == alias.lower():
        return True
    return alias.split() == matched.split()


_last: dict = {"entities": None, "matcher": None}


def _matcher_for(entities: Sequence[Mapping]) -> _Matcher:
    # The shared vocabulary payload is one list object per vocabulary: recognise it without
    # rebuilding its key (a thousand entities) on every call.
    if entities is _last["entities"]:
        return _last["matcher"]
    matcher = _matcher(_alias_key(entities))
    _last.update(entities=entities, matcher=matcher)
    return matcher


def forget_texts() -> None:
    """Empty the latest vocabulary's per-text mentions (``manage.py bench_checks``: a text not seen before)."""
    if _last["matcher"] is not None:
        _last["matcher"].found.clear()


@lru_cache(maxsize=4)
def _matcher(key: tuple) -> _Matcher:
    return _Matcher(key)


def plain_tokenizer() -> jieba.Tokenizer:
    """A private jieba tokenizer with the stock dictionary (never modified)."""
    return dictionary.plain_tokenizer()


def _pos_tokenizer():
    return dictionary.pos_tokenizer()


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
    return [
        Mention(
            entity=slug,
            language=language,
            part=part,
            index=index,
            field=field,
            start=start,
            end=end,
            text=text[start:end],
        )
        for start, end, slug in _matcher_for(entities).spans(text)
    ]


# jieba cuts (and tags) each run of these characters on its own, so cutting the run around a
# candidate gives exactly the words a cut of the whole text gives there.
_JIEBA_BLOCK = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+")
_POS_BLOCK = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._]+")


def _blocks(pattern, text, positions):
    """The (start, end) of each block of ``pattern`` in ``text`` holding one of ``positions``."""
    found = {}
    for position in positions:
        if any(s <= position < e for s, e in found):
            continue
        left = position
        while left > 0 and pattern.fullmatch(text[left - 1]):
            left -= 1
        match = pattern.match(text, left)
        if match and match.end() > position:
            found[(match.start(), match.end())] = True
    return list(found)


# A text is cut and tagged block by block, and the same blocks come back (a version is indexed on
# each move and rendered at publication): the results are kept for the most recent blocks.
@lru_cache(maxsize=4096)
def _block_boundaries(words: frozenset, block: str) -> frozenset:
    """Word boundaries (offsets) of ``block`` cut by the tokenizer that knows ``words``."""
    offsets, position = {0}, 0
    for word in dictionary.vocabulary_tokenizer(words).cut(block, HMM=True):
        position += len(word)
        offsets.add(position)
    return frozenset(offsets)


@lru_cache(maxsize=4096)
def _block_names(block: str) -> tuple:
    """The (start, end) of each token of ``block`` the part-of-speech tagger calls a person name."""
    names, position = [], 0
    for pair in _pos_tokenizer().cut(block):
        if pair.flag.startswith("nr"):
            names.append((position, position + len(pair.word)))
        position += len(pair.word)
    return tuple(names)


def _cjk_filter(text: str, candidates, matcher: _Matcher):
    """Apply rules 5 and 6 to candidates with a CJK edge; the others pass."""
    edges = [p for s, e, _ in candidates for p in (s, e - 1) if _CJK.match(text[p])]
    boundaries = set()
    for start, end in _blocks(_JIEBA_BLOCK, text, edges):
        boundaries.update(start + offset for offset in _block_boundaries(matcher.cjk_words, text[start:end]))
    persons = [s for s, _, alias in candidates if alias.kind == "person"]
    names = []
    for start, end in _blocks(_POS_BLOCK, text, persons):
        names.extend((start + s, start + e) for s, e in _block_names(text[start:end]))

    def ok(start: int, end: int, alias: _Alias) -> bool:
        if _CJK.match(text[start]) and start not in boundaries:
            return False
        if _CJK.match(text[end - 1]) and end not in boundaries:
            return False
        if alias.kind != "person":
            return True
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


def vocabulary_footprint(entities: Sequence[Mapping]) -> int:
    """
    Bytes the entity vocabulary for ``entities`` holds, measured with ``tracemalloc`` while a fresh
    copy is built: the alias matcher (trie and start pattern) and the entity-word tokenizer (the
    entity words over jieba's stock dictionary). The stock dictionary itself is loaded first and not
    counted: it is the same whatever the entities. For ``manage.py bench_mentions`` and its test.
    """
    import tracemalloc  # local: only the benchmark and its test measure

    plain_tokenizer()
    tracing = tracemalloc.is_tracing()
    if not tracing:
        tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    matcher = _Matcher(_build_alias_key(entities))
    tokenizer = dictionary.tokenizer_over_plain(matcher.cjk_words)
    held = tracemalloc.get_traced_memory()[0] - before
    if not tracing:
        tracemalloc.stop()
    del matcher, tokenizer
    return held
