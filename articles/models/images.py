"""Renditions: every resized, re-encoded or generated image file, made once and kept on storage."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Rendition(models.Model):
    """
    One stored file made from a source (``articles.images.renditions``): a width of an uploaded
    image in one format, a focal-point crop, or a generated social card. ``source`` is the
    original's storage name (``card:<article id>`` for cards); ``spec`` says what was made from
    it. The pair is unique, so each rendition is made once whoever asks for it.
    """

    source = models.CharField(_("source"), max_length=255, db_index=True)
    spec = models.CharField(_("specification"), max_length=80)
    file = models.FileField(_("file"), max_length=255)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    format = models.CharField(_("format"), max_length=10)
    size = models.PositiveIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["source", "spec"]
        verbose_name = _("rendition")
        verbose_name_plural = _("renditions")
        constraints = [models.UniqueConstraint(fields=["source", "spec"], name="unique_rendition_spec")]

    def __str__(self):
        return f"{self.source} [{self.spec}]"

    def as_entry(self):
        """What a page needs to print it, kept on the image's owner: storage name, width, height, format."""
        return {"name": self.file.name, "width": self.width, "height": self.height, "format": self.format}
