"""
Turning text into search terms, the same way at index time and at query time.

Chinese has no spaces between words, so text containing Han characters is cut into words with
jieba (``cut_for_search``, which also yields the shorter words inside long ones) and the words
are joined with spaces; the database tokenizer then sees one token per word. English text is
left to the database (FTS5's porter tokenizer, PostgreSQL's ``english`` configuration), which
lower-cases and stems it. Entity names and aliases are words of the dictionary so that
"艾克米公司" stays one word: the tokenizer is the process's one entity-aware jieba dictionary
(``articles.entities.dictionary``), shared with mention finding, built on first use.
"""

import logging
import re

from articles.entities.dictionary import CJK as HAN
from articles.entities.dictionary import CJK_RUN as HAN_RUN
from articles.entities.dictionary import bulk_vocabulary_tokenizer, entity_words, vocabulary_tokenizer

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

logger = logging.getLogger(__name__)

_vocabulary = {"payload": None, "words": frozenset()}


def refresh_vocabulary():
    """
    Pick up entity names and aliases changed since this process last looked: the entity
    vocabulary (``articles.entities.vocabulary.entities_payload``, one cache read when nothing
    changed) feeds the process's one jieba dictionary (``articles.entities.dictionary``).
    """
    from articles.entities.vocabulary import entities_payload

    payload = entities_payload()
    if payload is not _vocabulary["payload"]:
        names = []
        for entity in payload:
            names.extend(entity["name"].values())
            for aliases in entity["aliases"].values():
                names.extend(aliases)
        _vocabulary.update(payload=payload, words=entity_words(names))
    return _vocabulary["words"]


def _cut(text, bulk=False):
    if _vocabulary["payload"] is None:
        refresh_vocabulary()
    if bulk:
        return bulk_vocabulary_tokenizer(_vocabulary["words"]).cut_for_search(text, True)
    return vocabulary_tokenizer(_vocabulary["words"]).cut_for_search(text)


def _words(text, bulk=False):
    """Words of ``text``: jieba words where there is Chinese, letters-and-digits runs elsewhere."""
    if not HAN.search(text):
        return WORD.findall(text)
    # Tokens joined by a space (a separator for WORD): the words of each token, in one pass.
    return WORD.findall(" ".join(_cut(text, bulk)))


def index_text(text, *, bulk=False):
    """
    ``text`` as the index stores it: unchanged when it has no Chinese, else its words separated
    by spaces. Chinese words of three or more characters also contribute their two-character
    pieces ("晶圆厂" → "晶圆", "圆厂") so a two-character query finds them. ``bulk`` cuts with the
    jieba-rs copy of the dictionary (the same words, much faster; see
    ``articles.entities.dictionary``): for indexing many articles in one go.
    """
    if not text:
        return ""
    if not HAN.search(text):
        return text
    out = []
    for word in _words(text, bulk):
        out.append(word)
        if len(word) >= 3 and HAN_RUN.fullmatch(word):
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
