"""
A version's text and the entity vocabulary in the exchange format's shapes, for the pure-Python
engine (``articles.entities.mentions``, ``articles.consistency.engine``).

``version_content`` is ``articles.exchange.exporting.version_content`` (one definition of the shape): per
language, the texts and that language's non-blank rows in position order, so list indexes in
findings and stored mentions count the items a reader of that language sees. ``with_content``
is the eager loading it needs.

``entities_payload`` is every entity with its names and aliases, built once per process and
rebuilt when an entity or alias changes: a save or delete in this process clears it at once, and a
generation stamp in the shared cache tells the other processes (one cache read per call).
"""

import threading
import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models import Prefetch

from articles.caching import guarded
from articles.exchange.exporting import version_content
from articles.languages import LANGUAGE_CODES, translated
from articles.models import ArticleVersion, Entity, EntityAlias

__all__ = ["entities_payload", "entities_by_slug", "invalidate_entities_payload", "version_content", "with_content"]

STAMP_KEY = "articles:entities-payload-stamp"
_lock = threading.Lock()
_payload = {"stamp": None, "entities": None}


def with_content(queryset=None):
    """Eager loading for ``version_content``: every child row and key-data entity in fixed queries."""
    queryset = ArticleVersion.objects.all() if queryset is None else queryset
    return queryset.select_related("article").with_rows()


def entities_payload():
    """
    Every entity as the exchange format writes it — ``{"slug", "kind", "name": {lang: …},
    "aliases": {lang: [...]}}`` — sorted by slug. Cached per process; two queries when rebuilt.
    Treat the result as read-only: it is shared.
    """
    stamp = _shared_stamp()
    with _lock:
        if stamp is not None and _payload["entities"] is not None and _payload["stamp"] == stamp:
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
    # A cache outage: skipped (articles.caching); every call rebuilds until the cache is back.
    guarded(lambda: cache.set(STAMP_KEY, uuid.uuid4().hex, timeout=None))


def _shared_stamp():
    """The generation stamp all processes share; None when the cache is unreachable (no caching then)."""

    def read():
        stamp = cache.get(STAMP_KEY)
        if stamp is None:
            cache.add(STAMP_KEY, uuid.uuid4().hex, timeout=None)
            stamp = cache.get(STAMP_KEY)
        return stamp

    return guarded(read)  # an outage (down, or hung: one socket timeout) degrades to rebuilding, never to an error


def _build_payload():
    entities = Entity.objects.order_by("slug").prefetch_related(
        Prefetch("aliases", queryset=EntityAlias.objects.order_by("language", "alias"))
    )
    payload = []
    for entity in entities:
        names = {language: translated(entity, "name", language) for language in LANGUAGE_CODES}
        aliases = {language: [] for language in LANGUAGE_CODES}
        for alias in entity.aliases.all():
            if alias.language in aliases and alias.alias.strip():
                aliases[alias.language].append(alias.alias.strip())
        payload.append(
            {
                "slug": entity.slug,
                "kind": entity.kind,
                "name": {language: name.strip() for language, name in names.items() if name and name.strip()},
                "aliases": aliases,
            }
        )
    return payload


def _entities_changed(sender, **kwargs):
    # Forget it here at once (this transaction may read it back), and everywhere once committed:
    # a process rebuilding before the commit would otherwise keep the old rows under a new stamp.
    with _lock:
        _payload.update(stamp=None, entities=None)
    transaction.on_commit(invalidate_entities_payload)
