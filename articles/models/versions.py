"""ArticleVersion and its ordered child rows: everything an editor edits."""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.languages import column, columns
from articles.models.taxonomy import Entity, Section, Tag
from articles.querysets import VersionQuerySet

SCORE_FIELDS = ("hot_score", "quality_score", "impact_score")
# The columns of the covering index listings and the admin's changelist read (see Meta.indexes).
LISTING_KEY_FIELDS = ["id", *columns("title"), "section", "state", *SCORE_FIELDS, "modified_at"]


def score_field(verbose_name, help_text):
    return models.PositiveSmallIntegerField(
        verbose_name, default=50, validators=[MaxValueValidator(100)], help_text=help_text
    )


class ArticleVersion(models.Model):
    """
    One editable state of an article. Versions are never edited once approved: editing a live
    article starts a new draft copied from it (``articles.workflow.copying.version_copy``).
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Approved")
        SUPERSEDED = "superseded", _("Superseded")
        UNPUBLISHED = "unpublished", _("Unpublished")
        DISCARDED = "discarded", _("Discarded")

    EDITABLE_STATES = (State.DRAFT, State.CHANGES_REQUESTED, State.IN_REVIEW)

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="versions", verbose_name=_("article")
    )
    number = models.PositiveIntegerField(_("version number"), default=1, editable=False)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.DRAFT, editable=False, db_index=True
    )
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("based on"),
    )

    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="versions", verbose_name=_("section"))
    title = models.CharField(_("title"), max_length=200, blank=True, default="")
    summary = models.TextField(
        _("summary"),
        blank=True,
        default="",
        max_length=600,
        validators=[MaxLengthValidator(600)],
        help_text=_("One or two sentences shown under the title and in listings."),
    )
    analysis = models.TextField(
        _("analysis"),
        blank=True,
        default="",
        max_length=60000,
        validators=[MaxLengthValidator(60000)],
        help_text=_("Markdown: headings, lists, emphasis, tables, quotes and https links."),
    )
    analysis_html = models.TextField(_("analysis (rendered)"), blank=True, default="", editable=False)

    hot_score = score_field(_("hot"), _("0–100: how much attention the story draws right now."))
    quality_score = score_field(_("quality"), _("0–100: sourcing and depth."))
    impact_score = score_field(_("impact"), _("0–100: how much it matters to the industry."))
    ai_generated = models.BooleanField(
        _("AI-generated (override)"),
        default=False,
        help_text=_(
            "The disclaimer normally follows the provenance record. Tick to say AI helped even though no "
            "pipeline declared it; changing this needs a reason, which is kept in the history."
        ),
    )
    # Where the content came from (articles.provenance): {"origin": "api"|"import"|"newsroom",
    # "client": …, "declaration": {generator, sources, generated_at}, "ingested_at": …}.
    provenance = models.JSONField(_("provenance"), default=dict, blank=True, editable=False)
    # Which fields a person changed after the content came in: {field: {"by": username, "at": iso}}.
    field_edits = models.JSONField(_("edited by the newsroom"), default=dict, blank=True, editable=False)
    # Translations that may be out of date (articles.staleness): {"<part>:<language>": {"from":
    # language changed, "by": username, "at": iso}}, until updated or confirmed. Copied to new drafts.
    stale_translations = models.JSONField(_("translations to update"), default=dict, blank=True, editable=False)
    # The file is never copied: a new draft points at the same file, and replacing the draft's image
    # uploads a new one, so the live version keeps showing its own. Width and height are stored so
    # pages can reserve the image's space without opening the file.
    image = models.ImageField(
        _("lead image"),
        upload_to="articles/%Y/%m/",
        blank=True,
        max_length=255,
        width_field="image_width",
        height_field="image_height",
        help_text=_("Optional. JPEG, PNG or WebP, at least 600 pixels wide, up to 5 MB."),
    )
    image_width = models.PositiveIntegerField(_("image width"), null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(_("image height"), null=True, blank=True, editable=False)
    # The point every crop keeps in view, as fractions of the width and height (0 = left/top).
    image_focus_x = models.FloatField(
        _("focal point (across)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("Click on the preview to set the point crops keep in view."),
    )
    image_focus_y = models.FloatField(
        _("focal point (down)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    # The stored renditions of the image and the generated social cards, written after commit by
    # articles.images (never by a form) and only read by pages: {"source", "focus", "widths",
    # "thumb", "social", "cards"}. Pages check "source" against the image before trusting it.
    image_renditions = models.JSONField(_("image renditions"), default=dict, blank=True, editable=False)
    image_alt = models.CharField(
        _("image description"),
        max_length=250,
        blank=True,
        default="",
        help_text=_("What the image shows, for readers who cannot see it. Required with an image."),
    )
    image_credit = models.CharField(
        _("image credit"),
        max_length=200,
        blank=True,
        default="",
        help_text=_("Photographer or source, shown under the image."),
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="versions", verbose_name=_("tags"))
    entities = models.ManyToManyField(Entity, blank=True, related_name="versions", verbose_name=_("entities"))

    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )
    modified_at = models.DateTimeField(_("modified"), default=timezone.now, editable=False)
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("modified by"),
    )
    # Bumped on every saved edit; a form carrying an older revision is refused (edit conflicts).
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("approved by"),
    )
    go_live_at = models.DateTimeField(
        _("goes live at"),
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("For an approved version: when it becomes (or became) the live version."),
    )
    review_note = models.TextField(_("moderator's note"), blank=True, editable=False)

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["article", "-number"]
        # Editors work on "articles": the versions are how an article is kept, not a second thing
        # to name on screens, breadcrumbs and messages.
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            # What listings and the admin's changelist read of every version they consider (the
            # public rule's titles, the section, the sort keys, the edit time), so they never open
            # the row: on SQLite these columns sit after the analyses, whose overflow pages a row
            # read would walk. Listings then load the full rows of one page only (docs/benchmarks.md, Listings).
            models.Index(fields=LISTING_KEY_FIELDS, name="version_listing_keys"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="unique_version_number"),
            *[
                models.CheckConstraint(
                    condition=models.Q(**{f"{name}__gte": 0, f"{name}__lte": 100}), name=f"{name}_0_100"
                )
                for name in SCORE_FIELDS
            ],
        ]

    def __str__(self):
        return f"{self.title or self.article.slug} (v{self.number}, {self.get_state_display()})"

    @property
    def is_editable(self):
        return self.state in self.EDITABLE_STATES

    @property
    def open_review_note(self):
        """
        The moderator's note while it still asks for something: changes requested, or back in
        draft to make them. Resubmitting answers it (the workflow clears it then; the audit trail
        keeps it), and it never shows on a version in review or approved.
        """
        if self.state in (self.State.CHANGES_REQUESTED, self.State.DRAFT):
            return self.review_note
        return ""


class VersionRow(models.Model):
    """An ordered row of a version; its text is per language and may be blank in one of them."""

    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]


class TldrItem(VersionRow):
    version = models.ForeignKey(
        ArticleVersion, on_delete=models.CASCADE, related_name="tldr_items", verbose_name=_("version")
    )
    text = models.CharField(_("text"), max_length=500, blank=True, default="")

    class Meta(VersionRow.Meta):
        verbose_name = _("TL;DR item")
        verbose_name_plural = _("TL;DR")

    def __str__(self):
        return self.text


class KeyDataRow(VersionRow):
    """
    One row of the Key Data table. Its entity is picked once and shared by every language (each
    page names it in its own language); ``entity_override_zh_hans`` keeps a different Chinese
    entity only where the data says the two languages differ (an import or an editor chose so).
    A row blank in one language while it has text in another is not shown there, entity included.
    """

    version = models.ForeignKey(
        ArticleVersion, on_delete=models.CASCADE, related_name="key_data_rows", verbose_name=_("version")
    )
    entity = models.ForeignKey(
        Entity, on_delete=models.PROTECT, null=True, blank=True, related_name="key_data_rows", verbose_name=_("entity")
    )
    entity_override_zh_hans = models.ForeignKey(
        Entity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="key_data_overrides",
        verbose_name=_("entity in Chinese, where it differs"),
        help_text=_("Leave empty when the Chinese row names the same entity."),
    )
    info = models.CharField(_("key info"), max_length=300, blank=True, default="")
    metric = models.CharField(_("data / metric"), max_length=200, blank=True, default="")

    # The per-language overrides of ``entity``, by language code (the one place that names them).
    ENTITY_OVERRIDES = {"zh-hans": column("entity_override", "zh-hans")}
    ENTITY_COLUMNS = ("entity", *ENTITY_OVERRIDES.values())
    TEXT_FIELDS = ("info", "metric")

    class Meta(VersionRow.Meta):
        verbose_name = _("key data row")
        verbose_name_plural = _("key data")
        constraints = [
            # An override names a different entity than the row's own, and only when the row has one.
            models.CheckConstraint(
                condition=models.Q(entity_override_zh_hans__isnull=True)
                | (models.Q(entity__isnull=False) & ~models.Q(entity_override_zh_hans=models.F("entity"))),
                name="key_data_override_differs",
            ),
        ]

    def __str__(self):
        return self.info

    def has_text(self, language):
        from articles.languages import translated

        return any((translated(self, name, language) or "").strip() for name in self.TEXT_FIELDS)

    def entity_in(self, language):
        """
        The entity this row names in ``language``: the language's override, else the row's entity;
        ``None`` when the row has none or is blank in ``language`` while it has text in another.
        """
        from articles.languages import LANGUAGE_CODES

        if self.entity_id is None:
            return None
        if not self.has_text(language) and any(self.has_text(other) for other in LANGUAGE_CODES):
            return None
        override = self.ENTITY_OVERRIDES.get(language)
        if override and getattr(self, f"{override}_id") is not None:
            return getattr(self, override)
        return self.entity

    @classmethod
    def entity_values(cls, by_language):
        """
        ``{column: entity}`` for a row that names ``by_language[code]`` (an entity or ``None``) in
        each language: one shared entity when they agree or only one names one, an override where
        two differ. Every writer of per-language entities (imports, the migration) goes through it.
        """
        from articles.languages import LANGUAGE_CODES

        # A language without an override column (English) gives the row its entity when it names one.
        order = sorted(LANGUAGE_CODES, key=lambda code: code in cls.ENTITY_OVERRIDES)
        named = [by_language[code] for code in order if by_language.get(code) is not None]
        values = dict.fromkeys(cls.ENTITY_COLUMNS)
        if not named:
            return values
        values["entity"] = named[0]
        for code, name in cls.ENTITY_OVERRIDES.items():
            other = by_language.get(code)
            if other is not None and other != named[0]:
                values[name] = other
        return values


class Insight(VersionRow):
    version = models.ForeignKey(
        ArticleVersion, on_delete=models.CASCADE, related_name="insights", verbose_name=_("version")
    )
    text = models.TextField(_("text"), blank=True, default="", max_length=1500, validators=[MaxLengthValidator(1500)])

    class Meta(VersionRow.Meta):
        verbose_name = _("industry insight")
        verbose_name_plural = _("industry insights")

    def __str__(self):
        return self.text


class FaqItem(VersionRow):
    version = models.ForeignKey(
        ArticleVersion, on_delete=models.CASCADE, related_name="faq_items", verbose_name=_("version")
    )
    question = models.CharField(_("question"), max_length=300, blank=True, default="")
    answer = models.TextField(
        _("answer"), blank=True, default="", max_length=3000, validators=[MaxLengthValidator(3000)]
    )

    class Meta(VersionRow.Meta):
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ")

    def __str__(self):
        return self.question
