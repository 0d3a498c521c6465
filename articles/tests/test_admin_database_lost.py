"""A database connection lost during an admin or moderation POST: a 503 page, nothing saved."""

import pytest
from django.db import InterfaceError, OperationalError
from django.urls import reverse

from articles import workflow
from articles.models import Article, ArticleVersion, AuditEvent, TldrItem
from articles.tests.admin_pages import browser, open_form
from articles.tests.factories import full_version, published_article
from articles.tests.http import CsrfClient

pytestmark = pytest.mark.django_db
State = ArticleVersion.State


def lost(*args, **kwargs):
    raise OperationalError("server closed the connection unexpectedly")


def in_review(editor):
    article = published_article(title_en="Old title")
    draft = workflow.article_start_draft(article=article, by=editor)
    ArticleVersion.objects.filter(pk=draft.pk).update(title_en="New title")
    workflow.version_submit(version=draft, by=editor)
    return article, draft


def assert_nothing_published(article, draft):
    article.refresh_from_db()
    draft.refresh_from_db()
    assert article.live_version_id != draft.pk and draft.state == State.IN_REVIEW
    assert not AuditEvent.objects.filter(version=draft, action="publish").exists()


def test_a_connection_lost_inside_a_publish_answers_503_and_publishes_nothing(moderator, editor, monkeypatch):
    article, draft = in_review(editor)
    monkeypatch.setattr("articles.workflow.job_record", lost)  # after the state, the pointers and the audit row
    response = CsrfClient(moderator).submit(f"/admin/moderation/version/{draft.pk}/publish/", {"note": ""})
    assert response.status_code == 503 and response["Retry-After"] == "5"
    page = response.content.decode()
    assert "The database connection was lost" in page and "Nothing was saved." in page and "Try again" in page
    assert_nothing_published(article, draft)


def test_a_connection_lost_after_the_move_returned_still_leaves_nothing(moderator, editor, monkeypatch):
    """The move itself committed as a savepoint of the request's transaction, which then rolls back."""
    article, draft = in_review(editor)
    monkeypatch.setattr("articles.review.views._next_url", lost)
    response = CsrfClient(moderator).submit(f"/admin/moderation/version/{draft.pk}/publish/", {"note": ""})
    assert response.status_code == 503
    assert_nothing_published(article, draft)


def test_the_page_speaks_chinese_to_a_chinese_editor_and_the_form_save_is_undone(editor, monkeypatch):
    draft = full_version(title_en="Before")
    client = browser(editor)
    url = reverse("admin:articles_articleversion_change", args=[draft.pk])
    _response, form = open_form(client, url)
    form["title_en"] = "After"
    monkeypatch.setattr("articles.admin.articles.workflow.version_saved", lost)
    response = client.post(url, form.post_data(), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 503
    page = response.content.decode()
    assert '<html lang="zh-hans">' in page and "数据库连接中断" in page and "没有保存任何内容" in page
    draft.refresh_from_db()
    assert draft.title_en == "Before" and draft.revision == 1
    assert TldrItem.objects.filter(version=draft).count() == 2


def test_an_interface_error_is_a_lost_connection_too_and_get_requests_are_left_alone(moderator, editor, monkeypatch):
    article, draft = in_review(editor)
    monkeypatch.setattr(
        "articles.workflow.job_record",
        lambda **kwargs: (_ for _ in ()).throw(InterfaceError("connection already closed")),
    )
    client = CsrfClient(moderator)
    assert client.submit(f"/admin/moderation/version/{draft.pk}/publish/", {"note": ""}).status_code == 503
    assert client.get(f"/admin/moderation/version/{draft.pk}/").status_code == 200
    assert Article.objects.get(pk=article.pk).live_version_id != draft.pk
