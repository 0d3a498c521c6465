"""A GET of any admin or moderation page writes nothing to the database (docs/architecture.md)."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from articles import workflow
from articles.tests.admin_pages import browser
from articles.tests.factories import EntityAliasFactory, TagFactory, full_version, published_article

pytestmark = pytest.mark.django_db
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def admin_urls():
    """Every model's changelist, add form and change form (of its first object), and the admin index."""
    urls = [reverse("admin:index")]
    for model, _model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        first = model._default_manager.order_by("pk").first()
        for name, args in (("changelist", []), ("add", []), ("change", [first.pk] if first else None)):
            if args is None:
                continue
            try:
                urls.append(reverse(f"admin:{info[0]}_{info[1]}_{name}", args=args))
            except NoReverseMatch:
                continue
    return urls


def moderation_urls(versions, article):
    urls = [reverse("admin:index"), reverse("moderation:queue"), reverse("moderation:history", args=[article.pk])]
    for version in versions:
        urls.append(reverse("moderation:review", args=[version.pk]))
        urls.append(reverse("admin:articles_articleversion_change", args=[version.pk]))
        for move in ("submit", "publish", "schedule", "request_changes", "unpublish", "restore", "share"):
            urls.append(reverse("moderation:move", args=[version.pk, move]))
    return urls


def test_no_admin_or_moderation_page_writes_on_get(superuser):
    article = published_article(tags=[TagFactory()])
    EntityAliasFactory()
    update = workflow.article_start_draft(article=article)
    in_review = full_version()
    workflow.version_submit(version=in_review)
    draft = full_version()
    client = browser(superuser)
    urls = admin_urls() + moderation_urls([article.live_version, update, in_review, draft], article)
    assert len(urls) > 25
    with CaptureQueriesContext(connection) as captured:
        for url in urls:
            response = client.get(url)
            assert response.status_code in (200, 302, 403), (url, response.status_code)  # 403: a read-only screen
    writes = [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == []
