"""
The editorial desk in a real browser: each daily task in at most three page loads from the admin
home, the screens' accessibility (axe) in light and dark, and screenshots of every desk screen
at 1280 and 390 px in both interface languages (written to test-artifacts/desk/, not committed).
"""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.utils import timezone

from articles import workflow
from articles.languages import html_lang
from articles.models import ArticleVersion
from articles.tests.factories import EditorFactory, ModeratorFactory, full_version, published_article
from articles.tests.test_browser import ARTIFACTS, COLOUR_RULES, axe_violations, browser  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
State = ArticleVersion.State
SCREENS = ARTIFACTS / "desk"
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def roles():
    """
    The Editors and Moderators groups with their permissions. A transactional test flushes the
    database, and with it the groups the data migration made; the permissions come back after a
    flush, the groups do not, so they are made here from the migration's own lists.
    """
    import importlib

    groups = importlib.import_module("articles.migrations.0002_groups")

    def permissions(pairs):
        return [Permission.objects.get(content_type__app_label=app, codename=code) for app, code in pairs]

    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.set(permissions(groups.EDITOR_PERMISSIONS))
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    moderators.permissions.set(permissions(groups.EDITOR_PERMISSIONS + groups.MODERATOR_EXTRA))
    return editors, moderators


def session_for(browser, live_server, user, language="en", width="desktop", dark=False):  # noqa: F811
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport=WIDTHS[width], color_scheme="dark" if dark else "light")
    context.add_cookies(
        [
            {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url},
            {"name": "django_language", "value": language, "url": live_server.url},
        ]
    )
    page = context.new_page()
    page.loads = 0

    def loaded(_page):
        page.loads += 1

    page.on("load", loaded)
    return page


def submitted(editor, hours, **kwargs):
    version = full_version(**kwargs)
    workflow.version_submit(version=version, by=editor)
    ArticleVersion.objects.filter(pk=version.pk).update(submitted_at=timezone.now() - datetime.timedelta(hours=hours))
    return version


@pytest.fixture
def newsroom(roles):
    editor, moderator = EditorFactory(), ModeratorFactory()
    oldest = submitted(editor, 30, title_en="Oldest waiting story", created_by=editor)
    second = submitted(editor, 5, title_en="Second waiting story", created_by=editor)
    submitted(editor, 1, title_en="Newest waiting story", created_by=editor)
    returned = submitted(editor, 40, title_en="Story sent back", created_by=editor)
    workflow.perform("request_changes", version=returned, by=moderator, note="Name the source of the 1.6 GW figure.")
    live = published_article()
    update = workflow.article_start_draft(article=live, by=editor)
    # Revised without touching the figures, which the consistency checks compare across languages.
    ArticleVersion.objects.filter(pk=update.pk).update(title_en=f"{update.title_en} (revised)")
    workflow.version_submit(version=update, by=editor)
    workflow.version_publish(version=update, by=moderator)
    return {
        "editor": editor,
        "moderator": moderator,
        "oldest": oldest,
        "second": second,
        "returned": returned,
        "live": live,
    }


def test_each_daily_task_takes_at_most_three_page_loads_from_the_admin_home(live_server, browser, newsroom):  # noqa: F811
    home = live_server.url + "/admin/"
    page = session_for(browser, live_server, newsroom["moderator"])

    # Open the oldest waiting draft.
    page.goto(home)
    page.loads = 0
    page.click("#desk-waiting tbody tr:first-child a")
    page.wait_for_load_state()
    assert page.url.endswith(f"/admin/moderation/version/{newsroom['oldest'].pk}/") and page.loads <= 3

    # Approve it (counted from the admin home).
    page.goto(home)
    page.loads = 0
    page.click("#desk-waiting tbody tr:first-child a")
    page.wait_for_load_state()
    page.click(".decision-panel button[value='publish']")
    page.wait_for_load_state()
    assert page.loads <= 3
    assert "This version is live now." in page.inner_text(".review-live")
    newsroom["oldest"].refresh_from_db()
    assert newsroom["oldest"].state == State.APPROVED

    # Send one back with a note: the decision panel stays in view while the previews scroll.
    page.goto(home)
    page.loads = 0
    page.click("#desk-waiting tbody tr:first-child a")
    page.wait_for_load_state()
    page.mouse.wheel(0, 3000)
    assert page.locator(".decision-panel").is_visible()
    box = page.locator(".decision-panel").bounding_box()
    assert box["y"] + box["height"] <= page.viewport_size["height"] + 1
    page.fill("#id_decision_note", "The Chinese title is missing a figure.")
    page.click(".decision-panel button[value='request_changes']")
    page.wait_for_load_state()
    assert page.loads <= 3
    newsroom["second"].refresh_from_db()
    assert newsroom["second"].state == State.CHANGES_REQUESTED

    # Restore a version: from "Recently published" to the history, then the button.
    page.goto(home)
    page.loads = 0
    page.click(f"#desk-published a[href$='/article/{newsroom['live'].pk}/history/']")
    page.wait_for_load_state()
    page.click(".moderation-history tr:last-child input[type=submit]")
    page.wait_for_load_state()
    assert page.loads <= 3
    newsroom["live"].refresh_from_db()
    assert newsroom["live"].draft.number == 3

    # The editor finds the draft sent back, with the moderator's note.
    editor_page = session_for(browser, live_server, newsroom["editor"])
    editor_page.goto(home)
    editor_page.loads = 0
    assert "Name the source of the 1.6 GW figure." in editor_page.inner_text("#desk-returned")
    editor_page.click(f"#desk-returned a[href$='/articleversion/{newsroom['returned'].pk}/change/']")
    editor_page.wait_for_load_state()
    assert editor_page.loads <= 3
    assert "Name the source of the 1.6 GW figure." in editor_page.inner_text(".review-note")


def test_the_review_previews_show_each_language_full_height_side_by_side(live_server, browser, newsroom):  # noqa: F811
    version = newsroom["second"]
    page = session_for(browser, live_server, newsroom["moderator"])
    page.clock.install()
    page.goto(live_server.url + f"/admin/moderation/version/{version.pk}/")
    page.wait_for_load_state("load")
    page.clock.run_for(800)  # the second measure, after images: the script's timer, without the wait
    frames = [page.locator(".moderation-grid iframe").nth(i) for i in range(2)]
    boxes = [frame.bounding_box() for frame in frames]
    assert boxes[0]["y"] == boxes[1]["y"] and boxes[1]["x"] > boxes[0]["x"]
    # Each frame holds the version's preview in its language, not the browser's error page for a
    # frame that was refused (which is short too, so the measure below alone would pass).
    expected = [("en", version.title_en), ("zh-hans", version.title_zh_hans)]
    for frame, (language, title) in zip(frames, expected, strict=True):
        inner = frame.element_handle().content_frame()
        assert inner.url == live_server.url + f"/{language}/preview/{version.pk}/"
        assert inner.evaluate("document.documentElement.lang") == html_lang(language)
        assert inner.locator("h1.article__title").inner_text() == title
        assert inner.locator(".preview-banner").is_visible()
        scroll = inner.evaluate("document.documentElement.scrollHeight - window.innerHeight")
        assert scroll <= 1  # nothing to scroll inside the frame


def desk_screens(newsroom):
    draft = newsroom["second"]
    live = newsroom["live"]
    history = f"/admin/moderation/article/{live.pk}/history/"
    return {
        "desk": "/admin/",
        "queue": "/admin/moderation/",
        "review": f"/admin/moderation/version/{draft.pk}/",
        "history": history,
        "diff": history + f"?a={live.versions.order_by('number').first().pk}&b={live.live_version_id}",
        "changelist": "/admin/articles/article/",
        "change-form": f"/admin/articles/articleversion/{newsroom['returned'].pk}/change/",
    }


def language_mode(page, mode):
    if page.is_visible(".language-switch"):
        page.click(f".language-switch [data-language='{mode}']")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_desk_screen_has_no_serious_accessibility_violation_in_light_and_dark(
    live_server,
    browser,  # noqa: F811
    newsroom,
    language,
):
    found = {}
    # One load per screen and colour scheme (loaded in that scheme: switching it in place would
    # catch the admin's link colours mid-transition); the edit form's language switch (a script)
    # changes in place, and axe runs on each mode.
    page = session_for(browser, live_server, newsroom["moderator"], language=language)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for name, path in desk_screens(newsroom).items():
            page.goto(live_server.url + path)
            modes = ("en", "zh-hans", "both") if name == "change-form" else ("",)
            for mode in modes:
                language_mode(page, mode)
                violations = axe_violations(page, rules=COLOUR_RULES if scheme == "dark" else None)
                if violations:
                    found[(name, mode, scheme)] = violations
    page.context.close()
    assert not found, "\n".join(f"{key}: {value}" for key, value in found.items())


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_screenshots_of_every_desk_screen_at_1280_and_390_px(live_server, browser, newsroom, language):  # noqa: F811
    SCREENS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page = session_for(browser, live_server, newsroom["moderator"], language=language, width=width)
        page.clock.install()  # time flows as usual; the review's timer is run without waiting for it
        for name, path in desk_screens(newsroom).items():
            page.goto(live_server.url + path)
            if name == "review":
                page.wait_for_load_state("load")
                page.clock.run_for(700)  # the previews sized to their pages
            target = SCREENS / f"{name}-{language}-{page.viewport_size['width']}.png"
            page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 0
            if width == "phone" and name in ("desk", "queue", "review", "history"):
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 0, (name, overflow)  # nothing cut off at the right edge
        page.context.close()
