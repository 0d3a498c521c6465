"""
A version's text and the entity vocabulary in the exchange format's shapes, for the pure-Python
engine (``articles.mentions``, ``articles.checks``).

``version_content`` follows the export rules (docs/article-import.md): per language, the texts
and that language's non-blank rows in position order, so list indexes in findings and stored
mentions count the items a reader of that language sees. ``articles.exporting`` (import/export)
builds the same dict; this module stays the minimal read path the checks and the mention index
need, with its own eager loading.

``entities_payload`` is every entity with its names and aliases, built once per process and
rebuilt when an entity or alias changes: a save or delete in this process clears it at once, and a
generation stamp in the shared cache tells the other processes (one cache read per call).
"""

import threading
import uuid

from django.core.cache import cache
from django.db.models import Prefetch
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles.languages import LANGUAGE_CODES, column
from articles.models import ArticleVersion, Entity, EntityAlias

STAMP_KEY = "articles:entities-payload-stamp"
_lock = threading.Lock()
_payload = {"stamp": None, "entities": None}


def with_content(queryset=None):
    """Eager loading for ``version_content``: every child row and key-data entity in fixed queries."""
    queryset = ArticleVersion.objects.all() if queryset is None else queryset
    return queryset.select_related("article").prefetch_related(
        "tldr_items", "key_data_rows__entity_en", "key_data_rows__entity_zh_hans", "insights", "faq_items",
    )


def _blank(value):
    return value is None or not value.strip()


def version_content(version):
    """
    ``{"en": {...}, "zh-hans": {...}}``: title, summary, analysis, and the non-blank TL;DR items,
    key-data rows (a row with an entity counts), insights and FAQ entries of each language.
    A language in which everything is blank is left out.
    """
    content = {}
    for language in LANGUAGE_CODES:
        def value(obj, name, language=language):
            return getattr(obj, column(name, language)) or ""

        key_data = []
        for row in version.key_data_rows.all():
            entity = getattr(row, column("entity", language))
            if entity is None and _blank(value(row, "info")) and _blank(value(row, "metric")):
                continue
            key_data.append({"entity": entity.slug if entity else None, "info": value(row, "info"), "metric": value(row, "metric")})
        entry = {
            "title": value(version, "title"),
            "summary": value(version, "summary"),
            "tldr": [value(row, "text") for row in version.tldr_items.all() if not _blank(value(row, "text"))],
            "key_data": key_data,
            "analysis": value(version, "analysis"),
            "insights": [value(row, "text") for row in version.insights.all() if not _blank(value(row, "text"))],
            "faq": [
                {"q": value(row, "question"), "a": value(row, "answer")}
                for row in version.faq_items.all()
                if not (_blank(value(row, "question")) and _blank(value(row, "answer")))
            ],
        }
        texts = [entry["title"], entry["summary"], entry["analysis"]]
        if all(_blank(text) for text in texts) and not any(entry[part] for part in ("tldr", "key_data", "insights", "faq")):
            continue
        content[language] = entry
    return content


def entities_payload():
    """
    Every entity as the exchange format writes it — ``{"slug", "kind", "name": {lang: …},
    "aliases": {lang: [...]}}`` — sorted by slug. Cached per process; two queries when rebuilt.
    Treat the result as read-only: it is shared.
    """
    stamp = cache.get(STAMP_KEY)
    if stamp is None:
        stamp = uuid.uuid4().hex
        cache.add(STAMP_KEY, stamp, timeout=None)
        stamp = cache.get(STAMP_KEY) or stamp
    with _lock:
        if _payload["entities"] is not None and _payload["stamp"] == stamp:
            return _payload["entities"]
    entities = _build_payload()
    with _lock:
        _payload.update(stamp=stamp, entities=entities)
    return entities


def entities_by_slug():
    return {entity["slug"]: entity for entity in entities_payload()}


def invalidate_entities_payload():
    """Forget the payload here and in every process sharing the cache."""
    with _lock:
        _payload.update(stamp=None, entities=None)
    cache.set(STAMP_KEY, uuid.uuid4().hex, timeout=None)


def _build_payload():
    entities = Entity.objects.order_by("slug").prefetch_related(
        Prefetch("aliases", queryset=EntityAlias.objects.order_by("language", "alias"))
    )
    payload = []
    for entity in entities:
        names = {language: getattr(entity, column("name", language)) for language in LANGUAGE_CODES}
        aliases = {language: [] for language in LANGUAGE_CODES}
        for alias in entity.aliases.all():
            if alias.language in aliases and alias.alias.strip():
                aliases[alias.language].append(alias.alias.strip())
        payload.append({
            "slug": entity.slug,
            "kind": entity.kind,
            "name": {language: name.strip() for language, name in names.items() if name and name.strip()},
            "aliases": aliases,
        })
    return payload


@receiver(post_save, sender=Entity, dispatch_uid="articles.content.entity_saved")
@receiver(post_delete, sender=Entity, dispatch_uid="articles.content.entity_deleted")
@receiver(post_save, sender=EntityAlias, dispatch_uid="articles.content.alias_saved")
@receiver(post_delete, sender=EntityAlias, dispatch_uid="articles.content.alias_deleted")
def _entities_changed(sender, **kwargs):
    # Forget it here at once (this transaction may read it back), and everywhere once committed:
    # a process rebuilding before the commit would otherwise keep the old rows under a new stamp.
    with _lock:
        _payload.update(stamp=None, entities=None)
    transaction.on_commit(invalidate_entities_payload)

