"""The audit trail, read-only: rows are written by ``articles.workflow`` and never changed."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from articles.models import AuditEvent
from articles.workflow.moves import MOVES, OTHER_ACTIONS, history_label


class ActionFilter(admin.SimpleListFilter):
    """The actions by their history labels ("submitted for review"), not their codes."""

    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return [(code, history_label(code)) for code in (*MOVES, *OTHER_ACTIONS)]

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "article", "version", "actor", "action_label", "from_state", "to_state", "note")
    list_filter = (ActionFilter,)
    list_select_related = ("article", "article__live_version", "article__draft", "version", "version__article", "actor")
    search_fields = ("article__slug", "note", "actor__username")
    date_hierarchy = "created_at"

    @admin.display(description=_("action"), ordering="action")
    def action_label(self, event):
        return history_label(event.action)

    def get_readonly_fields(self, request, obj=None):
        # Every field: a read-only row needs no form fields (whose choices would be queried).
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
