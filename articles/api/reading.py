"""
The read-only content API. Every query starts from ``Article.objects.published()`` /
``public(language)``, the one rule of what readers may see, and costs a fixed number of queries
whatever the number of articles, tags or rows.
"""

import base64
import binascii
import datetime
import json

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import override

from articles import provenance
from articles.languages import LANGUAGE_CODES, column
from articles.models import Article, ArticleVersion, Entity, Section, Tag
from articles.reader.presentation import article_page_context, available_languages
from articles.reader.ranking import sort_articles
from articles.reader.snapshots import attach_page_parts

SORT_FIELDS = {"latest": None, "quality": "live_version__quality_score", "impact": "live_version__impact_score"}


class BadCursor(ValueError):
    pass


def names(obj, field="name"):
    return {code: value for code in LANGUAGE_CODES if (value := (getattr(obj, column(field, code)) or "").strip())}


def named(obj, language):
    return {"slug": obj.slug, "name": (getattr(obj, column("name", language)) or "").strip() or obj.slug}


def article_url(request, slug, language):
    with override(language):
        return request.build_absolute_uri(reverse("articles:detail", kwargs={"slug": slug}))


def provenance_out(version, language):
    with override(language):
        found = provenance.disclaimer(version)
    return {
        "disclaimer": {"kind": found["kind"], "text": str(found["text"])},
        "generator": found["generator"],
        "sources": list((provenance.declaration(version) or {}).get("sources", [])),
    }


# Cursors: opaque to clients, base64 of the last item's sort key (keyset), or of an offset for
# "trending", whose value moves with the clock.


def encode_cursor(data):
    return base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(cursor, sort):
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError) as error:
        raise BadCursor(cursor) from error
    if not isinstance(data, dict) or data.get("s") != sort:
        raise BadCursor(cursor)
    try:
        if sort == "trending":
            offset = int(data["o"])
            if offset < 0:
                raise ValueError
            return {"offset": offset}
        return {
            "score": None if data.get("v") is None else int(data["v"]),
            "published_at": datetime.datetime.fromisoformat(data["p"]),
            "pk": int(data["i"]),
        }
    except (KeyError, TypeError, ValueError) as error:
        raise BadCursor(cursor) from error


def _after(queryset, sort, position):
    """Articles after ``position`` in ``sort`` order (descending score, then time, then id)."""
    field = SORT_FIELDS[sort]
    older = Q(published_at__lt=position["published_at"]) | Q(
        published_at=position["published_at"], pk__lt=position["pk"]
    )
    if field is None:
        return queryset.filter(older)
    return queryset.filter(Q(**{f"{field}__lt": position["score"]}) | (Q(**{field: position["score"]}) & older))


def articles_page(*, language, section=None, tag=None, entity=None, since=None, sort="latest", cursor=None, limit=20):
    """
    ``(articles, next_cursor)``: public articles in ``language`` with the filters, in ``sort``
    order. Unknown section/tag/entity slugs give an empty page. Raises ``BadCursor``.
    """
    queryset = Article.objects.public(language)
    if section:
        queryset = queryset.filter(live_version__section__slug=section)
    if tag:
        tagged = ArticleVersion.tags.through.objects.filter(
            articleversion_id=OuterRef("live_version_id"), tag__slug=tag
        )
        queryset = queryset.filter(Exists(tagged))
    if entity:
        found = Entity.objects.filter(slug=entity).first()
        if found is None:
            return [], None
        queryset = queryset.about_entity(found)
    if since:
        queryset = queryset.filter(Q(published_at__gte=since) | Q(updated_at__gte=since))
    position = decode_cursor(cursor, sort) if cursor else None
    offset = 0
    if position and sort == "trending":
        offset = position["offset"]
    elif position:
        queryset = _after(queryset, sort, position)
    ordered = sort_articles(queryset.for_listing(), sort)
    found = list(ordered[offset : offset + limit + 1])
    items, more = found[:limit], len(found) > limit
    next_cursor = None
    if more:
        if sort == "trending":
            next_cursor = encode_cursor({"s": sort, "o": offset + limit})
        else:
            last = items[-1]
            field = SORT_FIELDS[sort]
            next_cursor = encode_cursor(
                {
                    "s": sort,
                    "v": getattr(last.live_version, field.removeprefix("live_version__")) if field else None,
                    "p": last.published_at.isoformat(),
                    "i": last.pk,
                }
            )
    return items, next_cursor


def article_item(request, article, language):
    version = article.live_version
    return {
        "slug": article.slug,
        "language": language,
        "url": article_url(request, article.slug, language),
        "title": (getattr(version, column("title", language)) or "").strip(),
        "summary": (getattr(version, column("summary", language)) or "").strip(),
        "section": named(version.section, language),
        "tags": [named(tag, language) for tag in version.tags.all()],
        "published_at": article.published_at,
        "updated_at": article.updated_at,
        "scores": {"hot": version.hot_score, "quality": version.quality_score, "impact": version.impact_score},
        "provenance": provenance_out(version, language),
    }


def article_detail(request, slug, language=None):
    """The published article in ``language`` (or every language it has), or None."""
    article = Article.objects.published().for_page().filter(slug=slug).first()
    if article is None:
        return None
    # Tags, entities and rows from the page snapshot stored at publication, as the article page.
    version = attach_page_parts(article.live_version)
    languages = [code for code in available_languages(version) if language in (None, code)]
    if not languages:
        return None
    texts = {}
    for code in languages:
        body = article_page_context(article=article, version=version, language=code)
        texts[code] = {
            "url": article_url(request, article.slug, code),
            "title": body["title"],
            "summary": body["summary"],
            "analysis_html": str(body["analysis_html"]),
            "tldr": body["tldr"],
            "key_data": [
                {
                    "entity": {"slug": row["entity"]["slug"], "name": row["entity"]["name"]} if row["entity"] else None,
                    "info": row["info"],
                    "metric": row["metric"],
                }
                for row in body["key_data"]
            ],
            "insights": body["insights"],
            "faq": body["faq"],
            "section": named(version.section, code),
            "tags": [named(tag, code) for tag in version.tags.all()],
            "entities": [named(entity, code) for entity in version.entities.all()],
            "provenance": provenance_out(version, code),
        }
    return {
        "slug": article.slug,
        "published_at": article.published_at,
        "updated_at": article.updated_at,
        "views": article.views,
        "scores": {"hot": version.hot_score, "quality": version.quality_score, "impact": version.impact_score},
        "languages": texts,
    }


def sections():
    return [{"slug": s.slug, "name": names(s), "description": names(s, "description")} for s in Section.objects.all()]


def tags():
    """Tags of published articles only: a tag used only by drafts may name something not yet public."""
    live = Article.objects.published().filter(live_version__tags=OuterRef("pk"))
    return [{"slug": t.slug, "name": names(t)} for t in Tag.objects.filter(Exists(live)).order_by("slug")]


def entity_detail(slug):
    """An entity that published articles list or mention, or None."""
    entity = Entity.objects.prefetch_related("aliases").filter(slug=slug).first()
    if entity is None or not Article.objects.published().about_entity(entity).exists():
        return None
    aliases = {}
    for alias in entity.aliases.all():
        aliases.setdefault(alias.language, []).append(alias.alias)
    return {
        "slug": entity.slug,
        "kind": entity.kind,
        "name": names(entity),
        "aliases": aliases,
        "description": names(entity, "description"),
    }
