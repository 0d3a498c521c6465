"""
What the draft's admin page shows about entities: the mentions found in its text (grouped by
entity, language and part), the mentioned entities the version does not list, and names that
look like entities but match none (capitalised Latin names; Chinese person, organisation and
other proper nouns by jieba's tagger), each with a prefilled "Create entity" link.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.text import slugify

from articles.consistency.reports import FIELD_LABELS, PART_LABELS
from articles.entities.dictionary import CJK
from articles.entities.mentions import iter_text_parts, mentions_in_content
from articles.entities.names import COMMON_WORDS, unknown_names_in
from articles.languages import NATIVE_NAMES, column

_CJK = CJK
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
            for found in unknown_names_in(part.text, covered=covered, known=known):
                name = found.text
                if name in COMMON_WORDS:
                    continue
                counts[name] += 1
                languages.setdefault(name, "zh-hans" if _CJK.search(name) else "en")
    return [
        Suggestion(name, languages[name], count, _create_url(name, languages[name]))
        for name, count in counts.most_common(MAX_SUGGESTIONS)
    ]


def create_entity_url(name, language):
    """The admin's "add entity" form prefilled with ``name`` in ``language``."""
    return _create_url(name, language)


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
