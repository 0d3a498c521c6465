"""What a stored text may contain (``articles.plaintext``), enforced by every admin form."""

import pytest
from django.db import models
from django.urls import reverse

from articles.models import ArticleVersion, Entity, EntityAlias, FaqItem, Insight, KeyDataRow, Section, Tag, TldrItem
from articles.plaintext import forbidden_character, printable, problem, xml_safe
from articles.tests.admin_pages import browser, open_form
from articles.tests.factories import EntityFactory, SectionFactory, full_version

INLINE_MODELS = {"tldr_items": TldrItem, "key_data_rows": KeyDataRow, "insights": Insight, "faq_items": FaqItem}


@pytest.mark.parametrize(
    "character", ["\x00", "\x01", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\ud800", "\udfff", "\ufffe"]
)
def test_control_characters_lone_surrogates_and_non_characters_are_refused(character):
    value = f"Chip{character}maker"
    assert forbidden_character(value) == character
    assert f"U+{ord(character):04X} at position 5" in problem(value)
    assert xml_safe(value) == "Chipmaker"
    assert printable(value) == f"Chip\\u{ord(character):04x}maker"


@pytest.mark.parametrize(
    "value", ["", "Tab\there", "Line\nbreak", "Windows\r\nbreak", "芯片 🚀", "\u00a0nbsp", "\U0010fffd"]
)
def test_tabs_line_breaks_and_any_other_character_are_text(value):
    assert forbidden_character(value) is None and problem(value) == "" and xml_safe(value) == value


def _text_columns(model):
    """The form names of ``model``'s editable text columns (``title_en``, ``text_zh_hans``, …)."""
    return {
        field.name
        for field in model._meta.get_fields()
        if isinstance(field, (models.CharField, models.TextField)) and field.editable and not field.choices
    }


def _poison(form, names):
    poisoned = sorted(name for name in form.names if "__prefix__" not in name and name.rsplit("-", 1)[-1] in names)
    for name in poisoned:
        form[name] = "Before\x0bafter"
    return poisoned


def _errors(response):
    errors = dict(response.context["adminform"].form.errors)
    for formset in response.context["inline_admin_formsets"]:
        for form in formset.formset.forms:
            errors.update({form.add_prefix(name): messages for name, messages in form.errors.items()})
    return errors


@pytest.mark.django_db
def test_every_text_field_of_the_version_form_and_its_rows_refuses_a_control_character_by_name(editor):
    version = full_version(n_rows=1, entities=[EntityFactory()])
    before = (version.title_en, version.revision)
    client = browser(editor)
    url = reverse("admin:articles_articleversion_change", args=[version.pk])
    response, form = open_form(client, url)
    names = _text_columns(ArticleVersion) | set().union(*(_text_columns(m) for m in INLINE_MODELS.values()))
    poisoned = _poison(form, names)
    assert {
        "title_en",
        "title_zh_hans",
        "summary_en",
        "analysis_zh_hans",
        "image_alt_en",
        "image_credit_zh_hans",
    } <= set(poisoned)
    assert {
        f"{prefix}-0-{name}"
        for prefix in INLINE_MODELS
        for name in ("text_en",)
        if prefix in ("tldr_items", "insights")
    } <= set(poisoned)
    assert {
        "key_data_rows-0-info_zh_hans",
        "key_data_rows-0-metric_en",
        "faq_items-0-question_en",
        "faq_items-0-answer_zh_hans",
    } <= set(poisoned)

    response = client.post(url, form.post_data())

    assert response.status_code == 200
    errors = _errors(response)
    for name in poisoned:
        assert "U+000B" in " ".join(errors.get(name, [])), name
    assert "Title [en]: contains the invisible control character U+000B" in errors["title_en"][0]
    version.refresh_from_db()
    assert (version.title_en, version.revision) == before


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "extra"), [(Section, {}), (Tag, {}), (Entity, {"kind": "company"})])
def test_every_text_field_of_the_taxonomy_forms_refuses_a_control_character_by_name(superuser, model, extra):
    client = browser(superuser)
    url = reverse(f"admin:articles_{model._meta.model_name}_add")
    response, form = open_form(client, url, form_id=f"{model._meta.model_name}_form")
    form["slug"] = "new-one"
    for name, value in extra.items():
        form[name] = value
    names = _text_columns(model) - {"slug"}
    if model is Entity:
        form["aliases-0-language"] = "en"
        names |= _text_columns(EntityAlias) - {"language"}
    poisoned = _poison(form, names)
    assert {"name_en", "name_zh_hans", "description_en", "description_zh_hans"} <= set(poisoned)

    response = client.post(url, form.post_data())

    assert response.status_code == 200
    errors = _errors(response)
    for name in poisoned:
        assert "U+000B" in " ".join(errors.get(name, [])), name
    assert not model.objects.filter(slug="new-one").exists()


@pytest.mark.django_db
def test_a_text_with_tabs_and_line_breaks_is_saved_from_the_taxonomy_form(superuser):
    section = SectionFactory()
    client = browser(superuser)
    url = reverse("admin:articles_section_change", args=[section.pk])
    response, form = open_form(client, url, form_id="section_form")
    form["description_en"] = "One\tline\r\nand another"
    response = client.post(url, form.post_data())
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.description_en == "One\tline\r\nand another"
