"""Section, tag and entity admins: names per language, entity aliases per language."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from articles.models import Entity, Section, Tag
from articles.tests.admin_pages import browser, messages_of, open_form
from articles.tests.factories import EntityAliasFactory, EntityFactory, TagFactory, image_upload

pytestmark = pytest.mark.django_db


def test_moderators_add_a_section_with_a_name_and_description_in_each_language(moderator):
    client = browser(moderator)
    url = reverse("admin:articles_section_add")
    response, form = open_form(client, url, "section_form")
    assert 'class="language-switch"' in response.content.decode()
    form["slug"], form["position"] = "chips", 3
    form["name_en"], form["name_zh_hans"] = "Chips", "芯片"
    form["description_en"], form["description_zh_hans"] = "Semiconductors.", "半导体。"
    assert client.post(url, form.post_data()).status_code == 302
    section = Section.objects.get(slug="chips")
    assert (
        section.name_en,
        section.name_zh_hans,
        section.description_en,
        section.description_zh_hans,
        section.position,
    ) == ("Chips", "芯片", "Semiconductors.", "半导体。", 3)


def test_editors_may_view_sections_but_not_change_them(editor):
    assert browser(editor).get(reverse("admin:articles_section_add")).status_code == 403


def approve(client, model, obj, action="approve_proposals"):
    url = reverse(f"admin:articles_{model._meta.model_name}_changelist")
    response = client.get(url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)
    return client.post(url, {"csrfmiddlewaretoken": token, "action": action, "_selected_action": [obj.pk]})


def test_an_editors_tag_rename_waits_for_a_moderator_and_readers_see_it_only_then(
    editor, moderator, django_capture_on_commit_callbacks
):
    tag = TagFactory(slug="llm", name_en="LLM", name_zh_hans="")
    client = browser(editor)
    url = reverse("admin:articles_tag_change", args=[tag.pk])
    _response, form = open_form(client, url, "tag_form")
    form["name_zh_hans"] = "大模型"
    form["description_en"] = "Large language models."
    response = client.post(url, form.post_data(), follow=True)
    assert "waiting for a moderator" in " ".join(messages_of(response))
    tag.refresh_from_db()
    assert (tag.name_en, tag.name_zh_hans, tag.description_en) == ("LLM", "", "")  # live texts unchanged
    assert tag.proposal["fields"] == {"name_zh_hans": "大模型", "description_en": "Large language models."}
    assert "Large language models." not in Client().get("/en/tag/llm/").content.decode()
    # The editor's form now starts from the proposal; the change list flags it for moderators.
    _response, form = open_form(client, url, "tag_form")
    assert form["name_zh_hans"] == "大模型"
    moderators = browser(moderator)
    waiting = moderators.get(reverse("admin:articles_tag_changelist"), {"proposal": "waiting"})
    assert list(waiting.context["cl"].result_list) == [tag]
    assert "Large language models." in moderators.get(url).content.decode()  # shown live vs proposed

    with django_capture_on_commit_callbacks(execute=True):
        assert approve(moderators, Tag, tag).status_code == 302

    tag.refresh_from_db()
    assert (tag.name_zh_hans, tag.description_en, tag.proposal) == ("大模型", "Large language models.", {})
    assert "Large language models." in Client().get("/en/tag/llm/").content.decode()
    history = [entry.get_change_message() for entry in LogEntry.objects.filter(object_id=str(tag.pk))]
    assert any("Approved the changes proposed by" in message for message in history), history


def test_an_editors_entity_description_is_not_live_and_a_rejection_drops_it(editor, moderator):
    entity = EntityFactory(slug="acme", description_en="A chipmaker.")
    client = browser(editor)
    url = reverse("admin:articles_entity_change", args=[entity.pk])
    _response, form = open_form(client, url, "entity_form")
    form["description_en"] = "<b>Buy now</b>"
    form["aliases-0-language"], form["aliases-0-alias"] = "en", "Acme Scam"
    assert client.post(url, form.post_data()).status_code == 302
    page = Client().get("/en/entity/acme/").content.decode()
    assert "Buy now" not in page and "Acme Scam" not in page and "A chipmaker." in page
    entity.refresh_from_db()
    assert entity.proposal["aliases"] == [["en", "Acme Scam"]] and not entity.aliases.exists()

    assert approve(browser(moderator), Entity, entity, action="reject_proposals").status_code == 302

    entity.refresh_from_db()
    assert (entity.description_en, entity.proposal) == ("A chipmaker.", {})
    assert "Buy now" not in Client().get("/en/entity/acme/").content.decode()


def test_an_entity_an_editor_adds_gets_its_names_and_aliases_when_approved(editor, moderator):
    client = browser(editor)
    url = reverse("admin:articles_entity_add")
    _response, form = open_form(client, url, "entity_form")
    form["slug"], form["kind"] = "alphabet", "company"
    form["name_en"], form["name_zh_hans"] = "Alphabet", "谷歌母公司"
    form["aliases-0-language"], form["aliases-0-alias"] = "en", "Google"
    index = form.add_row("aliases")
    form[f"aliases-{index}-language"], form[f"aliases-{index}-alias"] = "zh-hans", "谷歌"
    assert client.post(url, form.post_data()).status_code == 302
    entity = Entity.objects.get(slug="alphabet")
    assert (entity.name_en, entity.name_zh_hans, entity.kind, entity.aliases.count()) == ("", "", "other", 0)

    approve(browser(moderator), Entity, entity)

    entity.refresh_from_db()
    assert (entity.name_en, entity.name_zh_hans, entity.kind) == ("Alphabet", "谷歌母公司", "company")
    assert sorted(entity.aliases.values_list("language", "alias")) == [("en", "Google"), ("zh-hans", "谷歌")]


def test_a_moderators_own_edit_goes_live_at_once(moderator):
    tag = TagFactory(slug="llm", name_en="LLM")
    client = browser(moderator)
    url = reverse("admin:articles_tag_change", args=[tag.pk])
    _response, form = open_form(client, url, "tag_form")
    form["name_en"] = "Large language models"
    assert client.post(url, form.post_data()).status_code == 302
    tag.refresh_from_db()
    assert (tag.name_en, tag.proposal) == ("Large language models", {})


def test_editors_can_neither_approve_nor_change_an_address(editor):
    tag = TagFactory(slug="llm", name_en="LLM", proposal={"fields": {"name_en": "Spam"}, "by": "x", "at": "now"})
    client = browser(editor)
    response = client.get(reverse("admin:articles_tag_changelist"))
    assert "approve_proposals" not in response.content.decode()
    approve(client, Tag, tag)
    tag.refresh_from_db()
    assert tag.name_en == "LLM" and tag.proposal
    _response, form = open_form(client, reverse("admin:articles_tag_change", args=[tag.pk]), "tag_form")
    assert "slug" not in form.names


def test_entity_search_and_autocomplete_find_aliases_in_both_languages(editor):
    entity = EntityFactory(slug="alphabet", name_en="Alphabet", name_zh_hans="字母表")
    EntityAliasFactory(entity=entity, language="zh-hans", alias="谷歌")
    EntityAliasFactory(entity=entity, language="en", alias="Google")
    client = browser(editor)
    for term in ("谷歌", "Google", "字母"):
        response = client.get(reverse("admin:articles_entity_changelist"), {"q": term})
        assert list(response.context["cl"].result_list) == [entity], term
        response = client.get(
            reverse("admin:autocomplete"),
            {"term": term, "app_label": "articles", "model_name": "articleversion", "field_name": "entities"},
        )
        assert [row["id"] for row in response.json()["results"]] == [str(entity.pk)], term


def test_only_superusers_may_delete_taxonomy(moderator, superuser):
    tag = TagFactory()
    assert browser(moderator).get(reverse("admin:articles_tag_delete", args=[tag.pk])).status_code == 403
    assert browser(superuser).get(reverse("admin:articles_tag_delete", args=[tag.pk])).status_code == 200
    assert Tag.objects.filter(pk=tag.pk).exists()


def test_an_editors_logo_upload_waits_for_a_moderator_and_a_rejection_deletes_the_file(
    editor, moderator, django_capture_on_commit_callbacks
):
    entity = EntityFactory(slug="acme", name_en="Acme")
    client = browser(editor)
    url = reverse("admin:articles_entity_change", args=[entity.pk])
    _response, form = open_form(client, url, "entity_form")
    logo = image_upload("acme.png", width=300, height=300, image_format="PNG")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**form.post_data(), "logo": logo}, follow=True)
    assert "waiting for a moderator" in " ".join(messages_of(response))
    entity.refresh_from_db()
    proposed = entity.proposal["logo"]
    assert not entity.logo and proposed.startswith("entities/") and default_storage.exists(proposed)
    assert "entity-logo" not in Client().get("/en/entity/acme/").content.decode()
    # The editor's form shows the proposed logo; the moderator's shows live against proposed.
    assert proposed in client.get(url).content.decode()
    assert proposed in browser(moderator).get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        approve(browser(moderator), Entity, entity, action="reject_proposals")

    entity.refresh_from_db()
    assert (entity.logo.name, entity.proposal) == ("", {}) and not default_storage.exists(proposed)


def test_an_approved_logo_goes_live_with_its_size_and_renditions(editor, moderator, django_capture_on_commit_callbacks):
    entity = EntityFactory(slug="acme", name_en="Acme")
    client = browser(editor)
    url = reverse("admin:articles_entity_change", args=[entity.pk])
    _response, form = open_form(client, url, "entity_form")
    logo = image_upload("acme.png", width=300, height=200, image_format="PNG")
    assert client.post(url, {**form.post_data(), "logo": logo}).status_code == 302
    # A second save of the form (a text edit, no new file) keeps the proposed logo.
    _response, form = open_form(client, url, "entity_form")
    form["description_en"] = "A chipmaker."
    assert client.post(url, form.post_data()).status_code == 302
    entity.refresh_from_db()
    proposed = entity.proposal["logo"]
    assert entity.proposal["fields"] == {"description_en": "A chipmaker."}

    with django_capture_on_commit_callbacks(execute=True):
        approve(browser(moderator), Entity, entity)

    entity.refresh_from_db()
    assert (entity.logo.name, entity.logo_width, entity.logo_height) == (proposed, 300, 200)
    assert entity.logo_renditions and entity.description_en == "A chipmaker."
    assert "entity-logo" in Client().get("/en/entity/acme/").content.decode()


def test_a_logo_on_an_entity_an_editor_adds_is_not_live_before_approval(editor):
    client = browser(editor)
    url = reverse("admin:articles_entity_add")
    _response, form = open_form(client, url, "entity_form")
    form["slug"], form["kind"], form["name_en"] = "alphabet", "company", "Alphabet"
    logo = image_upload("alphabet.png", width=300, height=300, image_format="PNG")
    assert client.post(url, {**form.post_data(), "logo": logo}).status_code == 302
    entity = Entity.objects.get(slug="alphabet")
    assert not entity.logo and default_storage.exists(entity.proposal["logo"])


def test_an_editors_second_alias_edit_starts_from_their_pending_proposal(editor, moderator):
    entity = EntityFactory(slug="acme", name_en="Acme")
    EntityAliasFactory(entity=entity, language="en", alias="Acme Inc")
    client = browser(editor)
    url = reverse("admin:articles_entity_change", args=[entity.pk])
    _response, form = open_form(client, url, "entity_form")
    index = form.add_row("aliases")
    form[f"aliases-{index}-language"], form[f"aliases-{index}-alias"] = "en", "Acme Corp"
    assert client.post(url, form.post_data()).status_code == 302
    entity.refresh_from_db()
    assert entity.proposal["aliases"] == [["en", "Acme Corp"], ["en", "Acme Inc"]]

    _response, form = open_form(client, url, "entity_form")
    shown = [form[f"aliases-{i}-alias"] for i in range(form.rows("aliases"))]
    assert [alias for alias in shown if alias] == ["Acme Corp", "Acme Inc"]  # the proposal, not the live list
    row = shown.index("Acme Inc")  # the editor rewrites one proposed row and keeps the other
    form[f"aliases-{row}-language"], form[f"aliases-{row}-alias"] = "zh-hans", "艾克米"
    assert client.post(url, form.post_data()).status_code == 302

    entity.refresh_from_db()
    assert entity.proposal["aliases"] == [["en", "Acme Corp"], ["zh-hans", "艾克米"]]
    assert list(entity.aliases.values_list("alias", flat=True)) == ["Acme Inc"]  # live until approved
    approve(browser(moderator), Entity, entity)
    assert sorted(entity.aliases.values_list("alias", flat=True)) == ["Acme Corp", "艾克米"]
