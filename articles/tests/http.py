"""Test clients that enforce CSRF like a browser would meet it."""

import re

from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

REVIEW_MOVE = re.compile(r"/admin/moderation/version/(\d+)/(publish|schedule)/$")
FORM_MOVE = re.compile(r"/admin/articles/articleversion/(\d+)/move/$")
DECIDE = re.compile(r"/admin/moderation/version/(\d+)/decide/$")


class CsrfClient(Client):
    """
    A client with ``enforce_csrf_checks=True`` whose ``submit`` sends the CSRF token like a form
    would, and, for an approval, the revision the page it came from showed (``seen``), as a
    browser that has just loaded that page does. Pass ``seen`` (or ``seen-<id>``) to post another.
    """

    def __init__(self, user=None, **kwargs):
        super().__init__(enforce_csrf_checks=True, **kwargs)
        self.token = _get_new_csrf_string()
        self.cookies["csrftoken"] = self.token
        if user is not None:
            self.force_login(user)

    def submit(self, url, data=None, **kwargs):
        data = {**(data or {}), "csrfmiddlewaretoken": self.token}
        data.update(_seen_fields(url, data))
        return self.post(url, data, **kwargs)


def _seen_fields(url, data):
    from articles.models import Article, ArticleVersion
    from articles.workflow import review_stamp

    path = url.split("?")[0]
    match = REVIEW_MOVE.search(path) or (
        (FORM_MOVE.search(path) or DECIDE.search(path)) if data.get("move") in ("publish", "schedule") else None
    )
    if match and "seen" not in data:
        version = ArticleVersion.objects.filter(pk=match.group(1)).first()
        return {"seen": review_stamp(version)} if version else {}
    if data.get("action") == "publish_selected":
        selected = data.get("_selected_action") or []
        selected = [selected] if isinstance(selected, str) else selected
        return {
            f"seen-{article.pk}": f"{article.draft_id}:{article.draft.revision}"
            for article in Article.objects.filter(pk__in=selected, draft__isnull=False).select_related("draft")
            if f"seen-{article.pk}" not in data
        }
    return {}
