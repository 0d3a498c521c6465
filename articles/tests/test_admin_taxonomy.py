"""Section, tag and entity admins: names per language, entity aliases per language."""

import pytest
from django.urls import reverse

from articles.models import Entity, Section, Tag
from articles.tests.admin_pages import browser, open_form
from articles.tests.factories import EntityAliasFactory, EntityFactory, TagFactory

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


def test_editors_rename_a_tag_per_language(editor):
    tag = TagFactory(slug="llm", name_en="LLM", name_zh_hans="")
    client = browser(editor)
    url = reverse("admin:articles_tag_change", args=[tag.pk])
    _response, form = open_form(client, url, "tag_form")
    form["name_zh_hans"] = "大模型"
    assert client.post(url, form.post_data()).status_code == 302
    tag.refresh_from_db()
    assert (tag.name_en, tag.name_zh_hans) == ("LLM", "大模型")


def test_editors_add_an_entity_with_names_and_aliases_per_language(editor):
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
    assert (entity.name_en, entity.name_zh_hans, entity.kind) == ("Alphabet", "谷歌母公司", "company")
    assert sorted(entity.aliases.values_list("language", "alias")) == [("en", "Google"), ("zh-hans", "谷歌")]


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
