"""
State that must survive a cache failure: the publication generation that every cached reader
page is keyed by, and the durable record of work to do after a move has committed.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PublicationGeneration(models.Model):
    """
    One row: a number bumped, in the same transaction, by every move that changes what readers
    see. Every cached reader page is keyed by it, so a committed unpublish misses every cache at
    once, whatever the cache server was doing (down during the move, restored from a snapshot,
    one in-process cache per worker).
    """

    value = models.BigIntegerField(_("generation"), default=0)

    class Meta:
        verbose_name = _("publication generation")
        verbose_name_plural = _("publication generations")

    def __str__(self):
        return str(self.value)


class AfterCommitJob(models.Model):
    """
    Work owed after a committed move (search index, mention index, page cache), written in the
    move's own transaction and deleted once its receivers all succeeded. A row left behind (the
    connection dropped after the commit, a receiver failed) is run again by ``publish_scheduled``
    and ``repair``; every receiver is idempotent.
    """

    signal = models.CharField(_("signal"), max_length=40)
    action = models.CharField(_("action"), max_length=40)
    article_id = models.BigIntegerField(_("article"))
    version_id = models.BigIntegerField(_("version"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("after-commit job")
        verbose_name_plural = _("after-commit jobs")

    def __str__(self):
        return f"{self.signal}:{self.action} article {self.article_id}"
