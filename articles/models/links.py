"""Reader links computed at publication: each article's related articles and section neighbours per language."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleLink(models.Model):
    """
    One link an article page shows in one language: a related article (ranked by ``score``) or a
    candidate previous/next article in its section (nearest first). Rows are rebuilt by
    ``articles.reader.links`` when what is published changes; pages read them in one query.
    """

    class Kind(models.TextChoices):
        RELATED = "related", _("Related")
        PREVIOUS = "previous", _("Previous")
        NEXT = "next", _("Next")

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="reader_links", verbose_name=_("article")
    )
    language = models.CharField(_("language"), max_length=10)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(_("position"))
    target = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="linked_from", verbose_name=_("linked article")
    )
    score = models.PositiveIntegerField(_("score"), default=0)

    class Meta:
        ordering = ["article", "language", "kind", "position"]
        verbose_name = _("article link")
        verbose_name_plural = _("article links")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language", "kind", "position"], name="article_link_unique_position"
            )
        ]
        indexes = [models.Index(fields=["target", "language", "kind"], name="article_link_target")]

    def __str__(self):
        return f"{self.article_id} → {self.target_id} ({self.kind}, {self.language})"


class PageSnapshot(models.Model):
    """
    What a live version's page lists, stored when it is published: its tags, entities and every
    row of its list parts (``articles.reader.snapshots``). The article page reads it with the
    version in one query instead of one query per list; refreshed when a tag or entity changes.
    """

    version = models.OneToOneField(
        "articles.ArticleVersion", on_delete=models.CASCADE, related_name="page_snapshot", verbose_name=_("version")
    )
    data = models.JSONField(_("data"), default=dict)

    class Meta:
        verbose_name = _("page snapshot")
        verbose_name_plural = _("page snapshots")

    def __str__(self):
        return str(self.version_id)
