"""
What the draft's admin page shows about entities: the mentions found in its text (grouped by
entity, language and part), the mentioned entities the version does not list, and names that
look like entities but match none (capitalised Latin names; Chinese person, organisation and
other proper nouns by jieba's tagger), each with a prefilled "Create entity" link.
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.text import slugify

from articles.consistency.reports import FIELD_LABELS, PART_LABELS
from articles.entities.dictionary import CJK
from articles.entities.mentions import _pos_tokenizer, iter_text_parts, mentions_in_content, plain_tokenizer
from articles.languages import NATIVE_NAMES, column

# A run of capitalised words ("Pacific Compute Alliance", "Atlas X1"), not starting a sentence
# on its own unless it has two or more words.
_LATIN_NAME = re.compile(r"(?<![\w-])[A-Z][A-Za-z0-9]*(?:[ -](?:[A-Z][A-Za-z0-9]*|[0-9]+[A-Za-z]*))*(?![\w])")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;。！？：；]\s*|\n\s*(?:[-*+#>]+\s*)?|\|\s*)$")
_CJK = CJK
# Capitalised words that are not names.
_COMMON = {
    "A",
    "An",
    "The",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "Its",
    "In",
    "On",
    "At",
    "For",
    "From",
    "With",
    "By",
    "And",
    "But",
    "Or",
    "If",
    "When",
    "Why",
    "What",
    "Who",
    "How",
    "Where",
    "Which",
    "As",
    "After",
    "Before",
    "Since",
    "While",
    "Our",
    "We",
    "They",
    "He",
    "She",
    "I",
    "You",
    "Not",
    "No",
    "Yes",
    "Next",
    "Last",
    "More",
    "Most",
    "Some",
    "All",
    "Each",
    "Every",
    "Both",
    "One",
    "Two",
    "Three",
    "Four",
    "Five",
    "Ten",
    "First",
    "Second",
    "Third",
    "Why it matters",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "About",
    "Under",
    "Over",
    "Into",
    "Across",
    "Through",
    "Many",
    "Much",
    "Only",
    "Also",
    "Even",
    "So",
    "Did",
    "Does",
    "Do",
    "Is",
    "Are",
    "Can",
    "Will",
    "Should",
    "Would",
    "Could",
    "Has",
    "Have",
    "Then",
    "There",
    "Here",
    "Still",
    "Yet",
    "Unlike",
    "Like",
    "Because",
    "Although",
    "Despite",
    "During",
    "Until",
    "Q1",
    "Q2",
    "Q3",
    "Q4",
    "H1",
    "H2",
    "AI",
    "FAQ",
    "TL",
    "DR",
    "CEO",
    "CTO",
    "US",
    "EU",
    "UK",
}
_CHINESE_FLAGS = ("nr", "nt", "nz")  # persons (nr, nrfg, nrt), organisations, other proper nouns
MAX_SUGGESTIONS = 20


@dataclass
class MentionGroup:
    slug: str
    name: str
    listed: bool
    places: list = field(default_factory=list)  # {"language", "part", "text"}


@dataclass(frozen=True)
class Suggestion:
    name: str
    language: str
    count: int
    url: str


def mention_groups(*, content, entities, listed_slugs):
    """Mentions grouped by entity (in order of first mention), each with where and as what it appears."""
    names = {e["slug"]: e["name"].get("en") or e["name"].get("zh-hans") or e["slug"] for e in entities}
    groups = {}
    for mention in mentions_in_content(content=content, entities=entities):
        group = groups.setdefault(
            mention.entity,
            MentionGroup(mention.entity, names.get(mention.entity, mention.entity), mention.entity in listed_slugs),
        )
        part = str(PART_LABELS.get(mention.part, mention.part))
        if mention.index is not None:
            part = f"{part} {mention.index + 1}"
        if mention.field in FIELD_LABELS:
            part = f"{part} · {FIELD_LABELS[mention.field]}"
        group.places.append(
            {"language": NATIVE_NAMES.get(mention.language, mention.language), "part": part, "text": mention.text}
        )
    return list(groups.values())


def unknown_names(*, content, entities):
    """Names in the text that look like entities but match no entity, most frequent first."""
    known = {
        alias.casefold()
        for e in entities
        for names in (list(e["name"].values()), *e.get("aliases", {}).values())
        for alias in names
    }
    counts, languages = Counter(), {}
    for language, version in (content or {}).items():
        for part in iter_text_parts(version):
            covered = (
                [
                    (m.start, m.end)
                    for m in mentions_in_content(content={language: {part.part: part.text}}, entities=entities)
                ]
                if part.part in ("title", "summary", "analysis")
                else []
            )
            for name in _latin_names(part.text, covered) + _chinese_names(part.text, covered):
                if name.casefold() in known or name in _COMMON:
                    continue
                counts[name] += 1
                languages.setdefault(name, "zh-hans" if _CJK.search(name) else "en")
    return [
        Suggestion(name, languages[name], count, _create_url(name, languages[name]))
        for name, count in counts.most_common(MAX_SUGGESTIONS)
    ]


def _latin_names(text, covered):
    names = []
    for match in _LATIN_NAME.finditer(text):
        name = match.group().strip(" -")
        words = name.split(" ")
        while words and words[0] in _COMMON:  # "The Series C", "For Lumen"
            words.pop(0)
        name = " ".join(words)
        if not name or not name[0].isupper() or _overlaps(match.start(), match.end(), covered) or len(name) < 2:
            continue
        single = " " not in name and "-" not in name
        if single and _SENTENCE_START.search(text, 0, match.start()):
            continue  # a capitalised first word of a sentence is not evidence of a name
        if single and name.isupper() and len(name) <= 2:
            continue
        names.append(name)
    return names


def _chinese_names(text, covered):
    if not _CJK.search(text):
        return []
    names, position = [], 0
    dictionary = plain_tokenizer().FREQ
    for pair in _pos_tokenizer().cut(text):
        start, end = position, position + len(pair.word)
        position = end
        # Dictionary words tagged nz/nr are mostly ordinary words (论文); names jieba found with
        # its HMM, or dictionary organisations and transliterated names, are worth a look.
        if (
            pair.flag.startswith(_CHINESE_FLAGS)
            and len(pair.word) >= 2
            and _CJK.search(pair.word)
            and (pair.word not in dictionary or pair.flag in ("nt", "nrt", "nrfg"))
            and not _overlaps(start, end, covered)
        ):
            names.append(pair.word)
    return names


def _overlaps(start, end, spans):
    return any(start < e and s < end for s, e in spans)


def _create_url(name, language):
    params = {column("name", language): name}
    slug = slugify(name)
    if slug:
        params["slug"] = slug
    return f"{reverse('admin:articles_entity_add')}?{urlencode(params)}"


def group_by_listing(groups):
    """(listed, not listed) for the template."""
    split = defaultdict(list)
    for group in groups:
        split[group.listed].append(group)
    return split[True], split[False]
