"""
Write articles in the exchange format (docs/article-import.md).

The output is deterministic: keys in the documented order, tags and entities sorted by slug,
aliases sorted, each language's non-blank rows in position order. Exporting the same database
twice gives byte-identical files, and what this module writes ``articles.exchange.importing`` reads back
without loss.
"""

import datetime
import json

from django.db.models import Prefetch

from articles import provenance
from articles.languages import LANGUAGE_CODES, translated
from articles.models import Article, ArticleVersion, Entity, EntityAlias
from articles.parts import LIST_PARTS, PARTS, TEXT_PARTS

SCORES = (("hot", "hot_score"), ("quality", "quality_score"), ("impact", "impact_score"))


class ExportError(Exception):
    """An export that cannot be made as asked (an unknown slug, a missing version)."""


def is_blank(value):
    """Blank means NULL, "" or only whitespace: a blank row is not shown in that language."""
    return value is None or (isinstance(value, str) and not value.strip())


def format_time(value):
    """ISO 8601 in UTC with a ``Z``; microseconds only when there are some."""
    return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def names(obj):
    """``{"en": …, "zh-hans": …}`` for the languages in which ``obj.name`` is not blank."""
    result = {}
    for language in LANGUAGE_CODES:
        value = translated(obj, "name", language)
        if not is_blank(value):
            result[language] = value
    return result


def version_content(version):
    """
    The ``content`` object of ``version``: per language, the texts and that language's non-blank
    rows in order. A language in which everything is blank is left out.
    """
    content = {}
    for language in LANGUAGE_CODES:
        body = {}
        for part in PARTS:
            if part.is_list:
                items = (_row_item(part, row, language) for row in getattr(version, part.related_name).all())
                body[part.name] = [item for item in items if item is not None]
            else:
                body[part.name] = translated(version, part.name, language) or ""
        if language_is_blank(body):
            continue
        content[language] = body
    return content


def language_is_blank(body):
    """
    No text in any part of a language's ``content``: the language is left out. A key-data row
    that names only an entity (shown in every language, ``KeyDataRow.entity_in``) is no text.
    """

    def has_text(item):
        if isinstance(item, str):
            return not is_blank(item)
        return any(not is_blank(value) for key, value in item.items() if key != "entity")

    texts_blank = all(is_blank(body[part.name]) for part in TEXT_PARTS)
    return texts_blank and not any(has_text(item) for part in LIST_PARTS for item in body[part.name])


def _row_item(part, row, language):
    """One row of a list part as the exchange format writes it, or ``None`` when it is blank there."""
    if part.text_field:
        text = translated(row, part.text_field, language)
        return None if is_blank(text) else text
    values = {key: translated(row, name, language) for key, name in part.exchange_keys.items()}
    entity = row.entity_in(language) if part.entity_field else None
    if entity is None and all(is_blank(value) for value in values.values()):
        return None
    item = {"entity": entity.slug if entity else None} if part.entity_field else {}
    item.update((key, value or "") for key, value in values.items())
    return item


def version_entities(version):
    """The version's entities plus any a key-data row names, sorted by slug (the format requires both)."""
    entities = {entity.slug: entity for entity in version.entities.all()}
    for row in version.key_data_rows.all():
        for language in LANGUAGE_CODES:
            entity = row.entity_in(language)
            if entity is not None:
                entities.setdefault(entity.slug, entity)
    return [entities[slug] for slug in sorted(entities)]


def version_payload(version):
    """
    What an import compares: everything of a version that the exchange format carries, with
    section, tags and entities by slug. Two versions with equal payloads are the same article text.
    """
    return {
        "section": version.section.slug,
        "scores": {key: getattr(version, field) for key, field in SCORES},
        "ai_generated": version.ai_generated,
        "provenance": provenance.declaration(version),
        "tags": sorted(tag.slug for tag in version.tags.all()),
        "entities": [entity.slug for entity in version_entities(version)],
        "content": version_content(version),
    }


def article_entry(article, version, *, with_times):
    """One article of the exchange format, keys in the documented order."""
    entry = {"slug": article.slug, "section": {"slug": version.section.slug, "name": names(version.section)}}
    if with_times and article.published_at:
        entry["published_at"] = format_time(article.published_at)
        if article.updated_at:
            entry["updated_at"] = format_time(article.updated_at)
    entry["scores"] = {key: getattr(version, field) for key, field in SCORES}
    entry["views"] = article.views
    entry["ai_generated"] = version.ai_generated
    declared = provenance.declaration(version)
    if declared:
        entry["provenance"] = declared
    entry["tags"] = [{"slug": tag.slug, "name": names(tag)} for tag in sorted(version.tags.all(), key=lambda t: t.slug)]
    entry["entities"] = []
    for entity in version_entities(version):
        aliases = {}
        for language in LANGUAGE_CODES:
            found = sorted(alias.alias for alias in entity.aliases.all() if alias.language == language)
            if found:
                aliases[language] = found
        entry["entities"].append({"slug": entity.slug, "kind": entity.kind, "name": names(entity), "aliases": aliases})
    entry["content"] = version_content(version)
    return entry


def versions_for_export():
    """Versions with everything an export reads, in a fixed number of queries."""
    aliases = Prefetch("aliases", queryset=EntityAlias.objects.order_by("language", "alias"))
    rows = []
    for part in LIST_PARTS:
        queryset = part.model.objects.order_by("position", "id")
        if part.entity_field:
            queryset = queryset.select_related(*part.entity_columns).prefetch_related(
                *[f"{name}__aliases" for name in part.entity_columns]
            )
        rows.append(Prefetch(part.related_name, queryset=queryset))
    return ArticleVersion.objects.select_related("section").prefetch_related(
        "tags",
        Prefetch("entities", queryset=Entity.objects.prefetch_related(aliases)),
        *rows,
    )


STATES = ("live", "draft", "all")


def export_entries(*, state="live", slugs=None):
    """
    The exchange-format entries for the articles asked for, sorted by slug.

    ``state="live"``: each article's live version (published or scheduled), with its publication
    times. ``"draft"``: each article's working draft, without times. ``"all"``: the live version
    where there is one, else the working draft. Named ``slugs`` that do not exist, or have no
    version of the asked state, raise ``ExportError``.
    """
    if state not in STATES:
        raise ExportError(f"Unknown state {state!r}: use one of {', '.join(STATES)}.")
    articles = Article.objects.order_by("slug")
    if slugs:
        articles = articles.filter(slug__in=slugs)
        missing = sorted(set(slugs) - set(articles.values_list("slug", flat=True)))
        if missing:
            raise ExportError(f"No article with the slug {', '.join(missing)}.")
    chosen = []
    for article in articles:
        if state == "live":
            version_id, with_times = article.live_version_id, True
        elif state == "draft":
            version_id, with_times = article.draft_id, False
        else:
            with_times = article.live_version_id is not None
            version_id = article.live_version_id or article.draft_id
        if version_id is None:
            if slugs:
                raise ExportError(
                    f"The article {article.slug} has no {'live version' if state == 'live' else 'working draft'}."
                )
            continue
        chosen.append((article, version_id, with_times))
    versions = versions_for_export().in_bulk([version_id for _article, version_id, _with_times in chosen])
    return [
        article_entry(article, versions[version_id], with_times=with_times)
        for article, version_id, with_times in chosen
    ]


def dumps(entries):
    """The file text: a JSON list, two-space indented, UTF-8 characters as they are, final newline."""
    return json.dumps(entries, ensure_ascii=False, indent=2) + "\n"
