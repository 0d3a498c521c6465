"""
Keeping the index current. The workflow sends its signals once the move has committed, so the
index only ever sees committed state; taxonomy edits are indexed on commit too.
"""

from django.db import transaction

from articles.models import Article
from articles.search import index_article, remove_article


def reindex_on_publication(sender, article, **kwargs):
    index_article(article)


def reindex_on_schedule(sender, version, action, **kwargs):
    # Scheduling a first publication (or taking it back) moves the live pointer without a
    # publish/unpublish signal; the index must hold the article before its time comes, since
    # nothing fires when it does. A new address changes the indexed link. Edits to a working draft
    # change nothing indexed.
    if action in ("schedule", "unschedule", "change_slug"):
        index_article(Article(pk=version.article_id))


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
    for article_id in ids:
        index_article(Article(pk=article_id))


def entity_changed(sender, instance, **kwargs):
    # The segmenter's words follow the entity vocabulary, invalidated by its own receiver.
    entity_id = instance.pk
    transaction.on_commit(lambda: _reindex_live_articles(entities=entity_id))


def alias_changed(sender, instance, **kwargs):
    entity_id = instance.entity_id
    transaction.on_commit(lambda: _reindex_live_articles(entities=entity_id))


def tag_changed(sender, instance, created, **kwargs):
    if not created:
        tag_id = instance.pk
        transaction.on_commit(lambda: _reindex_live_articles(tags=tag_id))
