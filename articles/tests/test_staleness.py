"""Translation staleness per part and language, through the admin as an editor uses it."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import workflow
from articles.models import ArticleVersion
from articles.tests.admin_pages import browser, open_form
from articles.tests.factories import full_version, published_article

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:articles_article_changelist")


def change_url(version):
    return reverse("admin:articles_articleversion_change", args=[version.pk])


def input_tag(html, element_id):
    match = re.search(rf'<input[^>]*id="{element_id}"[^>]*>', html)
    assert match, element_id
    return match.group(0)


def save(client, version, **values):
    response, form = open_form(client, change_url(version))
    for name, value in values.items():
        form[name] = value
    response = client.post(change_url(version), form.post_data())
    assert response.status_code == 302, response.context["errors"] if response.context else response
    version.refresh_from_db()
    return version


def test_changing_the_english_title_marks_the_chinese_title_as_needing_an_update(editor):
    draft = full_version(created_by=editor)
    client = browser(editor)
    save(client, draft, title_en="A new English title")
    assert set(draft.stale_translations) == {"title:zh-hans"}
    assert draft.stale_translations["title:zh-hans"]["from"] == "en"
    assert draft.stale_translations["title:zh-hans"]["by"] == editor.username

    html = client.get(change_url(draft)).content.decode()
    assert "needs-update" in input_tag(html, "id_title_zh_hans")
    assert "Needs update: The English text changed after it" in html
    assert 'name="confirm_translations" value="title:zh-hans"' in html
    assert "needs-update" not in input_tag(html, "id_title_en")


def test_changing_both_languages_together_marks_nothing(editor):
    draft = full_version(created_by=editor)
    save(browser(editor), draft, title_en="New title", title_zh_hans="新标题")
    assert draft.stale_translations == {}


def test_updating_the_stale_language_clears_the_mark_without_marking_the_other(editor):
    draft = full_version(created_by=editor)
    client = browser(editor)
    save(client, draft, summary_en="A new summary.")
    assert set(draft.stale_translations) == {"summary:zh-hans"}
    save(client, draft, summary_zh_hans="新的摘要。")
    assert draft.stale_translations == {}


def test_confirming_a_translation_is_still_right_clears_the_mark(editor):
    draft = full_version(created_by=editor)
    client = browser(editor)
    save(client, draft, analysis_zh_hans="分析已改写。")
    assert set(draft.stale_translations) == {"analysis:en"}
    save(client, draft, confirm_translations=["analysis:en"])
    assert draft.stale_translations == {}


def test_a_changed_row_marks_its_list_in_the_other_language(editor):
    draft = full_version(created_by=editor)
    save(browser(editor), draft, **{"tldr_items-0-text_en": "A rewritten point."})
    assert set(draft.stale_translations) == {"tldr:zh-hans"}


@pytest.mark.parametrize(("language", "marker"), [("en", "needs update"), ("zh-hans", "需要更新")])
def test_the_article_list_marks_and_filters_articles_whose_translation_needs_an_update(editor, language, marker):
    stale, fresh = full_version(created_by=editor, title_en="Stale one"), full_version(title_en="Fresh one")
    client = browser(editor)
    save(client, stale, summary_en="Changed in English only.")
    html = client.get(CHANGELIST, {"stale": "zh-hans"}, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert "Stale one" in html and "Fresh one" not in html
    assert '<span class="needs-update"' in html and marker in html
    assert "Stale one" not in client.get(CHANGELIST, {"stale": "en"}).content.decode()
    assert "Stale one" in client.get(CHANGELIST, {"stale": "any"}).content.decode()
    assert fresh.stale_translations == {}


@pytest.mark.parametrize(("language", "text"), [("en", "中文 summary needs update"), ("zh-hans", "中文摘要需要更新")])
def test_the_review_screen_and_queue_show_the_stale_translation(editor, moderator, language, text):
    draft = full_version(created_by=editor)
    save(browser(editor), draft, summary_en="Changed in English only.")
    workflow.version_submit(version=draft, by=editor)
    client = browser(moderator)
    review = client.get(f"/admin/moderation/version/{draft.pk}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert text in review
    assert text in client.get("/admin/moderation/", HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_a_new_draft_carries_the_marks_of_the_version_it_copies(editor, moderator):
    article = published_article()
    draft = workflow.article_start_draft(article=article, by=editor)
    save(browser(editor), draft, title_en=f"{draft.title_en}, in English only")
    workflow.version_submit(version=draft, by=editor)
    workflow.version_publish(version=draft, by=moderator)
    article.refresh_from_db()
    next_draft = workflow.article_start_draft(article=article, by=editor)
    assert set(ArticleVersion.objects.get(pk=next_draft.pk).stale_translations) == {"title:zh-hans"}


def test_the_changelist_filter_takes_no_extra_query_per_article(editor, django_assert_num_queries):
    client = browser(editor)
    draft = full_version(created_by=editor)
    save(client, draft, title_en="Changed")
    client.get(CHANGELIST, {"stale": "any"})
    with CaptureQueriesContext(connection) as few:
        assert client.get(CHANGELIST, {"stale": "any"}).status_code == 200
    baseline = len(few.captured_queries)  # read now: every request resets the connection's query log
    for index in range(4):
        save(client, full_version(created_by=editor), title_en=f"Changed {index}")
    with django_assert_num_queries(baseline):
        assert client.get(CHANGELIST, {"stale": "any"}).status_code == 200
