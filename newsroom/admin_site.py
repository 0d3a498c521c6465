"""The admin site whose home page is the editorial desk (``articles.review.desk``)."""

from django.contrib import admin
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

# The features are imported inside the methods: this module is loaded while the admin app gets
# ready, before the articles app and its admin modules are.


class NewsroomAdminSite(admin.AdminSite):
    site_header = _("Newsroom administration")
    site_title = _("Newsroom admin")
    index_title = _("Desk")
    index_template = "admin/desk.html"

    def each_context(self, request):
        from articles.review import desk

        context = super().each_context(request)
        context["can_review"] = request.user.is_active and request.user.has_perm(desk.VIEW_PERMISSION)
        # Lazy: queried once, and only on pages that show the queue link.
        context["review_queue_count"] = SimpleLazyObject(desk.review_queue_count)
        return context

    def index(self, request, extra_context=None):
        from articles.review import desk

        return super().index(request, {"desk": desk.desk_for(request.user), **(extra_context or {})})

    def autocomplete_view(self, request):
        from articles.admin.widgets import NamedAutocompleteJsonView

        return NamedAutocompleteJsonView.as_view(admin_site=self)(request)
