"""Provenance: where each version's content came from, what people changed, and what readers are told."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

from articles import provenance, workflow
from articles.exchange.exporting import dumps, export_entries
from articles.exchange.importing import import_file
from articles.models import Article, AuditEvent
from articles.tests.admin_pages import browser, open_form
from articles.tests.api_helpers import ARTICLE, issue_token, post_draft
from articles.tests.factories import full_version, published_article
from articles.tests.importing_helpers import wipe_content

pytestmark = pytest.mark.django_db


def ingest(client, data=ARTICLE):
    _token, plain = issue_token()
    assert post_draft(client, plain, data).status_code in (200, 201)
    return Article.objects.get(slug=data["slug"]).draft


def change_url(version):
    return reverse("admin:articles_articleversion_change", args=[version.pk])


def disclaimer_in(version, language):
    with translation.override(language):
        return str(provenance.disclaimer(version)["text"])


def test_newsroom_text_says_written_by_the_newsroom_in_both_languages():
    version = full_version()
    assert disclaimer_in(version, "en") == "Written by the newsroom"
    assert disclaimer_in(version, "zh-hans") == "由编辑部撰写"


def test_an_ingested_draft_nobody_changed_says_drafted_with_ai_and_reviewed(client):
    version = ingest(client)
    assert disclaimer_in(version, "en") == "Drafted with AI (drafter 2.1) and reviewed by the newsroom"
    assert disclaimer_in(version, "zh-hans") == "由 AI（drafter 2.1）起草，经编辑部审核"


def test_saving_the_admin_form_records_who_changed_which_field_and_the_disclaimer_follows(client, editor):
    version = ingest(client)
    admin = browser(editor)
    _response, form = open_form(admin, change_url(version))
    form["title_zh_hans"] = "艾克米新晶圆厂开业"
    form["tldr_items-0-text_en"] = "The fab is open today."
    response = admin.post(change_url(version), form.post_data())
    assert response.status_code == 302, response.context["errors"] if response.context else response
    version.refresh_from_db()
    assert set(version.field_edits) == {"title_zh_hans", "tldr"}
    assert version.field_edits["title_zh_hans"]["by"] == editor.username
    assert version.provenance["origin"] == "api"  # the origin stays; the edits are recorded beside it
    assert disclaimer_in(version, "en") == "Drafted with AI (drafter 2.1) and edited by the newsroom"
    assert disclaimer_in(version, "zh-hans") == "由 AI（drafter 2.1）起草，经编辑部编辑"


def test_a_new_draft_of_an_edited_article_keeps_the_record_but_not_the_old_edits_as_its_own(client, editor):
    version = ingest(client)
    provenance.record_edits(version=version, fields=["title_en"], by=editor)
    version.save()
    workflow.version_publish(version=version)
    draft = workflow.article_start_draft(article=version.article)
    assert draft.provenance == version.provenance and draft.field_edits == version.field_edits
    assert provenance.edits_since_ingestion(draft) == {}
    assert disclaimer_in(draft, "en") == "Drafted with AI (drafter 2.1) and edited by the newsroom"


def test_the_ai_override_needs_a_reason_and_is_audited(editor):
    version = full_version()
    admin = browser(editor)
    _response, form = open_form(admin, change_url(version))
    form["ai_generated"] = "on"
    refused = admin.post(change_url(version), form.post_data())
    assert refused.status_code == 200
    assert "Say why the AI disclaimer changes" in refused.content.decode()
    version.refresh_from_db()
    assert not version.ai_generated
    _response, form = open_form(admin, change_url(version))
    form["ai_generated"] = "on"
    form["ai_generated_reason"] = "Outline written with a chatbot."
    assert admin.post(change_url(version), form.post_data()).status_code == 302
    version.refresh_from_db()
    event = AuditEvent.objects.get(version=version, action=workflow.AI_OVERRIDE_ACTION)
    assert (event.actor, event.note, event.data) == (editor, "Outline written with a chatbot.", {"ai_generated": True})
    assert disclaimer_in(version, "en") == "Drafted with AI and edited by the newsroom"


def test_the_override_cannot_remove_a_declared_generator(client):
    version = ingest(client)
    version.ai_generated = False
    assert provenance.disclaimer(version)["kind"] == provenance.AI_REVIEWED


def test_the_reader_page_and_json_ld_carry_the_disclaimer_in_both_languages(client):
    version = ingest(client)
    workflow.version_publish(version=version)
    for language, text in (
        ("en", "Drafted with AI (drafter 2.1) and reviewed by the newsroom"),
        ("zh-hans", "由 AI（drafter 2.1）起草，经编辑部审核"),
    ):
        page = client.get(f"/{language}/article/{version.article.slug}/").content.decode()
        assert text in page
        assert 'href="https://example.com/acme-fab"' in page
        graph = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1))
        news = graph[0] if isinstance(graph, list) else graph
        assert news["creditText"] == text
        assert news["contributor"] == {"@type": "SoftwareApplication", "name": "drafter 2.1"}
        assert news["isBasedOn"] == ["https://example.com/acme-fab"]


def test_a_newsroom_article_page_says_written_by_the_newsroom_in_both_languages(client):
    article = published_article()
    assert "Written by the newsroom" in client.get(f"/en/article/{article.slug}/").content.decode()
    assert "由编辑部撰写" in client.get(f"/zh-hans/article/{article.slug}/").content.decode()


def test_the_admin_form_and_the_review_screen_show_the_record(client, moderator):
    version = ingest(client)
    provenance.record_edits(version=version, fields=["summary_en"], by=moderator)
    version.save()
    admin = browser(moderator)
    form_page = admin.get(change_url(version)).content.decode()
    review_page = admin.get(reverse("moderation:review", args=[version.pk])).content.decode()
    for page in (form_page, review_page):
        assert "drafting pipeline" in page and "drafter 2.1" in page
        assert "https://example.com/acme-fab" in page
        assert moderator.username in page and "summary [en]" in page


def test_the_exchange_format_carries_provenance_and_round_trips_byte_for_byte(client, tmp_path):
    version = ingest(client)
    workflow.version_publish(version=version)
    first = dumps(export_entries(state="live"))
    assert json.loads(first)[0]["provenance"] == ARTICLE["provenance"]
    assert first.index('"ai_generated"') < first.index('"provenance"') < first.index('"tags"')
    path = tmp_path / "export.json"
    path.write_text(first, encoding="utf-8")
    wipe_content()
    import_file(path, publish=True)
    assert dumps(export_entries(state="live")) == first
    assert Article.objects.get().live_version.provenance["origin"] == "import"
