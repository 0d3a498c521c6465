"""The site header (articles/reader/header.py): rendered once per distinct content, and follows every change."""

import pytest

from articles.reader import header
from articles.tests.factories import SectionFactory, published_article
from articles.tests.reader_helpers import LANGUAGES, get

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0
    header._header.cache_clear()


def header_of(html):
    start = html.index('<header class="site-header">')
    return html[start : html.index("</header>", start)]


def test_the_header_is_rendered_once_per_page_kind_and_language(client, no_page_cache, monkeypatch):
    published_article(n_rows=0)
    rendered = []
    real = header.render_to_string
    monkeypatch.setattr(header, "render_to_string", lambda *a, **k: rendered.append(a[0]) or real(*a, **k))
    first = get(client, "/en/").content
    assert rendered == ["includes/site_header.html"]
    assert get(client, "/en/").content == first
    assert len(rendered) == 1
    get(client, "/zh-hans/")
    assert len(rendered) == 2
    get(client, "/en/?sort=quality")  # its language links differ: another header
    assert len(rendered) == 3


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_renamed_section_shows_at_once_in_the_navigation(
    client, no_page_cache, language, django_capture_on_commit_callbacks
):
    section = SectionFactory(slug="chips", name_en="Chips", name_zh_hans="芯片")
    header = header_of(get(client, f"/{language}/").content.decode())
    assert f'<a href="/{language}/section/chips/">{"Chips" if language == "en" else "芯片"}</a>' in header
    section.name_en, section.name_zh_hans = "Semiconductors", "半导体"
    with django_capture_on_commit_callbacks(execute=True):  # the navigation's cache is dropped on commit
        section.save()
    header = header_of(get(client, f"/{language}/").content.decode())
    assert f'<a href="/{language}/section/chips/">{"Semiconductors" if language == "en" else "半导体"}</a>' in header


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_header_marks_the_current_section_and_links_this_page_in_the_other_language(
    client, no_page_cache, language
):
    SectionFactory(slug="chips", name_en="Chips", name_zh_hans="芯片")
    other = "zh-hans" if language == "en" else "en"
    header = header_of(get(client, f"/{language}/section/chips/?sort=impact").content.decode())
    assert f'<a href="/{language}/section/chips/" aria-current="page">' in header
    assert f'href="/{other}/section/chips/?sort=impact"' in header
    home = header_of(get(client, f"/{language}/").content.decode())
    assert f'<a href="/{language}/" aria-current="page">' in home  # "Latest" is the current page
    assert f'<a href="/{language}/section/chips/" aria-current="page">' not in home


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_search_box_echoes_each_query_escaped(client, no_page_cache, language):
    header = header_of(get(client, f"/{language}/search/?q=%3Cb%3Echips").content.decode())
    assert 'value="&lt;b&gt;chips"' in header
    header = header_of(get(client, f"/{language}/search/?q=wafers").content.decode())
    assert 'value="wafers"' in header
