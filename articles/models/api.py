"""API clients' tokens and the record of every draft they submitted (for idempotent retries)."""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX_LENGTH = 8


def token_hash(secret):
    """SHA-256 of the token: tokens are long random strings, so a fast hash is enough to store."""
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """
    One API client's credential. Only a hash is stored; the plain token (``nr_<prefix>_<secret>``)
    is shown once, when it is issued. The prefix finds the row without scanning every hash.
    """

    class Scope(models.TextChoices):
        SUBMIT_DRAFTS = "submit_drafts", _("Submit drafts")

    client_name = models.CharField(
        _("client name"), max_length=100, help_text=_("Who uses this token, for example the drafting pipeline.")
    )
    prefix = models.CharField(_("prefix"), max_length=TOKEN_PREFIX_LENGTH, unique=True, editable=False)
    hashed_token = models.CharField(_("hashed token"), max_length=64, editable=False)
    scope = models.CharField(_("scope"), max_length=30, choices=Scope.choices, default=Scope.SUBMIT_DRAFTS)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.client_name} ({self.prefix}…)"

    @classmethod
    def issue(cls, *, client_name, by=None, scope=Scope.SUBMIT_DRAFTS):
        """Create a token; return ``(token, plain)``. ``plain`` is never stored."""
        while True:
            prefix = secrets.token_hex(TOKEN_PREFIX_LENGTH // 2)
            if not cls.objects.filter(prefix=prefix).exists():
                break
        secret = secrets.token_urlsafe(32)
        plain = f"nr_{prefix}_{secret}"
        token = cls.objects.create(
            client_name=client_name, prefix=prefix, hashed_token=token_hash(plain), scope=scope, created_by=by
        )
        return token, plain

    @classmethod
    def authenticate(cls, plain):
        """The active token whose plain text is ``plain``, or None."""
        parts = (plain or "").split("_")
        if len(parts) < 3 or parts[0] != "nr":
            return None
        token = cls.objects.active().filter(prefix=parts[1]).first()
        if token is None or not hmac.compare_digest(token.hashed_token, token_hash(plain)):
            return None
        return token

    @property
    def is_active(self):
        return self.revoked_at is None


class ApiSubmission(models.Model):
    """
    One draft a client submitted: what it sent (by hash), under which ``Idempotency-Key``, and the
    answer it got, so a retry with the same key gets the same answer and changes nothing.
    """

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="submissions", verbose_name=_("token"))
    idempotency_key = models.CharField(_("idempotency key"), max_length=200, blank=True)
    payload_hash = models.CharField(_("payload hash"), max_length=64)
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("article"),
    )
    status_code = models.PositiveSmallIntegerField(_("status code"))
    response = models.JSONField(_("response"), default=dict)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API submission")
        verbose_name_plural = _("API submissions")
        constraints = [
            models.UniqueConstraint(
                fields=["token", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="unique_idempotency_key_per_token",
            )
        ]

    def __str__(self):
        return f"{self.token.client_name}: {self.status_code}"
