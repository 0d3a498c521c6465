"""
After-commit work on images, connected in ``ArticlesConfig.ready()``: renditions when a version
is saved or moved, cards when an article's live version changes, logo renditions when an
entity is saved, pruning when an owner is deleted. A failure is logged and the page keeps the
original file (``manage.py make_renditions`` makes what is missing).
"""

import logging

from django.db import transaction

from articles.images import cards, renditions

logger = logging.getLogger(__name__)


def _safely(work, **kwargs):
    try:
        return work(**kwargs)
    except cards.CardFontMissing as error:
        logger.warning("%s", error)
    except Exception:
        logger.exception("Image work %s failed for %s", work.__name__, kwargs)
    return None


def version_changed(sender, version, **kwargs):
    _safely(renditions.version_renditions_make, version=version)


def article_published(sender, article, version, **kwargs):
    """Renditions first (usually made at the draft's save already), then the cards, before the page cache is purged."""
    _safely(renditions.version_renditions_make, version=version)
    _safely(cards.article_cards_make, article=article, version=version)


def entity_saved(sender, instance, **kwargs):
    if not (instance.logo or instance.logo_renditions):
        return  # no logo now and none before
    transaction.on_commit(lambda: _safely(renditions.entity_logo_make, entity=instance))


def owner_deleted(sender, instance, **kwargs):
    """A deleted version or entity: its image's renditions go if nothing else refers to it."""
    names = [getattr(instance, name).name for name in ("image", "logo") if getattr(instance, name, None)]
    for name in names:
        transaction.on_commit(lambda name=name: _safely(renditions.prune, source=name))


def article_deleted(sender, instance, **kwargs):
    """A deleted article: its generated cards go too."""
    pk = instance.pk  # read now: Django clears it once the deletion is done
    transaction.on_commit(lambda: _safely(cards.cards_delete, article_pk=pk))
