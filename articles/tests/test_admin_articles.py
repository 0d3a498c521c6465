"""The article admin's add and change forms, posted as a browser would (CSRF enforced)."""

import re

import pytest
from django.urls import reverse

from articles import workflow
from articles.models import Article, ArticleVersion, FaqItem, Insight, KeyDataRow, TldrItem
from articles.review.diffing import version_diff
from articles.tests.admin_pages import AdminForm, browser, csrf_token, messages_of, open_form
from articles.tests.factories import EntityFactory, SectionFactory, TagFactory, full_version, published_article

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_article_add")
INLINES = ("tldr_items", "key_data_rows", "insights", "faq_items")


def change_url(version):
    return reverse("admin:articles_articleversion_change", args=[version.pk])


def move(client, version, name, **extra):
    response, _form = open_form(client, change_url(version))
    return client.post(
        reverse("admin:articles_articleversion_move", args=[version.pk]),
        {"csrfmiddlewaretoken": csrf_token(response), "move": name, **extra},
    )


def fill_bilingual(form, *, section, tags, entities, tag=""):
    form["section"] = section.pk
    form["title_en"], form["title_zh_hans"] = f"Chipmaker opens a fab{tag}", f"芯片厂商开设晶圆厂{tag}"
    form["summary_en"], form["summary_zh_hans"] = f"A plant comes online{tag}.", f"一座工厂投产{tag}。"
    form["analysis_en"], form["analysis_zh_hans"] = f"## Why{tag}\n\nSupply was tight.", f"## 原因{tag}\n\n供应紧张。"
    form["hot_score"], form["quality_score"], form["impact_score"] = 81, 72, 63
    form["ai_generated"] = "on"
    if "ai_generated_reason" in form.names:
        form["ai_generated_reason"] = "Drafted with a chatbot outside the pipeline."
    form["tags"] = [tag_.pk for tag_ in tags]
    form["entities"] = [entity.pk for entity in entities]


def fill_rows(form, entity, *, count=2, tag=""):
    """Fill ``count`` rows of every inline in both languages, in reverse position order."""
    for i in range(count):
        position = count - i  # later rows first: the saved order must follow ``position``
        for prefix, values in (
            ("tldr_items", {"text_en": f"Point {position}{tag}", "text_zh_hans": f"要点{position}{tag}"}),
            (
                "key_data_rows",
                {
                    "entity": entity.pk,
                    "info_en": f"Capacity {position}{tag}",
                    "info_zh_hans": f"产能{position}{tag}",
                    "metric_en": f"{position} GW",
                    "metric_zh_hans": f"{position}吉瓦",
                },
            ),
            ("insights", {"text_en": f"Insight {position}{tag}", "text_zh_hans": f"洞察{position}{tag}"}),
            (
                "faq_items",
                {
                    "question_en": f"Question {position}{tag}?",
                    "question_zh_hans": f"问题{position}{tag}？",
                    "answer_en": f"Answer {position}{tag}.",
                    "answer_zh_hans": f"回答{position}{tag}。",
                },
            ),
        ):
            index = i if i < form.rows(prefix) else form.add_row(prefix)
            form[f"{prefix}-{index}-position"] = position
            for name, value in values.items():
                form[f"{prefix}-{index}-{name}"] = value


def assert_rows(version, entity, *, count=2, tag=""):
    for position in range(1, count + 1):
        i = position - 1
        tldr = list(TldrItem.objects.filter(version=version))[i]
        assert (tldr.position, tldr.text_en, tldr.text_zh_hans) == (
            position,
            f"Point {position}{tag}",
            f"要点{position}{tag}",
        )
        row = list(KeyDataRow.objects.filter(version=version))[i]
        assert (
            row.entity_in("en"),
            row.entity_in("zh-hans"),
            row.info_en,
            row.info_zh_hans,
            row.metric_en,
            row.metric_zh_hans,
        ) == (entity, entity, f"Capacity {position}{tag}", f"产能{position}{tag}", f"{position} GW", f"{position}吉瓦")
        insight = list(Insight.objects.filter(version=version))[i]
        assert (insight.text_en, insight.text_zh_hans) == (f"Insight {position}{tag}", f"洞察{position}{tag}")
        faq = list(FaqItem.objects.filter(version=version))[i]
        assert (faq.question_en, faq.question_zh_hans, faq.answer_en, faq.answer_zh_hans) == (
            f"Question {position}{tag}?",
            f"问题{position}{tag}？",
            f"Answer {position}{tag}.",
            f"回答{position}{tag}。",
        )
    for model in (TldrItem, KeyDataRow, Insight, FaqItem):
        assert model.objects.filter(version=version).count() == count


def test_posting_the_real_add_form_creates_a_complete_bilingual_article_and_its_first_draft(editor):
    section, tags, entity = SectionFactory(), [TagFactory(), TagFactory()], EntityFactory()
    client = browser(editor)
    response, form = open_form(client, ADD_URL)
    assert response.redirect_chain[-1][0] == reverse("admin:articles_articleversion_add")
    for prefix in INLINES:
        assert f"{prefix}-TOTAL_FORMS" in form.names and f"{prefix}-__prefix__-position" in form.names
    form["slug"] = "chipmaker-opens-fab"
    fill_bilingual(form, section=section, tags=tags, entities=[entity])
    fill_rows(form, entity)

    response = client.post(response.request["PATH_INFO"], form.post_data())

    assert response.status_code == 302, response.context["errors"] if response.context else response
    article = Article.objects.get(slug="chipmaker-opens-fab")
    version = article.draft
    assert version.number == 1 and version.state == ArticleVersion.State.DRAFT and article.live_version is None
    assert (version.title_en, version.title_zh_hans) == ("Chipmaker opens a fab", "芯片厂商开设晶圆厂")
    assert (version.summary_en, version.summary_zh_hans) == ("A plant comes online.", "一座工厂投产。")
    assert (version.analysis_en, version.analysis_zh_hans) == ("## Why\n\nSupply was tight.", "## 原因\n\n供应紧张。")
    assert (version.section, version.hot_score, version.quality_score, version.impact_score, version.ai_generated) == (
        section,
        81,
        72,
        63,
        True,
    )
    assert set(version.tags.all()) == set(tags) and list(version.entities.all()) == [entity]
    assert_rows(version, entity)
    assert version.created_by == editor and version.modified_by == editor
    assert version.revision == 2  # created, then saved through workflow.version_saved
    # Ticking the AI disclaimer override is audited with its reason.
    assert [event.action for event in article.audit_events.all()] == ["ai_override", "create"]


def test_the_add_form_refuses_a_taken_slug_and_saves_nothing(editor):
    existing = full_version()
    client = browser(editor)
    response, form = open_form(client, ADD_URL)
    form["slug"] = existing.article.slug
    fill_bilingual(form, section=SectionFactory(), tags=[], entities=[])
    response = client.post(response.request["PATH_INFO"], form.post_data())
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert Article.objects.count() == 1 and ArticleVersion.objects.count() == 1


def test_opening_a_live_article_shows_it_read_only_and_the_edit_button_starts_a_draft_copy(editor):
    entity = EntityFactory()
    article = published_article(entities=[entity])
    live = article.live_version
    client = browser(editor)

    response, _form = open_form(client, reverse("admin:articles_article_change", args=[article.pk]))
    assert response.redirect_chain[-1][0] == change_url(live)
    page = response.content.decode()
    assert 'name="title_en"' not in page  # read-only: no inputs for the live version
    assert live.title_en in page and 'value="start_draft"' in page

    response = move(client, live, "start_draft")
    article.refresh_from_db()
    draft = article.draft
    assert response.status_code == 302 and response["Location"] == change_url(draft)
    assert draft.pk != live.pk and draft.based_on == live and draft.title_zh_hans == live.title_zh_hans
    # Opening the article now opens the working draft.
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response["Location"] == change_url(draft)


def test_posting_the_real_change_form_edits_the_draft_in_both_languages_and_never_the_live_version(editor):
    entity, other_entity = EntityFactory(), EntityFactory()
    article = published_article(entities=[entity], n_rows=3)
    live = article.live_version
    live_before = (
        live.title_en,
        live.title_zh_hans,
        list(TldrItem.objects.filter(version=live).values_list("text_en", "text_zh_hans")),
    )
    draft = workflow.article_start_draft(article=article, by=editor)
    client = browser(editor)
    response, form = open_form(client, change_url(draft))
    assert form.rows("tldr_items") == 4  # three copied rows and one blank

    fill_bilingual(form, section=live.section, tags=[TagFactory()], entities=[other_entity], tag=" (rev)")
    fill_rows(form, other_entity, count=2, tag=" (rev)")
    for prefix in INLINES:  # the third copied row is deleted
        form[f"{prefix}-2-DELETE"] = "on"
    response = client.post(change_url(draft), form.post_data())

    assert response.status_code == 302, response.context["errors"] if response.context else response
    draft.refresh_from_db()
    assert (draft.title_en, draft.title_zh_hans) == ("Chipmaker opens a fab (rev)", "芯片厂商开设晶圆厂 (rev)")
    assert (draft.summary_zh_hans, draft.analysis_en) == ("一座工厂投产 (rev)。", "## Why (rev)\n\nSupply was tight.")
    assert list(draft.entities.all()) == [other_entity]
    assert_rows(draft, other_entity, tag=" (rev)")
    assert draft.revision == 2 and draft.modified_by == editor
    live.refresh_from_db()
    assert (
        live.title_en,
        live.title_zh_hans,
        list(TldrItem.objects.filter(version=live).values_list("text_en", "text_zh_hans")),
    ) == live_before
    assert TldrItem.objects.filter(version=live).count() == 3


def test_saving_text_areas_unchanged_stores_plain_newlines_so_nothing_shows_as_changed(editor):
    # Browsers post a text area's line breaks as CRLF.
    article = published_article(
        n_rows=2, analysis_en="## Why\n\nSupply was tight.", analysis_zh_hans="## 原因\n\n供应紧张。"
    )
    FaqItem.objects.filter(version=article.live_version).update(answer_en="One.\nTwo.")
    draft = workflow.article_start_draft(article=article, by=editor)
    client = browser(editor)
    _response, form = open_form(client, change_url(draft))
    for name in ("analysis_en", "analysis_zh_hans", "faq_items-0-answer_en"):
        form[name] = form[name].replace("\n", "\r\n")
    response = client.post(change_url(draft), form.post_data())
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.analysis_en, draft.analysis_zh_hans) == ("## Why\n\nSupply was tight.", "## 原因\n\n供应紧张。")
    assert set(FaqItem.objects.filter(version=draft).values_list("answer_en", flat=True)) == {"One.\nTwo."}
    assert not version_diff(article.live_version, draft).has_changes


def test_rows_left_blank_in_every_language_are_not_saved_and_an_emptied_row_is_removed(editor):
    draft = full_version(n_rows=2)
    client = browser(editor)
    response, form = open_form(client, change_url(draft))
    form["tldr_items-0-text_en"], form["tldr_items-0-text_zh_hans"] = "", ""  # emptied
    index = form.add_row("tldr_items")
    form[f"tldr_items-{index}-position"] = 7  # a position but no text: still blank
    form[f"faq_items-{form.add_row('faq_items')}-question_zh_hans"] = "只有中文的问题？"
    response = client.post(change_url(draft), form.post_data())
    assert response.status_code == 302
    kept = TldrItem.objects.get(version=draft)  # the emptied row is gone, the blank one never saved
    assert kept.text_en and kept.text_zh_hans
    faq = FaqItem.objects.get(version=draft, question_zh_hans="只有中文的问题？")
    assert (faq.question_en or "", faq.answer_en or "") == ("", "")
    assert FaqItem.objects.filter(version=draft).count() == 3


def test_rows_are_shown_in_position_order(editor):
    draft = full_version(n_rows=0)
    TldrItem.objects.create(version=draft, position=5, text_en="Last", text_zh_hans="最后")
    TldrItem.objects.create(version=draft, position=1, text_en="First", text_zh_hans="第一")
    response, form = open_form(browser(editor), change_url(draft))
    assert (form["tldr_items-0-text_en"], form["tldr_items-1-text_en"]) == ("First", "Last")


@pytest.mark.parametrize("page", ["add", "change"])
def test_no_admin_form_can_overwrite_the_view_count(editor, page):
    draft = full_version()
    Article.objects.filter(pk=draft.article_id).update(views=42)
    client = browser(editor)
    url = ADD_URL if page == "add" else change_url(draft)
    response, form = open_form(client, url)
    if page == "add":
        form["slug"] = "crafted"
        fill_bilingual(form, section=draft.section, tags=[], entities=[])
    data = {**form.post_data(), "views": "999", "article-views": "999", "article_views": "999"}
    response = client.post(response.request["PATH_INFO"], data)
    assert response.status_code == 302
    assert set(Article.objects.values_list("views", flat=True)) <= {42, 0}
    assert "42" in client.get(change_url(draft)).content.decode()


def test_the_view_count_is_shown_read_only(editor):
    draft = full_version()
    Article.objects.filter(pk=draft.article_id).update(views=4321)
    page = browser(editor).get(change_url(draft)).content.decode()
    assert "4321" in page and 'name="views"' not in page


def test_save_as_new_is_refused_so_no_copy_bypasses_the_workflow(editor):
    draft = full_version()
    client = browser(editor)
    response, form = open_form(client, change_url(draft))
    response = client.post(change_url(draft), {**form.post_data(), "_saveasnew": "1", "slug": "copy-of-it"})
    assert response.status_code == 403
    assert ArticleVersion.objects.count() == 1 and Article.objects.count() == 1


def test_approved_and_superseded_versions_cannot_be_changed_by_a_crafted_post(moderator):
    article = published_article()
    old = article.live_version
    draft = workflow.article_start_draft(article=article, by=moderator)
    workflow.version_submit(version=draft, by=moderator)
    workflow.version_publish(version=draft, by=moderator)
    old.refresh_from_db()
    assert old.state == ArticleVersion.State.SUPERSEDED
    client = browser(moderator)
    for version in (old, draft):
        response = client.get(change_url(version))
        token = csrf_token(response)
        response = client.post(
            change_url(version), {"csrfmiddlewaretoken": token, "title_en": "Hacked", "section": version.section_id}
        )
        assert response.status_code == 403
        version.refresh_from_db()
        assert version.title_en != "Hacked"


def test_a_post_without_the_csrf_token_is_refused(editor):
    draft = full_version()
    client = browser(editor)
    response, form = open_form(client, change_url(draft))
    data = form.post_data()
    data.pop("csrfmiddlewaretoken")
    data["title_en"] = "No token"
    assert client.post(change_url(draft), data).status_code == 403
    draft.refresh_from_db()
    assert draft.title_en != "No token"


def test_the_form_has_one_language_switch_and_both_languages_labelled_without_script(editor):
    draft = full_version()
    for language, label in (("en", "Both, side by side"), ("zh-hans", "两种语言并排")):
        client = browser(editor)
        client.cookies["django_language"] = language
        page = client.get(change_url(draft), HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert page.count('class="language-switch"') == 1
        assert 'data-language="en"' in page and 'data-language="zh-hans"' in page and label in page
        assert "admin-language.js" in page and "tabbed_translation_fields" not in page
        assert "[en]" in page and "[zh-hans]" in page
        # Main form rows and tabular inline columns carry the per-language classes the switch uses.
        for marker in (
            "field-title_en",
            "field-title_zh_hans",
            "column-text_en",
            "column-text_zh_hans",
            "field-question_zh_hans",
        ):
            assert marker in page


@pytest.mark.parametrize("interface", ["en", "zh-hans"])
def test_autocomplete_serves_sections_tags_and_entities_for_the_version_form(editor, interface):
    EntityFactory(slug="acme", name_en="Acme", name_zh_hans="艾克米")
    EntityFactory(slug="globex", name_en="Globex", name_zh_hans="")
    client = browser(editor)
    client.cookies["django_language"] = interface
    page = client.get(reverse("admin:articles_articleversion_add")).content.decode()
    for field in ("section", "tags", "entities", "key_data_rows-__prefix__-entity"):
        assert f'name="{field}"' in page and "admin-autocomplete" in page
    assert "key_data_rows-__prefix__-entity_" not in page  # one picker per row, for every language
    # A key-data row's picker lists each entity by its names in both languages, whatever the interface's.
    for term, found in (("艾克米", ["Acme · 艾克米"]), ("Acme", ["Acme · 艾克米"]), ("Glob", ["Globex"])):
        response = client.get(
            reverse("admin:autocomplete"),
            {"term": term, "app_label": "articles", "model_name": "keydatarow", "field_name": "entity"},
        )
        assert response.status_code == 200 and [r["text"] for r in response.json()["results"]] == found
    response = client.get(
        reverse("admin:autocomplete"),
        {"term": "", "app_label": "articles", "model_name": "articleversion", "field_name": "tags"},
    )
    assert response.status_code == 200


def test_the_version_admin_is_not_listed_on_its_own(editor):
    page = browser(editor).get(reverse("admin:index")).content.decode()
    assert reverse("admin:articles_article_changelist") in page
    assert reverse("admin:articles_articleversion_changelist") not in page
    response = browser(editor).get(reverse("admin:articles_articleversion_changelist"))
    assert response["Location"] == reverse("admin:articles_article_changelist")


def test_non_superusers_have_no_delete_action_or_delete_page(moderator, superuser):
    article = published_article()
    page = browser(moderator).get(reverse("admin:articles_article_changelist")).content.decode()
    assert "delete_selected" not in page
    assert browser(moderator).get(reverse("admin:articles_article_delete", args=[article.pk])).status_code == 403
    assert "delete_selected" in browser(superuser).get(reverse("admin:articles_article_changelist")).content.decode()


def test_an_error_message_names_the_problem_in_both_languages(editor):
    draft = full_version()
    for language, text in (("en", "Ensure this value is less than or equal to 100."), ("zh-hans", "100")):
        client = browser(editor)
        client.cookies["django_language"] = language
        response, form = open_form(client, change_url(draft))
        form["hot_score"] = 140
        response = client.post(change_url(draft), form.post_data())
        assert response.status_code == 200 and text in response.content.decode()
    draft.refresh_from_db()
    assert draft.hot_score == 70 and draft.revision == 1
    assert messages_of(response) == []
    assert isinstance(AdminForm(response.content.decode(), "articleversion_form")["title_en"], str)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_admin_pages_name_the_site_icon_and_favicon_ico_leads_to_it(editor, language):
    client = browser(editor)
    for url in (reverse("admin:index"), reverse("moderation:queue")):
        html = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html
        assert ("Newsroom admin" if language == "en" else "Newsroom 管理") in html  # Django's branding kept
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == "/static/img/favicon.svg"


# One history, one name --------------------------------------------------------------------------


def test_the_object_history_button_leads_to_the_version_history_and_nowhere_else(editor):
    version = full_version()
    client = browser(editor)
    history = reverse("moderation:history", args=[version.article_id])
    html = client.get(change_url(version)).content.decode()
    assert f'<a href="{history}" class="historylink">' in html
    assert "History of this article" not in html  # the form's own list is the latest moves, linking here
    for url in (
        reverse("admin:articles_articleversion_history", args=[version.pk]),
        reverse("admin:articles_article_history", args=[version.article_id]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == history
    assert client.get(history).status_code == 200


@pytest.mark.parametrize(
    ("language", "add", "crumb", "changed"),
    [
        ("en", "Add article", "Articles", "The article “"),
        ("zh-hans", "新增文章", "文章", "文章"),
    ],
)
def test_every_screen_breadcrumb_and_message_says_article(editor, language, add, crumb, changed):
    client = browser(editor)
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    response, form = open_form(client, ADD_URL)
    html = client.get(reverse("admin:articles_articleversion_add"), **headers).content.decode()
    breadcrumbs = html[
        html.index('<div class="breadcrumbs">') : html.index("</div>", html.index('<div class="breadcrumbs">'))
    ]
    assert add in breadcrumbs and crumb in breadcrumbs
    assert "version" not in breadcrumbs.lower() and "版本" not in breadcrumbs
    assert "version" not in html[html.index("<h1>") : html.index("</h1>")].lower()
    assert re.search(r'for="id_slug">(Slug|网址标识)[:：]</label>', html)
    draft = full_version(created_by=editor)
    response, form = open_form(client, change_url(draft))
    form["title_en"] = "Renamed"
    response = client.post(change_url(draft), form.post_data(), follow=True, **headers)
    text = re.sub(r"<[^>]+>", "", " ".join(messages_of(response)))
    assert changed in text and "article version" not in text.lower() and "文章版本" not in text


# Key data: the entity picked once -----------------------------------------------------------------


@pytest.mark.parametrize("interface", ["en", "zh-hans"])
def test_a_key_data_entity_picked_once_names_the_row_in_each_language_on_the_reader_page(editor, moderator, interface):
    helix = EntityFactory(slug="helix", name_en="Helix Semiconductor", name_zh_hans="螺旋半导体")
    draft = full_version(created_by=editor, n_rows=0)
    client = browser(editor)
    client.cookies["django_language"] = interface
    response, form = open_form(client, change_url(draft))
    assert not [name for name in form.names if name.startswith("key_data_rows-") and "-entity_" in name]
    index = 0 if form.rows("key_data_rows") else form.add_row("key_data_rows")
    form[f"key_data_rows-{index}-position"] = 1
    form[f"key_data_rows-{index}-entity"] = helix.pk
    form[f"key_data_rows-{index}-info_en"], form[f"key_data_rows-{index}-info_zh_hans"] = "Capacity", "产能"
    response = client.post(change_url(draft), form.post_data())
    assert response.status_code == 302, response.context["errors"] if response.context else response
    row = KeyDataRow.objects.get(version=draft)
    assert (row.entity, row.entity_override_zh_hans) == (helix, None)

    # The picker shows the pick by its names in both languages.
    html = client.get(change_url(draft)).content.decode()
    assert re.search(
        r'id="id_key_data_rows-0-entity"[^>]*>\s*<option value="">[^<]*</option>\s*'
        rf'<option value="{helix.pk}" selected>Helix Semiconductor · 螺旋半导体</option>',
        html,
    )
    workflow.version_submit(version=draft, by=editor)
    workflow.version_publish(version=draft, by=moderator)
    for language, name, other in (
        ("en", "Helix Semiconductor", "螺旋半导体"),
        ("zh-hans", "螺旋半导体", "Helix Semiconductor"),
    ):
        page = client.get(f"/{language}/article/{draft.article.slug}/").content.decode()
        key_data = page[page.index('<section class="analysis__part key-data">') :]
        key_data = key_data[: key_data.index("</table>")]
        assert name in key_data and other not in key_data and f"/{language}/entity/helix/" in key_data


def test_changing_a_rows_entity_keeps_a_different_chinese_entity_unless_it_is_picked_or_cleared(editor):
    one, two, three = EntityFactory(), EntityFactory(), EntityFactory()
    draft = full_version(created_by=editor, n_rows=0)
    same = KeyDataRow.objects.create(version=draft, position=1, entity=one, info_en="A", info_zh_hans="A")
    different = KeyDataRow.objects.create(
        version=draft, position=2, entity=one, entity_override_zh_hans=two, info_en="B", info_zh_hans="B"
    )
    picked = KeyDataRow.objects.create(
        version=draft, position=3, entity=one, entity_override_zh_hans=two, info_en="C", info_zh_hans="C"
    )
    cleared = KeyDataRow.objects.create(
        version=draft, position=4, entity=one, entity_override_zh_hans=two, info_en="D", info_zh_hans="D"
    )
    client = browser(editor)
    response, form = open_form(client, change_url(draft))
    # Only where the data says the languages differ: the Chinese override column.
    assert "key_data_rows-0-entity_override_zh_hans" in form.names
    form["key_data_rows-0-entity"] = three.pk
    form["key_data_rows-1-entity"] = three.pk
    form["key_data_rows-2-entity"] = two.pk  # the Chinese side's entity, now the row's
    form["key_data_rows-3-entity"] = ""  # no entity, in any language
    response = client.post(change_url(draft), form.post_data())
    assert response.status_code == 302, response.context["errors"] if response.context else response
    for row in (same, different, picked, cleared):
        row.refresh_from_db()
    assert (same.entity, same.entity_override_zh_hans) == (three, None)
    assert (different.entity, different.entity_override_zh_hans) == (three, two)  # the data said they differ
    assert (picked.entity, picked.entity_override_zh_hans) == (two, None)
    assert (cleared.entity, cleared.entity_override_zh_hans) == (None, None)

    response, form = open_form(client, change_url(draft))
    form["key_data_rows-1-entity_override_zh_hans"] = ""  # the editor says both languages name the same
    response = client.post(change_url(draft), form.post_data())
    assert response.status_code == 302, response.context["errors"] if response.context else response
    different.refresh_from_db()
    assert (different.entity_in("en"), different.entity_in("zh-hans")) == (three, three)
    assert "key_data_rows-0-entity_override_zh_hans" not in open_form(client, change_url(draft))[1].names
