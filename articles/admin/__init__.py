"""The editors' admin: articles (edited through their working draft), taxonomy and the audit trail."""

from articles.admin import articles, audit, taxonomy  # noqa: F401  (registers the model admins)
