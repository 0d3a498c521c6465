"""The audit trail, read-only: rows are written by ``articles.workflow`` and never changed."""

from django.contrib import admin

from articles.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "article", "version", "actor", "action", "from_state", "to_state", "note")
    list_filter = ("action",)
    list_select_related = ("article", "article__live_version", "article__draft", "version", "version__article", "actor")
    search_fields = ("article__slug", "note", "actor__username")
    date_hierarchy = "created_at"

    def get_readonly_fields(self, request, obj=None):
        # Every field: a read-only row needs no form fields (whose choices would be queried).
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
