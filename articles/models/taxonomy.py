"""Sections, tags and entities: the shared vocabulary articles are filed under."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models.addresses import slug_url


class Section(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(
        _("name"), max_length=80, blank=True, default="", help_text=_("Shown above every article in the section.")
    )
    description = models.TextField(_("description"), blank=True, default="", max_length=1000)
    position = models.PositiveSmallIntegerField(_("position"), default=0, help_text=_("Order in the site navigation."))
    # Changes an editor proposed, waiting for a moderator (articles.review.taxonomy):
    # {"fields": {column: text}, "aliases": [[language, alias], …], "by": username, "at": iso time}.
    proposal = models.JSONField(_("proposed changes"), default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.name or self.slug

    def get_absolute_url(self):
        return slug_url("articles:section", self.slug)


class Tag(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=80, blank=True, default="")
    description = models.TextField(_("description"), blank=True, default="", max_length=1000)
    # Changes an editor proposed, waiting for a moderator (articles.review.taxonomy):
    # {"fields": {column: text}, "aliases": [[language, alias], …], "by": username, "at": iso time}.
    proposal = models.JSONField(_("proposed changes"), default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name or self.slug

    def get_absolute_url(self):
        return slug_url("articles:tag", self.slug)


class Entity(models.Model):
    class Kind(models.TextChoices):
        COMPANY = "company", _("Company")
        PERSON = "person", _("Person")
        PRODUCT = "product", _("Product")
        MODEL = "model", _("Model")
        ORGANIZATION = "organization", _("Organization")
        OTHER = "other", _("Other")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    name = models.CharField(
        _("name"), max_length=120, blank=True, default="", help_text=_("The canonical name in this language.")
    )
    description = models.TextField(_("description"), blank=True, default="", max_length=2000)
    logo = models.ImageField(
        _("logo"),
        upload_to="entities/",
        blank=True,
        max_length=255,
        width_field="logo_width",
        height_field="logo_height",
        help_text=_("Optional. JPEG, PNG or WebP, at least 128 pixels wide, up to 5 MB."),
    )
    logo_width = models.PositiveIntegerField(_("logo width"), null=True, blank=True, editable=False)
    logo_height = models.PositiveIntegerField(_("logo height"), null=True, blank=True, editable=False)
    # Stored renditions of the logo (articles.images), written after commit, read by pages.
    logo_renditions = models.JSONField(_("logo renditions"), default=dict, blank=True, editable=False)

    # Changes an editor proposed, waiting for a moderator (articles.review.taxonomy):
    # {"fields": {column: text}, "aliases": [[language, alias], …], "by": username, "at": iso time}.
    proposal = models.JSONField(_("proposed changes"), default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("entity")
        verbose_name_plural = _("entities")

    def __str__(self):
        return self.name or self.slug

    def get_absolute_url(self):
        return slug_url("articles:entity", self.slug)


class EntityAlias(models.Model):
    """Another name an entity goes by in one language ("Alphabet", "谷歌")."""

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("entity"))
    language = models.CharField(_("language"), max_length=10, choices=[("en", "English"), ("zh-hans", "中文")])
    alias = models.CharField(_("alias"), max_length=120)

    class Meta:
        ordering = ["entity", "language", "alias"]
        verbose_name = _("entity alias")
        verbose_name_plural = _("entity aliases")
        constraints = [
            models.UniqueConstraint(fields=["entity", "language", "alias"], name="unique_entity_alias"),
        ]

    def __str__(self):
        return self.alias
