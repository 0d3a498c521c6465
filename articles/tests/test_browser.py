"""
The reader site in a real browser: Playwright driving Debian's chromium.

Skipped with a visible reason when /usr/bin/chromium is missing, unless NEWSROOM_REQUIRE_BROWSER=1
(CI), which turns the skip into a failure. Screenshots go to test-artifacts/.
"""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from articles.models import Article
from articles.tests.factories import EntityFactory, SectionFactory, TagFactory, published_article

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--headless",
]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_SOURCE = AXE.read_text(encoding="utf-8")
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def require_browser():
    reason = None
    if not Path(CHROMIUM).exists():
        reason = f"chromium not found at {CHROMIUM}: browser tests skipped (apt-get install chromium, or run .ci/run)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "the playwright package is not installed: browser tests skipped (pip install -r requirements.txt)"
    if reason:
        if os.environ.get("NEWSROOM_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + " — NEWSROOM_REQUIRE_BROWSER=1 requires them.")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    """
    One chromium for all the tests of a module (starting it costs about a second each time);
    each test opens its own context, so no cookie, storage or page outlives the test.
    """
    require_browser()
    from playwright.sync_api import sync_playwright

    # Django refuses ORM calls from a thread running an event loop; Playwright's sync API runs one
    # for as long as the browser is open, so ORM calls are allowed while the module's tests run.
    # The server thread has no loop of its own.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def site():
    """A small front page and the reference article (5h ago, updated 2h ago, scores 70/65/70)."""
    section = SectionFactory(slug="ai-news", name_en="AI News", name_zh_hans="AI资讯")
    other = SectionFactory(slug="research", name_en="Research", name_zh_hans="研究")
    llm = TagFactory(slug="llm", name_en="LLM", name_zh_hans="大模型")
    chips = TagFactory(slug="chips", name_en="Chips", name_zh_hans="芯片")
    helix = EntityFactory(slug="helix", name_en="Helix Semiconductor", name_zh_hans="螺旋半导体")
    now = timezone.now()
    for hours in (1, 9, 30, 80, 200):
        published_article(
            section=other if hours % 2 else section,
            tags=[chips],
            entities=[helix],
            published_at=now - datetime.timedelta(hours=hours),
            hot_score=40 + hours % 50,
        )
    article = published_article(
        n_rows=3,
        section=section,
        tags=[llm, chips],
        entities=[helix],
        ai_generated=True,
        title_en="Helix Semiconductor opens its largest fab yet",
        title_zh_hans="螺旋半导体启用其最大晶圆厂",
        summary_en="The plant adds 1.6 GW of power-hungry capacity to a tight market.",
        summary_zh_hans="这座工厂为紧张的市场新增1.6吉瓦的高耗能产能。",
        analysis_en="The plant adds **capacity** where supply was tight.\n\n## Why it matters\n\n- Prices\n- Lead times\n\n"
        "> Capacity follows demand.\n\n[Company filing](https://example.com/filing)",
        analysis_zh_hans="该工厂在供应紧张之处增加了**产能**。\n\n## 为何重要\n\n- 价格\n- 交货周期\n\n"
        "> 产能随需求而动。\n\n[公司公告](https://example.com/filing)",
        published_at=now - datetime.timedelta(hours=5),
    )
    Article.objects.filter(pk=article.pk).update(updated_at=now - datetime.timedelta(hours=2), views=1200)
    return article


# The rules whose result depends on colours: the dark scheme changes nothing but colours (only
# custom properties and colour declarations under prefers-color-scheme: dark in site.css and
# admin.css, checked by test_the_dark_scheme_changes_colours_only), so a page already checked
# in light is checked in dark by these alone.
COLOUR_RULES = ("color-contrast", "link-in-text-block")


def axe_violations(page, rules=None):
    """Serious and critical axe violations on the page; ``rules`` runs only those axe rules."""
    # Evaluated through the DevTools protocol: an injected <script> would be blocked by the CSP.
    # Once per loaded document: a page checked again (another colour scheme or mode) keeps it.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    options = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": list(rules)}
    results = page.evaluate(
        """async (options) => {
            const result = await axe.run(document, options);
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}));
        }""",
        options,
    )
    return [v for v in results if v["impact"] in ("serious", "critical")]


def test_the_dark_scheme_changes_colours_only():
    """What lets the dark sweeps run the colour rules alone: no layout or visibility in dark."""
    colour = re.compile(r"(--[\w-]+|[\w-]*colou?r|background(-color)?|border(-[\w-]+)?-color|box-shadow|fill|stroke)")
    for name in ("site.css", "admin.css"):
        css = (Path(settings.BASE_DIR) / "static" / "css" / name).read_text(encoding="utf-8")
        css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
        properties = [
            declaration.split(":", 1)[0].strip()
            for media in re.findall(r"@media[^{]*prefers-color-scheme:\s*dark[^{]*\{(.*?)\n\}", css, re.S)
            for rule in re.findall(r"\{([^{}]*)\}", media)
            for declaration in rule.split(";")
            if declaration.strip()
        ]
        assert properties, name  # the dark scheme is where this test looks for it
        assert [p for p in properties if not colour.fullmatch(p)] == [], name


def test_a_reader_goes_from_home_to_an_article_switches_to_chinese_and_opens_an_faq(live_server, browser, site):
    context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="en-US")
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    assert page.url.endswith("/en/")
    page.get_by_role("link", name="Helix Semiconductor opens its largest fab yet").click()
    page.wait_for_url(f"**/en/article/{site.slug}/")
    assert page.locator("h1").inner_text() == "Helix Semiconductor opens its largest fab yet"

    page.locator("[data-language-switch='zh-hans']").click()
    page.wait_for_url(f"**/zh-hans/article/{site.slug}/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.locator("h1").inner_text() == "螺旋半导体启用其最大晶圆厂"

    first_faq = page.locator(".faq details").first
    assert not first_faq.locator(".faq__answer").is_visible()
    first_faq.locator("summary").click()
    assert first_faq.get_attribute("open") is not None
    assert first_faq.locator(".faq__answer").is_visible()

    scores = page.locator(".article__header .score")
    assert scores.count() == 3
    for index, (label, value) in enumerate((("热度", "70"), ("质量", "65"), ("影响力", "70"))):
        assert scores.nth(index).is_visible()
        assert scores.nth(index).locator("dt").inner_text() == label
        assert scores.nth(index).locator(".score__value").inner_text() == value
        assert scores.nth(index).locator(".score__bar").is_visible()

    published = page.locator(".article__header time[data-reltime='published']")
    updated = page.locator(".article__header time[data-reltime='updated']")
    assert published.is_visible() and updated.is_visible()
    # site.js has refreshed them from datetime: still the same, in Chinese.
    assert published.inner_text() == "5小时前"
    assert updated.inner_text() == "更新于 2小时前"
    assert published.get_attribute("title")
    context.close()


def test_pages_have_no_serious_accessibility_violations_in_light_and_dark(live_server, browser, site):
    paths = [
        f"/en/article/{site.slug}/",
        f"/zh-hans/article/{site.slug}/",
        "/en/",
        "/zh-hans/section/ai-news/",
        f"/en/article/{site.slug}/bilingual/",
    ]
    found = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport=VIEWPORTS["desktop"], color_scheme=scheme)
        page = context.new_page()
        for path in paths:
            page.goto(f"{live_server.url}{path}")
            violations = axe_violations(page, rules=COLOUR_RULES if scheme == "dark" else None)
            if violations:
                found[f"{scheme} {path}"] = violations
        context.close()
    assert found == {}


@pytest.mark.parametrize("width", [360, 390, 768, 1280, 1440])
def test_pages_fit_the_screen_without_sideways_scrolling(live_server, browser, site, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    for path in (f"/zh-hans/article/{site.slug}/", f"/en/article/{site.slug}/bilingual/", "/en/"):
        page.goto(f"{live_server.url}{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (path, overflow)
    context.close()


def test_the_bilingual_page_is_side_by_side_on_wide_screens_and_stacked_on_phones(live_server, browser, site):
    boxes = {}
    for name, viewport in VIEWPORTS.items():
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(f"{live_server.url}/en/article/{site.slug}/bilingual/")
        columns = page.locator(".bilingual__column")
        boxes[name] = [columns.nth(i).bounding_box() for i in range(2)]
        context.close()
    left, right = boxes["desktop"]
    assert abs(left["y"] - right["y"]) < 2 and right["x"] > left["x"] + left["width"] - 1
    top, bottom = boxes["phone"]
    assert bottom["y"] >= top["y"] + top["height"] - 1


def test_the_script_keeps_relative_times_right_in_each_columns_language(live_server, browser, site):
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.clock.install()
    page.goto(f"{live_server.url}/zh-hans/article/{site.slug}/bilingual/")
    english = page.locator("article[lang='en'] .article__header time[data-reltime]")
    chinese = page.locator("article[lang='zh-Hans'] .article__header time[data-reltime]")
    assert [english.nth(i).inner_text() for i in range(2)] == ["5h ago", "Updated 2h ago"]
    assert [chinese.nth(i).inner_text() for i in range(2)] == ["5小时前", "更新于 2小时前"]
    # As on a page served from the cache two hours later: the script rewrites the text from datetime.
    page.clock.fast_forward("02:00:00")
    page.clock.run_for(61_000)
    assert [english.nth(i).inner_text() for i in range(2)] == ["7h ago", "Updated 4h ago"]
    assert [chinese.nth(i).inner_text() for i in range(2)] == ["7小时前", "更新于 4小时前"]
    context.close()


def test_screenshots_of_both_languages_at_phone_and_desktop_widths(live_server, browser, site):
    ARTIFACTS.mkdir(exist_ok=True)
    pages = {
        "home": "/{lang}/",
        "article": f"/{{lang}}/article/{site.slug}/",
        "bilingual": f"/{{lang}}/article/{site.slug}/bilingual/",
    }
    for scheme in ("light", "dark"):
        for _viewport_name, viewport in VIEWPORTS.items():
            context = browser.new_context(viewport=viewport, color_scheme=scheme, device_scale_factor=1)
            page = context.new_page()
            for language in ("en", "zh-hans"):
                for name, path in pages.items():
                    if scheme == "dark" and name == "bilingual":
                        continue
                    page.goto(live_server.url + path.format(lang=language))
                    if name == "article":
                        page.locator(".faq summary").first.click()
                    target = ARTIFACTS / f"{name}-{language}-{viewport['width']}x{viewport['height']}-{scheme}.png"
                    page.screenshot(path=str(target), full_page=True)
                    assert target.stat().st_size > 10_000
            context.close()


@pytest.mark.parametrize("width", [360, 390])
def test_a_wide_table_in_the_analysis_scrolls_by_itself_on_a_phone(live_server, browser, site, width):
    header = (
        "| Model | KestrelBench 1, developer-reported | KestrelBench 1, independent | KestrelBench 2.0, independent |"
    )
    rows = "\n".join(f"| Model-{n} (120B) | 7{n}.4% | 7{n}.6% | 7{n}.1% |" for n in range(3))
    table = f"{header}\n| --- | --- | --- | --- |\n{rows}"
    article = published_article(analysis_en=f"The scores:\n\n{table}", analysis_zh_hans=f"得分：\n\n{table}")
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    for language in ("en", "zh-hans"):
        page.goto(f"{live_server.url}/{language}/article/{article.slug}/")
        assert page.locator(".prose table").count() == 1
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (language, overflow)
    context.close()


def test_the_script_says_just_now_under_a_minute_in_both_languages(live_server, browser):
    article = published_article(
        title_en="Fresh news", title_zh_hans="最新消息", published_at=timezone.now() - datetime.timedelta(seconds=5)
    )
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.clock.install()
    page.goto(f"{live_server.url}/en/article/{article.slug}/bilingual/")
    english = page.locator("article[lang='en'] .article__header time[data-reltime]").first
    chinese = page.locator("article[lang='zh-Hans'] .article__header time[data-reltime]").first
    page.clock.run_for(1_000)
    assert (english.inner_text(), chinese.inner_text()) == ("just now", "刚刚")
    page.clock.run_for(61_000)
    assert (english.inner_text(), chinese.inner_text()) == ("1 min ago", "1分钟前")
    context.close()


def test_key_data_reads_as_cards_on_a_360_px_phone_and_the_tabs_scroll_with_a_hint(live_server, browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/en/article/{site.slug}/")
    table = page.locator(".key-data table")
    assert page.evaluate("(t) => t.scrollWidth <= t.clientWidth", table.element_handle())
    info = page.locator(".key-data tbody tr").first.locator("td").first
    metric = page.locator(".key-data tbody tr").first.locator(".key-data__metric")
    info_box, metric_box = info.bounding_box(), metric.bounding_box()
    assert metric_box["y"] >= info_box["y"] + info_box["height"] - 1  # stacked, not squeezed side by side
    assert info_box["width"] > 200  # "Key info" gets the card's width, not one word a line
    assert page.evaluate("getComputedStyle(document.querySelector('.key-data td'), '::before').content") != "none"
    page.goto(f"{live_server.url}/en/")
    for selector in (".site-nav ul", ".sort-tabs ul"):
        overflow, background = page.evaluate(
            "(s) => { const style = getComputedStyle(document.querySelector(s));"
            " return [style.overflowX, style.backgroundImage]; }",
            selector,
        )
        assert overflow == "auto" and "radial-gradient" in background, selector
    context.close()
