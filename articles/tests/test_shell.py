import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles import workflow
from articles.models import Article, PageSnapshot, Section
from articles.reader import links, shell
from articles.reader.context_processors import SECTIONS_KEY
from articles.reader.presentation import version_for_display
from articles.reader.snapshots import rebuild_snapshots
from articles.tests.factories import ModeratorFactory, published_article
from articles.tests.reader_helpers import LANGUAGES, get, rich_article

pytestmark = pytest.mark.django_db

MARKER = "shell-was-printed-marker"


@pytest.fixture(autouse=True)
def _page_cache_off(settings):
    settings.PAGE_CACHE_SECONDS = 0


def _page(client, path, **extra):
    response = get(client, path, **extra)
    assert response.status_code == 200
    return response.content.decode()


def _linked_articles():
    """An article with a neighbour and related articles in both languages, links and snapshots stored."""
    article = rich_article(2)
    for hours in (3, 2):
        other = published_article(
            section=article.live_version.section,
            tags=list(article.live_version.tags.all()),
            published_at=timezone.now() - datetime.timedelta(hours=hours),
        )
        links.refresh_article_links(other.pk)
    links.refresh_article_links(article.pk)
    rebuild_snapshots()
    return article


def _tamper_shell(article):
    """Put ``MARKER`` into the first piece of every stored shell of ``article``."""
    snapshot = PageSnapshot.objects.get(version=article.live_version)
    for pieces in snapshot.data["shells"].values():
        pieces[0] = pieces[0].replace("<!doctype html>", f"<!doctype html><!-- {MARKER} -->")
    snapshot.save()


def _drop_shells(article):
    snapshot = PageSnapshot.objects.get(version=article.live_version)
    snapshot.data.pop("shells")
    snapshot.save()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_joined_from_its_shell_is_the_page_rendered_from_templates(client, language):
    article = _linked_articles()
    path = f"/{language}/article/{article.slug}/"
    from_shell = _page(client, path)
    assert 'class="related"' in from_shell and 'class="neighbours"' in from_shell
    _drop_shells(article)
    assert _page(client, path) == from_shell


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_stored_shell_is_what_the_page_prints(client, language):
    article = _linked_articles()
    snapshot = PageSnapshot.objects.get(version=article.live_version)
    assert set(snapshot.data["shells"]) == {"en", "zh-hans"}
    assert set(snapshot.data["shells"][language][1::2]) <= shell.PARTS
    _tamper_shell(article)
    assert MARKER in _page(client, f"/{language}/article/{article.slug}/")


@pytest.mark.parametrize("language", LANGUAGES)
def test_per_request_parts_follow_the_request_and_the_row(client, language, settings):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    article = _linked_articles()
    path = f"/{language}/article/{article.slug}/"
    _tamper_shell(article)
    Article.objects.filter(pk=article.pk).update(views=987654)
    page = _page(client, path, HTTP_HOST="other.example")
    assert MARKER in page
    assert f'href="http://other.example/{language}/article/{article.slug}/"' in page  # canonical
    assert shell.SHELL_HOST not in page and shell.MARK not in page
    assert "987,654" in page or "987654" in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_query_that_selects_content_is_rendered_from_templates(client, language):
    article = _linked_articles()
    _tamper_shell(article)
    page = _page(client, f"/{language}/article/{article.slug}/?q=echoed-query")
    assert MARKER not in page and 'value="echoed-query"' in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_shell_of_another_stamp_is_not_used(client, language):
    article = _linked_articles()
    _tamper_shell(article)
    section = article.live_version.section
    # Renamed without signals: the stamp no longer matches the row the page reads.
    Section.objects.filter(pk=section.pk).update(name_en="Quietly renamed", name_zh_hans="Quietly renamed")
    page = _page(client, f"/{language}/article/{article.slug}/")
    assert MARKER not in page and "Quietly renamed" in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_shell_of_other_code_is_not_used(client, language):
    article = _linked_articles()
    _tamper_shell(article)
    snapshot = PageSnapshot.objects.get(version=article.live_version)
    snapshot.data["shell_stamp"] = snapshot.data["shell_stamp"].replace(shell.shell_key(), "an-older-deploy")
    snapshot.save()
    assert MARKER not in _page(client, f"/{language}/article/{article.slug}/")


@pytest.mark.parametrize("language", LANGUAGES)
def test_renaming_a_section_shows_at_once_and_stores_the_shells_again(
    client, language, django_capture_on_commit_callbacks
):
    article = _linked_articles()
    section = article.live_version.section
    with django_capture_on_commit_callbacks(execute=True):
        section.name_en = section.name_zh_hans = "Renamed section"
        section.save()
    snapshot = PageSnapshot.objects.get(version=article.live_version)
    assert snapshot.data["shell_stamp"] == shell.stamp(
        Article.objects.for_page().get(pk=article.pk), article.live_version
    )
    _tamper_shell(article)
    page = _page(client, f"/{language}/article/{article.slug}/")
    assert MARKER in page  # the shell stored again is used
    assert page.count("Renamed section") >= 2  # the navigation and the meta line


@pytest.mark.parametrize("language", LANGUAGES)
def test_changing_the_address_shows_at_once(client, language, django_capture_on_commit_callbacks):
    article = _linked_articles()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.article_change_slug(article=article, slug="a-new-address", by=ModeratorFactory())
    page = _page(client, f"/{language}/article/a-new-address/")
    assert f"/{language}/article/a-new-address/" in page
    assert f"/article/{article.slug}/" not in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_renditions_written_after_the_shell_make_the_page_render_from_templates(client, language):
    article = _linked_articles()
    _tamper_shell(article)
    version = article.live_version
    record = {**(version.image_renditions or {}), "written": "after the shell"}
    type(version).objects.filter(pk=version.pk).update(image_renditions=record)
    assert MARKER not in _page(client, f"/{language}/article/{article.slug}/")


def test_rendering_the_shells_of_a_loaded_version_reads_nothing(django_assert_num_queries):
    article = _linked_articles()
    version = version_for_display(article.live_version_id)
    cache.delete(SECTIONS_KEY)  # the navigation is a mark: its sections are not read either
    with django_assert_num_queries(0):
        shells = shell.render_shells(version)
    assert set(shells) == set(LANGUAGES)
    assert all({"links", "nav"} <= set(pieces[1::2]) for pieces in shells.values())
