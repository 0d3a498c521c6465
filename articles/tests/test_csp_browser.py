"""The Content-Security-Policy in a real browser: no reader page or admin form breaks it (chromium via Playwright)."""

import pytest
from django.urls import reverse

from articles.tests.factories import EntityFactory, TagFactory, UserFactory, full_version, published_article
from articles.tests.test_browser import browser  # noqa: F401  (fixture: one chromium per module)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Recorded before any page script runs; the browser fires it for every blocked script, style or attribute.
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def page(live_server, browser):  # noqa: F811
    """A page in a fresh context of the module's chromium that records CSP reports, closed after the test."""
    page = browser.new_page()
    page.add_init_script(LISTEN)
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    yield page
    page.context.close()


def violations(page):
    """CSP violations of the page shown: the event log plus the console's own reports."""
    events = page.evaluate("window.__cspViolations")
    console = [text for text in page.console_errors if "Content Security Policy" in text]
    return events + console


def visit(page, url):
    page.console_errors.clear()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return violations(page)


def test_reader_pages_break_no_rule_of_the_policy(page, live_server):
    article = published_article(tags=[TagFactory()], entities=[EntityFactory()])
    for path in (
        "/en/",
        f"/en/article/{article.slug}/",
        f"/zh-hans/article/{article.slug}/bilingual/",
        "/en/search/?q=chip",
    ):
        assert visit(page, live_server.url + path) == [], path


def test_admin_forms_and_lists_break_no_rule_of_the_policy(page, live_server):
    user = UserFactory(username="chief", is_superuser=True)
    user.set_password("correct-horse-battery")
    user.save()
    draft = full_version(entities=[EntityFactory()])
    assert visit(page, live_server.url + reverse("admin:login")) == []
    page.fill("#id_username", "chief")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)
    for url in (
        reverse("admin:articles_articleversion_change", args=[draft.pk]),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_auditevent_changelist"),
        reverse("admin:articles_entity_add"),
        reverse("admin:articles_section_add"),
    ):
        assert visit(page, live_server.url + url) == [], url
    # Using the form runs the admin's scripts (inline rows, language switch, autocomplete).
    page.goto(live_server.url + reverse("admin:articles_articleversion_change", args=[draft.pk]))
    page.click("#tldr_items-group .add-row a")
    page.click(".language-switch [data-language='zh-hans']")
    page.click("#id_section ~ .select2, .field-section .select2-selection", timeout=5000)
    page.wait_for_timeout(300)
    assert violations(page) == []


def test_a_violation_would_be_caught(page, live_server):
    # The listener works: an inline style attribute added by a script is reported.
    page.goto(live_server.url + "/en/")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<div style=\"color:red\">x</div>')")
    page.wait_for_timeout(200)
    assert any("style-src" in violation for violation in violations(page))
