"""
Keeping the index current. The workflow sends its signals once the move has committed, so the
index only ever sees committed state; taxonomy edits are indexed on commit too.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles import signals
from articles.models import Article, Entity, EntityAlias, Tag
from articles.search import index_article, remove_article
from articles.search.segmentation import vocabulary_changed


@receiver(signals.article_published, dispatch_uid="search_article_published")
@receiver(signals.article_unpublished, dispatch_uid="search_article_unpublished")
def reindex_on_publication(sender, article, **kwargs):
    index_article(article)


@receiver(signals.version_changed, dispatch_uid="search_version_changed")
def reindex_on_schedule(sender, version, action, **kwargs):
    # Scheduling a first publication (or taking it back) moves the live pointer without a
    # publish/unpublish signal; the index must hold the article before its time comes, since
    # nothing fires when it does. Edits to a working draft change nothing indexed.
    if action in ("schedule", "unschedule"):
        index_article(Article(pk=version.article_id))


@receiver(post_delete, sender=Article, dispatch_uid="search_article_deleted")
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


@receiver(post_save, sender=Entity, dispatch_uid="search_entity_saved")
@receiver(post_delete, sender=Entity, dispatch_uid="search_entity_deleted")
def entity_changed(sender, instance, **kwargs):
    vocabulary_changed()
    entity_id = instance.pk
    transaction.on_commit(lambda: _reindex_live_articles(entities=entity_id))


@receiver(post_save, sender=EntityAlias, dispatch_uid="search_alias_saved")
@receiver(post_delete, sender=EntityAlias, dispatch_uid="search_alias_deleted")
def alias_changed(sender, instance, **kwargs):
    vocabulary_changed()
    entity_id = instance.entity_id
    transaction.on_commit(lambda: _reindex_live_articles(entities=entity_id))


@receiver(post_save, sender=Tag, dispatch_uid="search_tag_saved")
def tag_changed(sender, instance, created, **kwargs):
    if not created:
        tag_id = instance.pk
        transaction.on_commit(lambda: _reindex_live_articles(tags=tag_id))
