"""The article's stable identity: its slug, counters, publication times and version pointers."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models.addresses import slug_url
from articles.querysets import ArticleQuerySet

slug_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    _("Use lowercase letters, digits and single hyphens (for example chipmaker-opens-fab)."),
)


class Article(models.Model):
    """
    An article as readers know it: one URL, one view count, one publication time.

    Everything an editor edits lives on ``ArticleVersion``. ``live_version`` is what readers see
    (once ``published_at`` has passed); ``draft`` is the working version editors change. Only
    ``articles.workflow`` moves these pointers.
    """

    slug = models.CharField(
        _("slug"),
        max_length=120,
        unique=True,
        validators=[slug_validator],
        help_text=_("The article's address. Once published, changing it leaves a redirect from the old one."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    views = models.PositiveBigIntegerField(_("views"), default=0, editable=False)
    published_at = models.DateTimeField(
        _("first published"),
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("When the article first went (or goes, if scheduled) live."),
    )
    updated_at = models.DateTimeField(
        _("updated"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When a revised version last went live."),
    )
    live_version = models.OneToOneField(
        "articles.ArticleVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="live_for",
        verbose_name=_("live version"),
    )
    draft = models.OneToOneField(
        "articles.ArticleVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="draft_for",
        verbose_name=_("working draft"),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [
            ("publish_article", _("Can approve, publish, schedule, unpublish and restore articles")),
        ]

    def __str__(self):
        version = self.live_version or self.draft
        return (version and version.title) or self.slug

    def get_absolute_url(self):
        return slug_url("articles:detail", self.slug)

    def is_published(self, now=None):
        """The instance form of ``ArticleQuerySet.published()``: keep the two in step."""
        now = now or timezone.now()
        return self.live_version_id is not None and self.published_at is not None and self.published_at <= now

    @property
    def state(self):
        """A label for editors: Live, Live + draft, In review, Scheduled, Draft, Unpublished…"""
        from articles.models.versions import ArticleVersion

        State = ArticleVersion.State
        draft_state = self.draft.state if self.draft_id else None
        if self.live_version_id:
            if self.published_at and self.published_at > timezone.now():
                return ArticleState.SCHEDULED
            if draft_state == State.IN_REVIEW:
                return ArticleState.LIVE_IN_REVIEW
            if draft_state == State.APPROVED:
                return ArticleState.LIVE_SCHEDULED_UPDATE
            if draft_state in (State.DRAFT, State.CHANGES_REQUESTED):
                return ArticleState.LIVE_DRAFT
            return ArticleState.LIVE
        if draft_state == State.IN_REVIEW:
            return ArticleState.IN_REVIEW
        if draft_state == State.CHANGES_REQUESTED:
            return ArticleState.CHANGES_REQUESTED
        if self.published_at:
            return ArticleState.UNPUBLISHED
        return ArticleState.DRAFT


class ArticleState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    SCHEDULED = "scheduled", _("Scheduled")
    LIVE = "live", _("Live")
    LIVE_DRAFT = "live_draft", _("Live + draft")
    LIVE_IN_REVIEW = "live_in_review", _("Live + in review")
    LIVE_SCHEDULED_UPDATE = "live_scheduled_update", _("Live + scheduled update")
    UNPUBLISHED = "unpublished", _("Unpublished")


class SlugRedirect(models.Model):
    """An old slug of a published article; its URL redirects to the current one."""

    old_slug = models.CharField(_("old slug"), max_length=120, unique=True)
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="slug_redirects", verbose_name=_("article")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("slug redirect")
        verbose_name_plural = _("slug redirects")

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug}"
