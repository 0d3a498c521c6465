"""
The one jieba dictionary of a process, shared by mention finding, the mention index, linking,
suggestions, the consistency checks and search segmentation. Pure Python (plus jieba); no Django.

- ``CJK``: the one pattern for a Han character (CJK unified ideographs, extension A,
  compatibility ideographs).
- ``plain_tokenizer()``: jieba's stock dictionary (jieba's default tokenizer), never modified
  (part-of-speech tagging and suggestions need the stock dictionary: an alias added as a word would hide the names the
  tagger recognises around it).
- ``vocabulary_tokenizer(words)``: the stock dictionary plus the entity words (every Han name and
  alias), used for mention boundaries and search segmentation alike; one per process, kept in
  step with the entity vocabulary.
- ``bulk_vocabulary_tokenizer(words)``: the same dictionary and words in jieba-rs (``rjieba``), which
  cuts exactly as jieba does about 30 times faster; for indexing many articles at once
  (``rebuild_search_index``, an import run). Loaded only by a process that indexes in bulk (about
  60 MB), so web workers that never do keep to the two dictionaries above.

Two dictionaries in all (and jieba's tag tables), loaded on first use, never at import time.
"""

import logging
import re
import threading

import jieba

jieba.setLogLevel(logging.WARNING)

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")

_lock = threading.Lock()
_state = {"vocabulary": None, "words": frozenset()}
_bulk_state = {"tokenizer": None, "words": frozenset()}


def plain_tokenizer():
    """
    jieba's stock dictionary (never modified): jieba's own default tokenizer, which nothing in
    the project changes, so the part-of-speech tagger jieba builds at import shares it.
    """
    tokenizer = jieba.dt
    if not tokenizer.initialized:
        tokenizer.initialize()
    return tokenizer


def pos_tokenizer():
    """
    jieba's part-of-speech tagger over the stock dictionary (HMM on). Imported on first use: its
    tag tables cost ~50 MB of memory, which a process that never tags (an English page, most
    management commands) does not pay.
    """
    import jieba.posseg

    plain_tokenizer()
    return jieba.posseg.dt


def entity_words(names):
    """The Han words jieba must keep whole for ``names``: each name's whitespace-separated pieces with Han in them."""
    return frozenset(piece for name in names for piece in name.split() if CJK.search(piece))


def vocabulary_tokenizer(words=frozenset()):
    """
    The one tokenizer that knows the stock dictionary plus exactly ``words`` (a frozenset, see
    ``entity_words``). When ``words`` only grows, they are added in place; when a word goes, it is
    rebuilt over the stock dictionary (an overlay, never a copy: microseconds, ~0.5 MB). One per process, never more.
    """
    with _lock:
        tokenizer, current = _state["vocabulary"], _state["words"]
        if tokenizer is not None and (words is current or words == current):
            return tokenizer
        if tokenizer is not None and words > current:
            for word in words - current:
                tokenizer.add_word(word)
        else:
            tokenizer = tokenizer_over_plain(words)
        _state.update(vocabulary=tokenizer, words=words)
        return tokenizer


class _Overlay(dict):
    """
    The entity words (and their prefixes) over jieba's stock dictionary, which is read and never
    copied or modified: a copy of its ~580,000 entries costs ~20 MB per process, the overlay a few
    hundred kilobytes with 1,000 entities. jieba reads ``FREQ`` only through ``in``, ``[]`` and
    ``get`` and writes through ``[]=``, which go to the overlay.
    """

    __slots__ = ("base",)

    def __init__(self, base):
        super().__init__()
        self.base = base

    def __contains__(self, word):
        return dict.__contains__(self, word) or word in self.base

    def __getitem__(self, word):
        try:
            return dict.__getitem__(self, word)
        except KeyError:
            return self.base[word]

    def get(self, word, default=None):
        value = dict.get(self, word, _MISSING)
        return self.base.get(word, default) if value is _MISSING else value


_MISSING = object()


def tokenizer_over_plain(words=()):
    """A new tokenizer: jieba's stock dictionary (shared, not copied) plus ``words``."""
    base = plain_tokenizer()
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ = _Overlay(base.FREQ)
    tokenizer.total = base.total
    tokenizer.initialized = True
    for word in words:
        tokenizer.add_word(word)
    return tokenizer


def bulk_vocabulary_tokenizer(words=frozenset()):
    """
    ``vocabulary_tokenizer(words)`` in jieba-rs: the same stock dictionary (jieba's ``dict.txt``)
    and the same entity words added with a suggested frequency, so ``cut_for_search(text, True)``
    returns the words jieba's ``cut_for_search(text)`` does (``test_search.py`` compares them).
    One per process, kept in step like the other.
    """
    import rjieba

    with _lock:
        tokenizer, current = _bulk_state["tokenizer"], _bulk_state["words"]
        if tokenizer is not None and (words is current or words == current):
            return tokenizer
        if tokenizer is not None and words > current:
            added = words - current
        else:
            tokenizer, added = rjieba.Jieba(), words
        for word in added:  # the order vocabulary_tokenizer adds them in
            tokenizer.add_word(word, None, None)
        _bulk_state.update(tokenizer=tokenizer, words=words)
        return tokenizer
