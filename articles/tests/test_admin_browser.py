"""The language switch in a real browser (Debian's chromium through Playwright)."""

import os
import shutil

import pytest
from django.urls import reverse

from articles.tests.factories import EditorFactory, full_version

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def page(live_server):
    if not CHROMIUM:
        if os.environ.get("NEWSROOM_REQUIRE_BROWSER"):
            pytest.fail("chromium is required (NEWSROOM_REQUIRE_BROWSER is set) but not installed")
        pytest.skip("chromium is not installed: browser tests skipped")
    playwright = pytest.importorskip("playwright.sync_api")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop shares this thread with the ORM
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser.new_page()
        browser.close()


def log_in(page, live_server, user):
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")


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
