"""What the search index holds for an article in one language, taken from its live version."""

from dataclasses import dataclass

from articles.languages import LANGUAGE_CODES, translated
from articles.models import Article
from articles.parts import PARTS, part_texts, row_lookups

# Title and summary are indexed with their own weight; every other part is the body.
BODY_PARTS = tuple(part for part in PARTS if part.name not in ("title", "summary"))


@dataclass(frozen=True)
class Document:
    """
    The searchable text of one article in one language, split by weight: title and entity
    names (with aliases) rank first, summary and tag names next, the rest of the body last.
    ``plain`` is the readable text snippets are cut from.
    """

    article_id: int
    language: str
    published_at: object  # the article's publication time (None before its first): the index's order
    title: str
    entities: str
    summary: str
    tags: str
    body: str
    plain: str


def _text(obj, field, language):
    return (translated(obj, field, language) or "").strip()


def _join(parts):
    return "\n".join(part for part in parts if part)


def articles_for_indexing(article_ids):
    """
    The articles among ``article_ids`` with their live version and everything indexed, in a fixed
    number of queries however many there are.
    """
    return list(
        Article.objects.select_related("live_version")
        .prefetch_related(
            "live_version__tags",
            "live_version__entities__aliases",
            *row_lookups("live_version__", entities=False),
        )
        .filter(pk__in=list(article_ids))
        .order_by("pk")
    )


def article_for_indexing(article_id):
    """The article with its live version and everything indexed, in a fixed number of queries."""
    found = articles_for_indexing([article_id])
    return found[0] if found else None


def article_documents(article):
    """
    One ``Document`` per language the live version has a title in. Drafts are never indexed: an
    article without a live version has no documents.
    """
    version = article.live_version
    if version is None:
        return []
    documents = []
    for language in LANGUAGE_CODES:
        title = _text(version, "title", language)
        if not title:
            continue
        entities = []
        for entity in version.entities.all():
            entities.append(_text(entity, "name", language))
            entities.extend(alias.alias for alias in entity.aliases.all() if alias.language == language)
        summary = _text(version, "summary", language)
        body = _join(text for part in BODY_PARTS for text in part_texts(version, part, language))
        documents.append(
            Document(
                article_id=article.pk,
                language=language,
                published_at=article.published_at,
                title=title,
                entities=_join(entities),
                summary=summary,
                tags=_join(_text(tag, "name", language) for tag in version.tags.all()),
                body=body,
                plain=_join([summary, body]),
            )
        )
    return documents
