"""The editors' admin: articles (edited through their working draft), taxonomy and the audit trail."""

from articles.admin import api_tokens, articles, audit, taxonomy  # noqa: F401  (registers the model admins)

# The site itself (titles, the desk as its home page) is newsroom.admin_site.NewsroomAdminSite,
# made the default site by newsroom.apps.NewsroomAdminConfig.
