"""Compact snapshots of a draft's content at each saved revision, for edit-conflict diffs."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class VersionRevision(models.Model):
    """
    The content of ``version`` as it was at ``revision`` (see ``ArticleVersion.revision``).

    Written when an editor saves (and when a draft is first opened), read when a save from a
    stale form is refused, to show what changed between the form's revision and now. Kept in
    the database rather than the cache because an evicted snapshot would make the diff vanish.
    """

    version = models.ForeignKey(
        "articles.ArticleVersion", on_delete=models.CASCADE, related_name="revisions", verbose_name=_("version")
    )
    revision = models.PositiveIntegerField(_("revision"))
    content = models.JSONField(_("content"), default=dict)
    saved_at = models.DateTimeField(_("saved"), default=timezone.now)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saved by"),
    )

    class Meta:
        ordering = ["version", "-revision"]
        verbose_name = _("saved revision")
        verbose_name_plural = _("saved revisions")
        constraints = [models.UniqueConstraint(fields=["version", "revision"], name="unique_version_revision")]

    def __str__(self):
        return f"{self.version_id}@{self.revision}"
