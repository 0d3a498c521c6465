"""An article written in Chinese only, created and submitted through the admin (empty English stored as blank)."""

import pytest
from django.urls import reverse

from articles.models import Article, ArticleVersion
from articles.tests.admin_pages import browser, csrf_token, open_form
from articles.tests.factories import SectionFactory

pytestmark = pytest.mark.django_db


def test_a_chinese_only_article_created_in_the_admin_can_be_submitted_for_review(editor):
    client = browser(editor)
    response, form = open_form(client, reverse("admin:articles_article_add"))
    form["slug"] = "zh-only"
    form["section"] = SectionFactory().pk
    form["title_zh_hans"], form["summary_zh_hans"] = "芯片厂商开设晶圆厂", "一座工厂投产。"
    form["analysis_zh_hans"] = "## 原因\n\n供应紧张。"
    response = client.post(response.request["PATH_INFO"], form.post_data())
    assert response.status_code == 302, response.context["errors"] if response.context else response
    version = Article.objects.get(slug="zh-only").draft

    response, _form = open_form(client, reverse("admin:articles_articleversion_change", args=[version.pk]))
    response = client.post(
        reverse("admin:articles_articleversion_move", args=[version.pk]),
        {"csrfmiddlewaretoken": csrf_token(response), "move": "submit"},
    )

    assert response.status_code == 302
    version.refresh_from_db()
    assert version.state == ArticleVersion.State.IN_REVIEW
    # Blank English is stored as an empty string like every other blank text, never as NULL.
    assert (version.title_en, version.summary_en, version.analysis_en) == ("", "", "")
