"""The language switch in a real browser (Debian's chromium through Playwright)."""

import pytest
from django.urls import reverse

from articles.tests.factories import EditorFactory, full_version
from articles.tests.test_browser import browser  # noqa: F401  (fixture: one chromium per module)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(live_server, browser):  # noqa: F811
    """A page in a fresh context of the module's chromium, closed after the test."""
    page = browser.new_page()
    yield page
    page.context.close()


def log_in(page, live_server, user):
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


def test_the_language_switch_shows_one_language_across_form_and_inlines_and_is_remembered(page, live_server):
    editor = EditorFactory()
    draft = full_version()
    log_in(page, live_server, editor)
    url = live_server.url + reverse("admin:articles_articleversion_change", args=[draft.pk])
    page.goto(url)
    assert page.is_visible(".language-switch")

    page.click(".language-switch [data-language='zh-hans']")
    assert page.is_visible("#id_title_zh_hans") and not page.is_visible("#id_title_en")
    assert page.is_visible("#id_tldr_items-0-text_zh_hans") and not page.is_visible("#id_tldr_items-0-text_en")
    assert not page.is_visible("th.column-text_en") and page.is_visible("#id_faq_items-0-answer_zh_hans")
    assert not page.is_visible("#id_faq_items-0-answer_en")
    page.click("#tldr_items-group .add-row a")  # a new inline row follows the choice
    assert not page.is_visible("#id_tldr_items-2-text_en") and page.is_visible("#id_tldr_items-2-text_zh_hans")

    page.goto(url)  # remembered
    assert page.get_attribute(".language-switch [data-language='zh-hans']", "aria-pressed") == "true"
    assert not page.is_visible("#id_summary_en")

    page.click(".language-switch [data-language='both']")
    assert page.is_visible("#id_summary_en") and page.is_visible("#id_summary_zh_hans")
    box_en, box_zh = page.locator("#id_title_en").bounding_box(), page.locator("#id_title_zh_hans").bounding_box()
    assert abs(box_en["y"] - box_zh["y"]) < 5 and box_zh["x"] > box_en["x"]  # side by side


def test_the_edit_form_fits_the_window_in_each_language_and_text_boxes_use_the_room(page, live_server):
    editor = EditorFactory()
    draft = full_version(n_rows=3)
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, live_server, editor)
    page.goto(live_server.url + reverse("admin:articles_articleversion_change", args=[draft.pk]))
    widths = {}
    for choice in ("en", "zh-hans", "both"):
        page.click(f".language-switch [data-language='{choice}']")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (choice, overflow)  # the key-data table with six text columns included
        widths[choice] = page.locator("#id_title_zh_hans" if choice == "zh-hans" else "#id_title_en").bounding_box()[
            "width"
        ]
    row = page.locator("#key_data_rows-group .form-row.has_original").first.bounding_box()
    table = page.locator("#key_data_rows-group table").bounding_box()
    assert row["x"] + row["width"] <= table["x"] + table["width"] + 1
    # One language: the title box takes the row; both: each language (label and box) takes half of it.
    assert widths["en"] > 600 and widths["zh-hans"] > 600
    assert widths["both"] > 250


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_articles_changelist_fits_beside_the_navigation_and_filters_at_1280(page, live_server, language):
    editor = EditorFactory()
    for _ in range(3):
        full_version(
            title_en="Northwind Labs launches Aurora-7, a multimodal model with a 400,000-token context window"
        )
    page.set_viewport_size({"width": 1280, "height": 800})
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    log_in(page, live_server, editor)
    page.goto(live_server.url + reverse("admin:articles_article_changelist"))
    assert page.is_visible("#nav-sidebar")  # the navigation sidebar is open
    results = page.evaluate(
        "(() => { const box = document.querySelector('.results'); return [box.scrollWidth, box.clientWidth]; })()"
    )
    assert results[0] <= results[1], results  # nothing scrolled or cut off, the translation column included
    last = page.locator("#result_list thead th").last.bounding_box()
    filters = page.locator("#changelist-filter").bounding_box()
    assert last["x"] + last["width"] <= filters["x"]
    assert page.locator("#result_list .field-title_marked").first.bounding_box()["width"] >= 150


def overlaps(a, b):
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def test_the_review_previews_line_up_and_a_long_title_clears_the_history_button(page, live_server):
    from articles import workflow
    from articles.tests.factories import ModeratorFactory

    editor, moderator = EditorFactory(), ModeratorFactory()
    long_title = (
        "Helix Semiconductor opens its largest fab yet, adding 1.6 GW of power-hungry capacity to a tight market"
    )
    draft = full_version(title_en=long_title, title_zh_hans="螺旋半导体启用其最大晶圆厂")
    workflow.version_submit(version=draft, by=editor)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, moderator)

    page.goto(live_server.url + reverse("moderation:review", args=[draft.pk]))
    page.screenshot(path="/tmp/qa3-review.png", full_page=True)
    frames = [page.locator(".moderation-grid iframe").nth(i).bounding_box() for i in range(2)]
    assert frames[0]["y"] == frames[1]["y"] and frames[0]["height"] == frames[1]["height"]

    page.goto(live_server.url + reverse("admin:articles_articleversion_change", args=[draft.pk]))
    page.screenshot(path="/tmp/qa3-edit.png")
    tools = page.locator("ul.object-tools").bounding_box()
    # Where the title's text is drawn, line by line (its box spans the width; its text must not reach the button).
    lines = page.evaluate("""() => {
        const range = document.createRange();
        range.selectNodeContents(document.querySelector("#content > h2"));
        return Array.from(range.getClientRects(), r => ({x: r.x, y: r.y, width: r.width, height: r.height}));
    }""")
    assert len(lines) >= 2  # the long title wraps
    assert not any(overlaps(line, tools) for line in lines)


def test_clicking_on_the_lead_image_preview_sets_the_focal_point_that_the_form_saves(page, live_server):
    from articles.models import ArticleVersion
    from articles.tests.factories import with_image

    editor = EditorFactory()
    draft = with_image(full_version())
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, editor)
    page.goto(live_server.url + reverse("admin:articles_articleversion_change", args=[draft.pk]))
    thumbnail = page.locator(".image-preview--focal .image-preview__thumbnail")
    box = thumbnail.bounding_box()
    assert box["width"] > 100 and box["height"] > 50
    assert not page.is_visible(".image-preview__marker")
    thumbnail.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.75})
    assert abs(float(page.input_value("#id_image_focus_x")) - 0.25) <= 0.02
    assert abs(float(page.input_value("#id_image_focus_y")) - 0.75) <= 0.02
    marker = page.locator(".image-preview__marker").bounding_box()
    assert abs(marker["x"] + marker["width"] / 2 - (box["x"] + box["width"] * 0.25)) < 4
    page.click("input[name=_continue]")
    page.wait_for_load_state()
    saved = ArticleVersion.objects.get(pk=draft.pk)
    assert abs(saved.image_focus_x - 0.25) <= 0.02 and abs(saved.image_focus_y - 0.75) <= 0.02


def test_key_data_boxes_stay_wide_enough_to_read_in_every_language_layout(page, live_server):
    editor = EditorFactory()
    draft = full_version(n_rows=2)
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, live_server, editor)
    page.goto(live_server.url + reverse("admin:articles_articleversion_change", args=[draft.pk]))
    picker = "#id_key_data_rows-0-entity"
    # The one entity picker of a row (select2's box, when the autocomplete has started).
    boxed = page.locator(f"{picker} + .select2-container")
    for choice in ("en", "zh-hans", "both"):
        page.click(f".language-switch [data-language='{choice}']")
        entity = (boxed if boxed.count() else page.locator(picker)).bounding_box()
        assert entity and entity["width"] >= 150, (choice, entity)  # one picker in every layout, was ~90 px
        suffixes = ("en", "zh_hans") if choice == "both" else (choice.replace("-", "_"),)
        for suffix in suffixes:
            info = page.locator(f"#id_key_data_rows-0-info_{suffix}").bounding_box()
            assert info["width"] >= 150, (choice, suffix, info)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (choice, overflow)  # the key-data table scrolls inside its group instead


def test_a_key_data_entity_is_found_by_either_name_in_the_chinese_interface_and_an_override_shows_in_chinese_only(
    page, live_server
):
    from articles.tests.factories import EntityFactory

    editor = EditorFactory()
    EntityFactory(slug="helix", name_en="Helix Semiconductor", name_zh_hans="螺旋半导体")
    draft = full_version(n_rows=2, entities=[EntityFactory(slug="acme", name_en="Acme", name_zh_hans="艾克米")])
    draft.key_data_rows.filter(position=1).update(entity_override_zh_hans=EntityFactory(slug="globex"))
    page.set_viewport_size({"width": 1280, "height": 800})
    page.context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": live_server.url}])
    log_in(page, live_server, editor)
    page.goto(live_server.url + reverse("admin:articles_articleversion_change", args=[draft.pk]))
    override = "#id_key_data_rows-1-entity_override_zh_hans"
    for choice, shown in (("en", False), ("zh-hans", True), ("both", True)):
        page.click(f".language-switch [data-language='{choice}']")
        assert page.is_visible("#id_key_data_rows-0-entity + .select2-container")  # one picker, every mode
        assert page.is_visible(f"{override} + .select2-container") == shown, choice
    assert "Acme · 艾克米" in page.inner_text("#id_key_data_rows-0-entity + .select2-container")
    for term in ("Helix", "螺旋"):
        page.click("#id_key_data_rows-0-entity + .select2-container")
        page.fill(".select2-container--open .select2-search__field", term)
        page.wait_for_selector(".select2-results__option:has-text('Helix Semiconductor · 螺旋半导体')")
        page.keyboard.press("Escape")
