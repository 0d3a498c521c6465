"""
Turning text into search terms, the same way at index time and at query time.

Chinese has no spaces between words, so text containing Han characters is cut into words with
jieba (``cut_for_search``, which also yields the shorter words inside long ones) and the words
are joined with spaces; the database tokenizer then sees one token per word. English text is
left to the database (FTS5's porter tokenizer, PostgreSQL's ``english`` configuration), which
lower-cases and stems it. Entity names and aliases are added to jieba's dictionary so that
"艾克米公司" stays one word.

jieba takes about a second to load its dictionary, so the tokenizer is private to this module
and built on first use, once per process (never at import time).
"""

import logging
import re
import threading

from django.core.cache import cache
from django.db import transaction

from articles.caching import guarded

# Han ideographs (CJK unified, extension A, compatibility).
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# Letters and digits; underscores and punctuation separate words, as in the database tokenizers.
WORD = re.compile(r"[^\W_]+")

# Bounds on what a query may cost: longer input is cut, extra words are dropped.
MAX_QUERY_CHARS = 200
MAX_QUERY_TERMS = 12

# PostgreSQL's english stop words (snowball list). They are dropped from English queries so both
# backends answer the same query the same way (FTS5 has no stop words of its own).
ENGLISH_STOP_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being below
    between both but by can did do does doing don down during each few for from further had has have
    having he her here hers herself him himself his how i if in into is it its itself just me more most
    my myself no nor not now of off on once only or other our ours ourselves out over own s same she
    should so some such t than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    you your yours yourself yourselves""".split()
)

VOCABULARY_VERSION_KEY = "search:vocabulary-version"

logger = logging.getLogger(__name__)


class _Segmenter:
    def __init__(self):
        self._tokenizer = None
        self._words = set()
        self._version = None
        self._lock = threading.Lock()

    def refresh_if_stale(self):
        """
        Add new entity names and aliases to the dictionary when any process announced a change
        (``vocabulary_changed``); one cache read when nothing changed.
        """
        # Without the cache this process keeps its vocabulary (and adds words on its own changes).
        version = guarded(lambda: cache.get(VOCABULARY_VERSION_KEY, 0), self._version)
        if self._tokenizer is not None and version != self._version:
            with self._lock:
                self._add_vocabulary()
                self._version = version

    def tokenizer(self):
        if self._tokenizer is None:
            with self._lock:
                if self._tokenizer is None:
                    import jieba

                    jieba.setLogLevel(logging.WARNING)
                    tokenizer = jieba.Tokenizer()
                    tokenizer.initialize()
                    self._tokenizer = tokenizer
                    self._version = guarded(lambda: cache.get(VOCABULARY_VERSION_KEY, 0), 0)
                    self._add_vocabulary()
        return self._tokenizer

    def _add_vocabulary(self):
        # Words are only ever added: a stale extra word costs nothing, a missing one splits a name.
        for word in entity_vocabulary():
            if word not in self._words:
                self._tokenizer.add_word(word)
                self._words.add(word)

    def forget(self):
        """Mark this process's vocabulary stale (the next use re-reads it)."""
        self._version = None

    def cut(self, text):
        return self.tokenizer().cut_for_search(text)


_segmenter = _Segmenter()


def entity_vocabulary():
    """Every entity name and alias that contains Han characters (the words jieba must keep whole)."""
    from articles.languages import LANGUAGE_CODES, column
    from articles.models import Entity, EntityAlias

    words = set()
    for language in LANGUAGE_CODES:
        words.update(
            Entity.objects.exclude(**{column("name", language): None}).values_list(column("name", language), flat=True)
        )
    words.update(EntityAlias.objects.values_list("alias", flat=True))
    return sorted(word.strip() for word in words if word and HAN.search(word) and " " not in word.strip())


def vocabulary_changed():
    """Make every process re-read the entity vocabulary on next use (a name or alias changed)."""
    _segmenter.forget()
    transaction.on_commit(_bump_vocabulary_version)


def _bump_vocabulary_version():
    def bump():
        try:
            cache.incr(VOCABULARY_VERSION_KEY)
        except ValueError:
            cache.set(VOCABULARY_VERSION_KEY, 1, None)

    guarded(bump)


def refresh_vocabulary():
    """Pick up entity names and aliases added since this process loaded them."""
    _segmenter.refresh_if_stale()


def _words(text):
    """Words of ``text``: jieba words where there is Chinese, letters-and-digits runs elsewhere."""
    if not HAN.search(text):
        return WORD.findall(text)
    words = []
    for token in _segmenter.cut(text):
        words.extend(WORD.findall(token))
    return words


def index_text(text):
    """
    ``text`` as the index stores it: unchanged when it has no Chinese, else its words separated
    by spaces. Chinese words of three or more characters also contribute their two-character
    pieces ("晶圆厂" → "晶圆", "圆厂") so a two-character query finds them.
    """
    if not text:
        return ""
    if not HAN.search(text):
        return text
    out = []
    for word in _words(text):
        out.append(word)
        if len(word) >= 3 and HAN.fullmatch(word[0]) and HAN_RUN.fullmatch(word):
            out.extend(word[i : i + 2] for i in range(len(word) - 1))
    return " ".join(out)


def query_terms(query, language):
    """
    The words to look for, lower-cased, at most ``MAX_QUERY_TERMS`` of them, duplicates removed.
    Operators, quotes and punctuation are not syntax here: they only separate words, so no input
    can make a query fail. Empty when nothing searchable is left.
    """
    query = (query or "")[:MAX_QUERY_CHARS]
    refresh_vocabulary()
    terms = []
    for word in _words(query):
        word = word.lower()
        if word in terms or (language == "en" and word in ENGLISH_STOP_WORDS):
            continue
        terms.append(word)
        if len(terms) == MAX_QUERY_TERMS:
            break
    return terms
