"""
Keeping the index current. The workflow sends its signals once the move has committed, so the
index only ever sees committed state; taxonomy edits are indexed on commit too. The work is
``defer``red: done at once for a single move, once per article at the end of a coalesced batch
(an import run; ``articles.workflow.after_commit``).
"""

from articles.models import Article
from articles.search import index_articles, remove_article
from articles.workflow.after_commit import defer, when_committed


def _reindex(article_ids):
    defer("search index", index_articles, article_ids)


def reindex_on_publication(sender, article, **kwargs):
    _reindex([article.pk])


def reindex_on_schedule(sender, version, action, **kwargs):
    # Scheduling a first publication (or taking it back) moves the live pointer without a
    # publish/unpublish signal; the index must hold the article before its time comes, since
    # nothing fires when it does. A new address changes the indexed link. Edits to a working draft
    # change nothing indexed.
    if action in ("schedule", "unschedule", "change_slug"):
        _reindex([version.article_id])


def remove_deleted(sender, instance, **kwargs):
    remove_article(instance)


def _reindex_live_articles(**version_filter):
    ids = list(
        Article.objects.filter(
            live_version__isnull=False, **{f"live_version__{k}": v for k, v in version_filter.items()}
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    if ids:
        _reindex(ids)


def entity_changed(sender, instance, **kwargs):
    # The segmenter's words follow the entity vocabulary, invalidated by its own receiver.
    entity_id = instance.pk
    when_committed(lambda: _reindex_live_articles(entities=entity_id))


def alias_changed(sender, instance, **kwargs):
    entity_id = instance.entity_id
    when_committed(lambda: _reindex_live_articles(entities=entity_id))


def tag_changed(sender, instance, created, **kwargs):
    if not created:
        tag_id = instance.pk
        when_committed(lambda: _reindex_live_articles(tags=tag_id))
