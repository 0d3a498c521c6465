"""API tokens: issued here (the plain token is shown once), revoked here, last use shown."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.admin.forms import PlainTextForm
from articles.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    form = PlainTextForm
    list_display = ("client_name", "prefix", "scope", "status", "last_used_at", "created_by", "created_at")
    list_filter = ("scope",)
    search_fields = ("client_name", "prefix")
    readonly_fields = ("prefix", "status", "created_by", "created_at", "last_used_at", "revoked_at")
    actions = ["revoke_selected"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("client_name", "scope")
        return ("client_name", "scope", "prefix", "status", "created_by", "created_at", "last_used_at", "revoked_at")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return ("client_name", "scope", *self.readonly_fields)

    @admin.display(description=_("status"))
    def status(self, token):
        return _("Active") if token.is_active else _("Revoked")

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the record of who had access stays

    def save_model(self, request, obj, form, change):
        if change:
            return
        token, plain = ApiToken.issue(
            client_name=form.cleaned_data["client_name"], scope=form.cleaned_data["scope"], by=request.user
        )
        obj.pk, obj.prefix, obj._state.adding = token.pk, token.prefix, False
        messages.warning(
            request,
            format_html(
                "{} <code class='api-token'>{}</code>",
                _("The token for %(client)s is below. Copy it now: it is stored hashed and will not be shown again.")
                % {"client": token.client_name},
                plain,
            ),
        )

    @admin.action(description=_("Revoke selected tokens"), permissions=["change"])
    def revoke_selected(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", count) % {"count": count},
            messages.SUCCESS,
        )
