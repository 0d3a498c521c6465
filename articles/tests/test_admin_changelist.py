"""The Articles changelist: columns, database filters, bilingual search, bulk actions, query count."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, ArticleState, ArticleVersion
from articles.tests.admin_pages import browser, csrf_token, hidden_values, messages_of
from articles.tests.factories import (
    ArticleVersionFactory,
    SectionFactory,
    TagFactory,
    full_version,
    published_article,
)

pytestmark = pytest.mark.django_db

URL = reverse("admin:articles_article_changelist")


def listed(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return {article.slug for article in response.context["cl"].result_list}


def one_of_each_state(by):
    """An article in every state the Articles screen can show, keyed by state."""
    articles = {}
    articles[ArticleState.DRAFT] = full_version().article
    v = full_version()
    workflow.version_submit(version=v)
    articles[ArticleState.IN_REVIEW] = v.article
    v = full_version()
    workflow.version_submit(version=v)
    workflow.version_request_changes(version=v, by=by, note="Source the figure.")
    articles[ArticleState.CHANGES_REQUESTED] = v.article
    v = full_version()
    workflow.version_submit(version=v)
    workflow.version_schedule(version=v, by=by, at=timezone.now() + timedelta(days=1))
    articles[ArticleState.SCHEDULED] = v.article
    articles[ArticleState.LIVE] = published_article()
    article = published_article()
    workflow.article_start_draft(article=article, by=by)
    articles[ArticleState.LIVE_DRAFT] = article
    article = published_article()
    workflow.version_submit(version=workflow.article_start_draft(article=article, by=by), by=by)
    articles[ArticleState.LIVE_IN_REVIEW] = article
    article = published_article()
    draft = workflow.article_start_draft(article=article, by=by)
    workflow.version_submit(version=draft, by=by)
    workflow.version_schedule(version=draft, by=by, at=timezone.now() + timedelta(hours=3))
    articles[ArticleState.LIVE_SCHEDULED_UPDATE] = article
    article = published_article()
    workflow.article_unpublish(article=article, by=by)
    articles[ArticleState.UNPUBLISHED] = article
    return articles


def test_the_state_filter_is_a_database_filter_that_agrees_with_article_state(moderator):
    articles = one_of_each_state(moderator)
    client = browser(moderator)
    for state, article in articles.items():
        article = Article.objects.get(pk=article.pk)
        assert article.state == state
        assert listed(client, state=state.value) == {article.slug}, state
    page = client.get(URL).content.decode()
    for state in ArticleState:
        assert str(state.label) in page


def test_the_changelist_shows_state_section_title_scores_update_time_and_completeness(editor):
    section = SectionFactory(name_en="Chips", name_zh_hans="芯片")
    full = full_version(section=section, hot_score=91, quality_score=82, impact_score=73)
    half = full_version(section=section, title_zh_hans="", summary_zh_hans=None, n_rows=0)
    page = browser(editor).get(URL).content.decode()
    assert full.title_en in page and half.title_en in page
    assert "Chips" in page and "Draft" in page
    for score in ("91", "82", "73"):
        assert f">{score}<" in page
    assert page.count('class="missing-language"') == 1 and "no 中文" in page
    assert "English 7/7" in page and "中文 7/7" in page  # the full article
    assert "English 3/7" in page and "中文 1/7" in page  # title/summary/analysis only, Chinese analysis only
    assert "Missing: title, summary, TL;DR, key data, industry insights, FAQ" in page
    assert page.index(half.title_en) < page.index(full.title_en)  # latest update first


def test_the_changelist_speaks_chinese(editor):
    full_version()
    client = browser(editor)
    client.cookies["django_language"] = "zh-hans"
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    for text in ("状态", "栏目", "缺少语言", "翻译", "草稿", "提交所选文章审核"):
        assert text in page, text


def test_filters_for_section_tag_ai_flag_and_missing_language_use_the_current_version(editor):
    chips, policy = SectionFactory(slug="chips"), SectionFactory(slug="policy")
    llm = TagFactory(slug="llm")
    a = full_version(section=chips, tags=[llm], ai_generated=True).article
    b = full_version(section=policy, title_zh_hans="").article
    c = published_article(section=chips)  # live in chips; its new draft moves it to policy with the tag
    draft = workflow.article_start_draft(article=c, by=editor)
    draft.section = policy
    draft.save()
    draft.tags.set([llm])
    d = full_version(section=policy, title_en=None).article
    client = browser(editor)
    assert listed(client, section="chips") == {a.slug}
    assert listed(client, section="policy") == {b.slug, c.slug, d.slug}
    assert listed(client, tag="llm") == {a.slug, c.slug}
    assert listed(client, ai="yes") == {a.slug}
    assert listed(client, ai="no") == {b.slug, c.slug, d.slug}
    assert listed(client, missing="zh-hans") == {b.slug}
    assert listed(client, missing="en") == {d.slug}


def test_search_finds_titles_in_both_languages_and_slugs(editor):
    a = full_version(title_en="Quantum chip breakthrough", title_zh_hans="量子芯片突破").article
    b = published_article(title_en="Robot arm", title_zh_hans="机械臂")
    client = browser(editor)
    assert listed(client, q="quantum") == {a.slug}
    assert listed(client, q="量子") == {a.slug}
    assert listed(client, q="机械") == {b.slug}
    assert listed(client, q=b.slug) == {b.slug}


@pytest.mark.parametrize("params", [{}, {"state": "live"}, {"tag": "llm", "missing": "zh-hans", "q": "fab"}])
def test_the_changelist_query_count_does_not_grow_with_the_number_of_articles(
    editor, params, django_assert_num_queries
):
    llm = TagFactory(slug="llm")
    client = browser(editor)

    def make(n):
        for i in range(n):
            if i % 3 == 0:
                published_article(tags=[llm])
            else:
                full_version(tags=[llm], title_zh_hans="" if i % 2 else "标题")

    make(3)
    client.get(URL, params)  # warm the session
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL, params).status_code == 200
    make(27)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(URL, params)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) > 3


def test_bulk_submit_goes_through_the_workflow_and_reports_what_it_could_not_do(editor):
    a, b = full_version().article, full_version(title_en="", title_zh_hans="").article
    client = browser(editor)
    token = csrf_token(client.get(URL))
    response = client.post(
        URL, {"csrfmiddlewaretoken": token, "action": "submit_selected", "_selected_action": [a.pk, b.pk]}, follow=True
    )
    a.refresh_from_db(), b.refresh_from_db()
    assert a.draft.state == ArticleVersion.State.IN_REVIEW
    assert b.draft.state == ArticleVersion.State.DRAFT  # no title: the workflow refused it
    text = " ".join(messages_of(response))
    assert "1 article submitted for review." in text and f"{b.slug}: Give the article a title" in text
    assert a.audit_events.filter(action="submit", actor=editor).exists()


def test_editors_cannot_bulk_publish_even_with_a_crafted_post(editor):
    version = full_version()
    workflow.version_submit(version=version)
    client = browser(editor)
    page = client.get(URL).content.decode()
    assert "publish_selected" not in page and "submit_selected" in page
    client.post(
        URL,
        {
            "csrfmiddlewaretoken": csrf_token(client.get(URL)),
            "action": "publish_selected",
            "_selected_action": [version.article_id],
        },
    )
    version.refresh_from_db()
    assert version.state == ArticleVersion.State.IN_REVIEW and version.article.live_version is None


def test_moderators_bulk_publish_and_unpublish_through_the_workflow(moderator):
    ready, not_ready = full_version(), full_version()
    workflow.version_submit(version=ready)
    client = browser(moderator)
    page = client.get(URL)
    token = csrf_token(page)
    response = client.post(
        URL,
        {
            "csrfmiddlewaretoken": token,
            **hidden_values(page, "seen-"),  # the revisions the list showed
            "action": "publish_selected",
            "_selected_action": [ready.article_id, not_ready.article_id],
        },
        follow=True,
    )
    ready.article.refresh_from_db()
    assert ready.article.live_version_id == ready.pk and ready.article.is_published()
    assert Article.objects.get(pk=not_ready.article_id).live_version is None
    assert any("Cannot publish a version that is Draft" in m for m in messages_of(response))
    assert ready.article.audit_events.filter(action="publish", actor=moderator).exists()

    client.post(
        URL, {"csrfmiddlewaretoken": token, "action": "unpublish_selected", "_selected_action": [ready.article_id]}
    )
    ready.article.refresh_from_db()
    assert ready.article.live_version is None and not ready.article.is_published()


def test_an_article_without_a_live_version_or_draft_still_lists_and_opens(moderator):
    article = published_article()
    workflow.article_unpublish(article=article, by=moderator)
    article.refresh_from_db()
    assert article.draft_id is None and article.live_version_id is None
    client = browser(moderator)
    assert listed(client) == {article.slug}
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response["Location"] == reverse("admin:articles_articleversion_change", args=[article.versions.get().pk])
    assert ArticleVersionFactory._meta.model.objects.count() == 1


def test_a_bulk_publish_approves_only_the_revisions_the_list_showed(moderator, editor):
    shown, edited = full_version(), full_version()
    for version in (shown, edited):
        workflow.version_submit(version=version)
    client = browser(moderator)
    page = client.get(URL)
    workflow.version_saved(version=edited, by=editor)  # saved after the list was loaded
    client.post(
        URL,
        {
            "csrfmiddlewaretoken": csrf_token(page),
            **hidden_values(page, "seen-"),
            "action": "publish_selected",
            "_selected_action": [shown.article_id, edited.article_id],
        },
    )
    shown.refresh_from_db()
    edited.refresh_from_db()
    assert shown.article.live_version_id == shown.pk
    assert edited.state == ArticleVersion.State.IN_REVIEW and edited.article.live_version_id is None
