"""
The stored index of entity mentions: ``EntityMention`` rows per version, language and part.

Rebuilt for a version when an editor saves it, on every other workflow move that may change its
content (restore, submit…), when it is published (receivers below, run on commit), and for every
version by ``manage.py index_mentions``. Entity pages read the rows of live versions; the admin
shows them on the draft. Rows are written in bulk, ``CHUNK`` versions at a time; the moves of an
import run index each version once, at the end (``reindex_versions``, deferred by the receivers).
"""

from django.db import transaction

from articles.entities.mentions import mentions_in_content
from articles.entities.vocabulary import entities_payload, version_content, with_content
from articles.models import ArticleVersion, Entity, EntityMention
from articles.workflow.after_commit import defer

# Versions whose content can no longer change and that nobody reads any more: not re-indexed on
# a move (their rows stay, for history).
FROZEN_STATES = (ArticleVersion.State.SUPERSEDED, ArticleVersion.State.DISCARDED)
# Versions loaded, searched and written together when indexing many.
CHUNK = 200


def version_mentions(version, *, entities=None):
    """The mentions in every text part of ``version`` (loaded with ``with_content()``)."""
    entities = entities_payload() if entities is None else entities
    return mentions_in_content(content=version_content(version), entities=entities)


@transaction.atomic
def index_version_mentions(*, version, entities=None):
    """Replace the stored mentions of ``version`` with the ones found now; return how many."""
    entities = entities_payload() if entities is None else entities
    mentions = version_mentions(version, entities=entities)
    _store({version.pk: mentions}, {})
    return len(mentions)


def _store(found, slugs):
    """
    Replace the stored mentions of each version in ``found`` (version id → mentions) in bulk.
    ``slugs`` (entity slug → id) is filled in with the entities not looked up yet.
    """
    wanted = {m.entity for mentions in found.values() for m in mentions} - set(slugs)
    if wanted:
        slugs.update(Entity.objects.filter(slug__in=wanted).values_list("slug", "pk"))
    EntityMention.objects.filter(version_id__in=list(found)).delete()
    EntityMention.objects.bulk_create(
        (
            EntityMention(
                version_id=version_id,
                entity_id=slugs[m.entity],
                language=m.language,
                part=m.part,
                index=m.index,
                field=m.field or "",
                start=m.start,
                end=m.end,
                text=m.text[:200],
            )
            for version_id, mentions in found.items()
            for m in mentions
            if slugs.get(m.entity)
        ),
        batch_size=500,
    )


def index_mentions(*, versions=None):
    """Re-index ``versions`` (every version by default); return (versions, mentions) counted."""
    queryset = with_content(versions if versions is not None else ArticleVersion.objects.all()).order_by("pk")
    entities = entities_payload()
    counted = [0, 0]
    found, slugs = {}, {}
    for version in queryset.iterator(chunk_size=CHUNK):
        found[version.pk] = version_mentions(version, entities=entities)
        counted[0] += 1
        counted[1] += len(found[version.pk])
        if len(found) == CHUNK:
            with transaction.atomic():
                _store(found, slugs)
            found = {}
    with transaction.atomic():
        _store(found, slugs)
    return tuple(counted)


def reindex_versions(version_ids):
    """
    Re-index the versions among ``version_ids`` that can still change (not ``FROZEN_STATES``):
    their text loaded with a fixed number of queries per ``CHUNK``, the vocabulary read once, the old
    rows deleted and the new ones written in bulk. Returns the number of versions indexed.
    """
    ids = sorted(version_ids)
    entities = entities_payload()
    slugs = {}
    indexed = 0
    for start in range(0, len(ids), CHUNK):
        versions = list(
            with_content(ArticleVersion.objects.filter(pk__in=ids[start : start + CHUNK]))
            .exclude(state__in=FROZEN_STATES)
            .order_by("pk")
        )
        found = {version.pk: version_mentions(version, entities=entities) for version in versions}
        with transaction.atomic():
            _store(found, slugs)
        indexed += len(versions)
    return indexed


def _reindex(version):
    # Once per version at the end of a coalesced batch (an import run), at once otherwise.
    defer("mention index", reindex_versions, [version.pk])


def _version_changed(sender, version, **kwargs):
    _reindex(version)


def _article_published(sender, version, **kwargs):
    _reindex(version)
