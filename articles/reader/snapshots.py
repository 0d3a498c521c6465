"""
Page snapshots: a live version's tags, entities and list rows stored as one JSON document
(``PageSnapshot``), so the article page loads them with the version in the same query.

``attach_page_parts(version)`` makes ``version.tags.all()``, ``version.tldr_items.all()``,
``row.entity``… answer from the snapshot without a query, exactly as the prefetching of
``Article.objects.for_detail()`` would; a version without a snapshot (published before they
existed, or just now and not yet stored) is prefetched the usual way, so a page is never wrong.

A snapshot is stored on commit of the publication (``store_on_publication``) and refreshed when
a tag or an entity it names changes or goes (``tag_or_entity_changed``, on commit), when its
section is saved (``section_changed``) and when the article's address changes: the last two for
the page shell it holds (``articles.reader.shell``), which is not used while they differ.
``rebuild_snapshots`` stores one for every live version (``manage.py rebuild_reader_links``).

A snapshot also holds the page's **fragments**: the parts of ``article_body.html`` that depend
only on the version and the language (``articles/includes/article_heading.html``: title, summary,
scores; ``article_text.html``: the analysis parts, disclaimer, tags), rendered when it is stored,
so a page prints them instead of rendering them per request. What depends on the request or the
clock (relative times, views, the lead image's renditions, links, the site header) is rendered
per request. Fragments are used only when their ``render_key()`` is this process's: a change to
those templates or to the translations makes the page render them again until the snapshots
are rebuilt (``manage.py rebuild_reader_links``), so a page is never stale after a deploy.
"""

import functools
import hashlib
from pathlib import Path

import django
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import FileField, prefetch_related_objects
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import override

from articles.languages import LANGUAGE_CODES
from articles.models import Article, ArticleVersion, Entity, PageSnapshot, Tag
from articles.parts import LIST_PARTS, row_lookups
from articles.workflow.after_commit import defer

# 2: a key-data row's one entity and its overrides (``entity_id``…) instead of one per language.
FORMAT = 2
# The templates rendered into a snapshot's fragments, by fragment name.
FRAGMENT_TEMPLATES = {
    "heading": "articles/includes/article_heading.html",
    "text": "articles/includes/article_text.html",
}
# Templates those include: part of the render key too.
FRAGMENT_INCLUDES = ("includes/scores.html", "includes/picture.html")
# Bump when what ``article_page_context`` gives the fragment templates changes shape.
FRAGMENT_FORMAT = 1


def _values(obj):
    """The object's column values as the database holds them (a file field's is its name)."""
    values = {}
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        values[field.attname] = (value.name or "") if isinstance(field, FileField) else value
    return values


def _instance(model, values):
    names = [field.attname for field in model._meta.concrete_fields]
    return model.from_db(DEFAULT_DB_ALIAS, names, [values.get(name) for name in names])


def snapshot_data(version):
    """The snapshot of ``version`` (loaded with tags, entities and rows prefetched, or not)."""
    data = {
        "format": FORMAT,
        "tags": [_values(tag) for tag in version.tags.all()],
        "entities": [_values(entity) for entity in version.entities.all()],
        "entity_refs": {},
    }
    refs = {}
    for part in LIST_PARTS:
        rows = []
        for row in getattr(version, part.related_name).all():
            rows.append(_values(row))
            for column in part.entity_columns:
                entity = getattr(row, column)
                if entity is not None:
                    refs[str(entity.pk)] = _values(entity)
        data[part.related_name] = rows
    data["entity_refs"] = refs
    # What each language's page shows, built once: the fragments and the shell both render it.
    bodies = page_bodies(version)
    data["fragments"] = page_fragments(version, bodies)
    data["fragments_key"] = render_key()
    # The whole page around the fragments (articles.reader.shell), with the stamp it is valid for.
    from articles.reader import shell

    data["shells"] = shell.render_shells(version, bodies)
    data["shell_stamp"] = shell.stamp(version.article, version)
    return data


@functools.cache
def render_key():
    """
    What the stored fragments were rendered with: their templates' source, the compiled
    translations and Django's version. Computed once per process; a snapshot rendered with
    another key is not printed (its fragments are rendered again per request).
    """
    digest = hashlib.sha256(f"{FRAGMENT_FORMAT}:{django.__version__}".encode())
    for name in (*FRAGMENT_TEMPLATES.values(), *FRAGMENT_INCLUDES):
        digest.update(get_template(name).template.source.encode())
    for directory in settings.LOCALE_PATHS:
        for path in sorted(Path(directory).glob("*/LC_MESSAGES/*.mo")):
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def page_bodies(version):
    """``{language: article_page_context(…)}`` of ``version`` (rows loaded) in every language."""
    from articles.reader.presentation import article_page_context

    return {
        language: article_page_context(article=version.article, version=version, language=language)
        for language in LANGUAGE_CODES
    }


def page_fragments(version, bodies=None):
    """``{language: {fragment: html}}`` for ``version`` in each language it has (rows loaded)."""
    if bodies is None:
        bodies = page_bodies(version)
    templates = {name: get_template(template) for name, template in FRAGMENT_TEMPLATES.items()}
    fragments = {}
    for language, body in bodies.items():
        if not body["available"]:
            continue
        with override(language):
            fragments[language] = {name: template.render({"body": body}) for name, template in templates.items()}
    return fragments


def stored_fragments(version, language):
    """The fragments stored for ``version`` in ``language`` (safe HTML), or None to render them."""
    fragments = getattr(version, "_page_fragments", None)
    if not fragments or language not in fragments:
        return None
    return {name: mark_safe(html) for name, html in fragments[language].items()}  # noqa: S308 - rendered by us


def attach_page_parts(version):
    """Fill ``version``'s related lists from its snapshot, or prefetch them; return ``version``."""
    try:
        snapshot = version.page_snapshot
    except PageSnapshot.DoesNotExist:
        snapshot = None
    if snapshot is None or snapshot.data.get("format") != FORMAT:
        prefetch_related_objects([version], "tags", "entities", *row_lookups())
        return version
    data = snapshot.data
    cache = {
        "tags": [_instance(Tag, values) for values in data["tags"]],
        "entities": [_instance(Entity, values) for values in data["entities"]],
    }
    refs = {pk: _instance(Entity, values) for pk, values in data["entity_refs"].items()}
    for part in LIST_PARTS:
        model = part.model
        rows = []
        for values in data[part.related_name]:
            row = _instance(model, values)
            row.version = version
            for column in part.entity_columns:
                entity_id = values.get(f"{column}_id")
                setattr(row, column, refs.get(str(entity_id)) if entity_id is not None else None)
            rows.append(row)
        cache[part.related_name] = rows
    version._prefetched_objects_cache = cache
    if data.get("fragments_key") == render_key():
        version._page_fragments = data.get("fragments")
    return version


def store_snapshots(version_ids):
    """Store (or replace) the snapshot of each version in ``version_ids``."""
    versions = (
        ArticleVersion.objects.filter(pk__in=list(version_ids))
        .select_related("article", "section")
        .prefetch_related("tags", "entities")
        .with_rows()
    )
    for version in versions:
        PageSnapshot.objects.update_or_create(version=version, defaults={"data": snapshot_data(version)})


def store_live_snapshots(article_ids):
    """Store the snapshot of the live version of each article in ``article_ids`` that has one."""
    live = Article.objects.filter(pk__in=list(article_ids), live_version__isnull=False)
    ids = list(live.values_list("live_version_id", flat=True))
    if ids:
        store_snapshots(ids)


def store_on_publication(sender, article, version, **kwargs):
    # At once for a single move; once per article at the end of a coalesced batch (an import run).
    defer("page snapshots", store_live_snapshots, [article.pk])


def store_on_schedule(sender, version, action, **kwargs):
    # A new address is part of the page shell's stamp (articles.reader.shell): store it again.
    if action in ("schedule", "change_slug"):
        store_on_publication(sender, article=version.article, version=version)


def section_changed(sender, instance, **kwargs):
    """A renamed section: store again, once committed, the snapshots (page shells) of its live articles."""
    if kwargs.get("created"):
        return
    ids = set(ArticleVersion.objects.filter(live_for__isnull=False, section=instance).values_list("pk", flat=True))
    if ids:
        transaction.on_commit(lambda: store_snapshots(ids))


def _live_versions_naming(*, tag=None, entity=None):
    live = ArticleVersion.objects.filter(live_for__isnull=False)
    if tag is not None:
        return set(live.filter(tags=tag).values_list("pk", flat=True))
    ids = set(live.filter(entities=entity).values_list("pk", flat=True))
    for part in LIST_PARTS:
        for column in part.entity_columns:
            ids.update(live.filter(**{f"{part.related_name}__{column}": entity}).values_list("pk", flat=True))
    return ids


def tag_or_entity_changed(sender, instance, **kwargs):
    """A renamed or deleted tag or entity: refresh the snapshots that name it, once committed."""
    if instance.pk is None or kwargs.get("created"):
        return
    ids = _live_versions_naming(**{"tag" if sender is Tag else "entity": instance})
    if ids:
        transaction.on_commit(lambda: _store_and_purge(ids))


def _store_and_purge(ids):
    from articles.reader import page_cache

    store_snapshots(ids)
    page_cache.purge()  # pages cached before the snapshots changed


def rebuild_snapshots(*, progress=None, batch=200):
    """Store a snapshot for every live version; return how many."""
    ids = list(Article.objects.filter(live_version__isnull=False).values_list("live_version_id", flat=True))
    for start in range(0, len(ids), batch):
        store_snapshots(ids[start : start + batch])
        if progress:
            progress(min(start + batch, len(ids)), len(ids))
    return len(ids)
