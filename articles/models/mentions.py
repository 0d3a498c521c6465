"""Entity mentions found in a version's text, stored per version and language."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EntityMention(models.Model):
    version = models.ForeignKey(
        "articles.ArticleVersion", on_delete=models.CASCADE, related_name="mentions", verbose_name=_("version")
    )
    entity = models.ForeignKey(
        "articles.Entity", on_delete=models.CASCADE, related_name="mentions", verbose_name=_("entity")
    )
    language = models.CharField(_("language"), max_length=10)
    part = models.CharField(_("part"), max_length=20)
    index = models.PositiveSmallIntegerField(_("item"), null=True, blank=True)
    field = models.CharField(_("field"), max_length=20, blank=True)
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    text = models.CharField(_("text"), max_length=200)

    class Meta:
        ordering = ["version", "language", "part", "index", "start"]
        verbose_name = _("entity mention")
        verbose_name_plural = _("entity mentions")
        indexes = [models.Index(fields=["entity", "language"])]

    def __str__(self):
        return self.text
