"""The consistency report, detected mentions and entity actions on the admin and review screens."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from articles import workflow
from articles.consistency.reports import OVERRIDE_ACTION
from articles.models import ArticleVersion, AuditEvent, Entity
from articles.tests.admin_pages import browser, csrf_token, hidden_values, messages_of
from articles.tests.factories import EntityFactory, full_version

pytestmark = pytest.mark.django_db
LANGUAGES = {"en": "en", "zh-hans": "zh-hans"}
TEXT = {
    "en": {
        "report": "Consistency between the languages",
        "mentions": "Entities mentioned in the text",
        "add": "Add to this article's entities",
        "create": "Create entity",
        "kind": "Number mismatch",
        "override": "Override with reason",
        "blocked": "approval",
    },
    "zh-hans": {
        "report": "语言版本一致性",
        "mentions": "正文中提到的实体",
        "add": "添加到本文的实体",
        "create": "创建实体",
        "kind": "数字不一致",
        "override": "填写理由并放行",
        "blocked": "阻止批准",
    },
}


def change_url(version):
    return reverse("admin:articles_articleversion_change", args=[version.pk])


def page(client, url, language):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response


@pytest.fixture
def draft():
    EntityFactory(slug="google", name_en="Google", name_zh_hans="谷歌")
    listed = EntityFactory(slug="openai", name_en="OpenAI", name_zh_hans="开放人工智能")
    version = full_version(n_rows=1, entities=[listed])
    ArticleVersion.objects.filter(pk=version.pk).update(
        title_en="OpenAI and Google sign a $2 billion deal",
        title_zh_hans="OpenAI与谷歌签署30亿美元协议",
        analysis_en="Pacific Compute Alliance joined Google.",
        analysis_zh_hans="太平洋算力联盟加入谷歌。",
    )
    return ArticleVersion.objects.get(pk=version.pk)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_draft_page_shows_the_report_and_the_mentions_grouped_by_entity(editor, draft, language):
    html = page(browser(editor), change_url(draft), language).content.decode()
    text = TEXT[language]
    for key in ("report", "mentions", "add", "kind", "blocked"):
        assert text[key] in html, key
    assert "<mark>30亿美元</mark>" in html and "<mark>谷歌</mark>" in html and "<mark>Google</mark>" in html
    assert 'name="entity" value="google"' in html and 'name="entity" value="openai"' not in html
    # Each entity's places are folded under a count, so the panel does not push the form down.
    places = re.findall(r"<details><summary>([^<]*)</summary>\s*<ul>(.*?)</ul></details>", html, re.S)
    assert places and all("<mark>" in items for _summary, items in places)
    assert all(re.fullmatch(r"\d+ (places?|处)", summary) for summary, _items in places)


def test_create_entity_links_are_prefilled_for_names_that_match_no_entity(superuser, draft):
    html = page(browser(superuser), change_url(draft), "en").content.decode()
    links = [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]*/entity/add/[^"]*)"', html)]
    params = [parse_qs(urlparse(href).query) for href in links]
    wanted = {"name_en": ["Pacific Compute Alliance"], "slug": ["pacific-compute-alliance"]}
    assert wanted in params and not any("Google" in p.get("name_en", [""])[0] for p in params)
    form = page(browser(superuser), links[params.index(wanted)], "en").content.decode()
    assert re.search(
        r'name="name_en"[^>]*value="Pacific Compute Alliance"|value="Pacific Compute Alliance"[^>]*name="name_en"', form
    )
    assert re.search(
        r'name="slug"[^>]*value="pacific-compute-alliance"|value="pacific-compute-alliance"[^>]*name="slug"', form
    )


def test_adding_mentioned_entities_posts_with_csrf_and_bumps_the_revision(editor, draft):
    client = browser(editor)
    response = page(client, change_url(draft), "en")
    url = reverse("admin:articles_articleversion_add_entities", args=[draft.pk])
    assert client.post(url, {"entity": "google"}).status_code == 403  # no CSRF token
    response = client.post(url, {"csrfmiddlewaretoken": csrf_token(response), "entity": "google"}, follow=True)
    assert "Added Google to this article's entities." in messages_of(response)
    draft.refresh_from_db()
    assert set(draft.entities.values_list("slug", flat=True)) == {"google", "openai"} and draft.revision == 2


def test_only_mentioned_entities_can_be_added_and_only_by_someone_who_may_edit(editor, moderator, draft):
    EntityFactory(slug="unrelated", name_en="Unrelated")
    client = browser(editor)
    token = csrf_token(page(client, change_url(draft), "en"))
    url = reverse("admin:articles_articleversion_add_entities", args=[draft.pk])
    response = client.post(url, {"csrfmiddlewaretoken": token, "entity": "unrelated"}, follow=True)
    assert "Choose entities mentioned in the text." in messages_of(response)
    workflow.version_submit(version=draft, by=editor)
    workflow.version_publish(version=draft, by=moderator, enforce_checks=False)
    assert client.post(url, {"csrfmiddlewaretoken": token, "entity": "google"}).status_code == 403
    assert set(draft.entities.values_list("slug", flat=True)) == {"openai"}
    assert client.get(url).status_code == 405


@pytest.mark.parametrize("language", LANGUAGES)
def test_review_blocks_approval_until_an_override_with_a_reason_is_recorded(editor, moderator, draft, language):
    workflow.version_submit(version=draft, by=editor)
    client = browser(moderator)
    review_url = reverse("moderation:review", args=[draft.pk])
    review = page(client, review_url, language)
    html = review.content.decode()
    assert TEXT[language]["override"] in html and "30亿美元" in html
    token = csrf_token(review)

    refused = client.post(
        reverse("moderation:move", args=[draft.pk, "publish"]),
        {"csrfmiddlewaretoken": token, **hidden_values(review, "seen")},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert refused.status_code == 400 and "30亿美元" in refused.content.decode()
    assert ArticleVersion.objects.get(pk=draft.pk).state == "in_review"

    override_url = reverse("moderation:override", args=[draft.pk])
    assert client.post(override_url, {"reason": "x"}).status_code == 403  # CSRF enforced
    empty = client.post(override_url, {"csrfmiddlewaretoken": token, "reason": ""}, HTTP_ACCEPT_LANGUAGE=language)
    assert empty.status_code == 400 and not AuditEvent.objects.filter(action=OVERRIDE_ACTION).exists()
    done = client.post(override_url, {"csrfmiddlewaretoken": token, "reason": "The Chinese sum is the corrected one."})
    assert done.status_code == 302

    published = client.post(
        reverse("moderation:move", args=[draft.pk, "publish"]),
        {"csrfmiddlewaretoken": token, **hidden_values(review, "seen")},
    )
    assert published.status_code == 302 and ArticleVersion.objects.get(pk=draft.pk).state == "approved"
    event = AuditEvent.objects.get(action=OVERRIDE_ACTION)
    assert event.actor == moderator and event.note == "The Chinese sum is the corrected one."
    history = page(client, reverse("moderation:history", args=[draft.article_id]), language).content.decode()
    assert "The Chinese sum is the corrected one." in history
    assert ("Consistency checks overridden" if language == "en" else "已放行一致性检查") in history


def test_editors_cannot_record_an_override(editor, draft):
    workflow.version_submit(version=draft, by=editor)
    client = browser(editor)
    token = csrf_token(page(client, reverse("moderation:review", args=[draft.pk]), "en"))
    response = client.post(
        reverse("moderation:override", args=[draft.pk]), {"csrfmiddlewaretoken": token, "reason": "Me."}
    )
    assert response.status_code == 403 and not AuditEvent.objects.filter(action=OVERRIDE_ACTION).exists()


def test_the_draft_page_query_count_does_not_grow_with_mentions(editor, draft):
    client = browser(editor)
    client.get(change_url(draft))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(change_url(draft))
    ArticleVersion.objects.filter(pk=draft.pk).update(analysis_en="Google. " * 50 + "OpenAI " * 50)
    with CaptureQueriesContext(connection) as many:
        client.get(change_url(draft))
    assert len(many) == len(few)
    assert Entity.objects.count() == 2


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_refused_approval_offers_the_override_form_on_the_error_page(editor, moderator, draft, language):
    workflow.version_submit(version=draft, by=editor)
    client = browser(moderator)
    review = page(client, reverse("moderation:review", args=[draft.pk]), language)
    token = csrf_token(review)
    refused = client.post(
        reverse("moderation:move", args=[draft.pk, "publish"]),
        {"csrfmiddlewaretoken": token, **hidden_values(review, "seen")},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    html = refused.content.decode()
    assert refused.status_code == 400 and TEXT[language]["blocked"] in html
    override_url = reverse("moderation:override", args=[draft.pk])
    assert f'action="{override_url}"' in html and 'name="reason"' in html and TEXT[language]["override"] in html
    done = client.post(override_url, {"csrfmiddlewaretoken": csrf_token(refused), "reason": "Checked by hand."})
    assert done.status_code == 302 and AuditEvent.objects.get(action=OVERRIDE_ACTION).note == "Checked by hand."


def test_the_draft_page_offers_the_override_to_a_moderator_when_the_version_is_in_review(moderator, draft):
    workflow.version_submit(version=draft, by=moderator)
    html = page(browser(moderator), change_url(draft), "en").content.decode()
    assert f'action="/admin/moderation/version/{draft.pk}/override/"' in html
    assert f'href="{change_url(draft)}#id_title_zh_hans"' in html and "<mark>30亿美元</mark>" in html


def test_the_draft_page_offers_no_override_to_an_editor(editor, draft):
    html = page(browser(editor), change_url(draft), "en").content.decode()
    assert "/override/" not in html
