"""The editors' admin: articles (edited through their working draft), taxonomy and the audit trail."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from articles.admin import api_tokens, articles, audit, taxonomy  # noqa: F401  (registers the model admins)

admin.site.site_header = _("Newsroom administration")
admin.site.site_title = _("Newsroom admin")
admin.site.index_title = _("Newsroom")
