"""Listing items: the part below the date line is rendered once per distinct content, and follows every change."""

import pytest

from articles.models import Tag
from articles.reader import cards
from articles.tests.factories import TagFactory, published_article
from articles.tests.reader_helpers import get

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0
    cards._render.cache_clear()


def test_a_listing_renders_each_card_body_once_per_process(client, no_page_cache, monkeypatch):
    published_article(n_rows=0, title_en="Chip plant opens")
    published_article(n_rows=0, title_en="Model weights released")
    rendered = []
    real = cards.render_to_string
    monkeypatch.setattr(cards, "render_to_string", lambda *a, **k: rendered.append(a[0]) or real(*a, **k))
    first = get(client, "/en/").content
    assert len(rendered) == 2
    assert get(client, "/en/").content == first
    assert len(rendered) == 2
    get(client, "/zh-hans/")  # another language is another card
    assert len(rendered) == 4


def test_a_renamed_tag_shows_at_once_in_the_cards(client, no_page_cache):
    tag = TagFactory(slug="chips", name_en="Chips")
    published_article(n_rows=0, title_en="Chip plant opens", tags=[tag])
    assert ">Chips</a>" in get(client, "/en/").content.decode()
    Tag.objects.filter(pk=tag.pk).update(name_en="Semiconductors")
    page = get(client, "/en/").content.decode()
    assert ">Semiconductors</a>" in page and ">Chips</a>" not in page


def test_a_card_shows_its_headline_summary_scores_and_tags_in_the_pages_language(client, no_page_cache):
    tag = TagFactory(slug="chips", name_en="Chips", name_zh_hans="芯片")
    article = published_article(
        n_rows=0, title_en="Chip plant opens", title_zh_hans="芯片厂开业", summary_zh_hans="一座新工厂。", tags=[tag]
    )
    page = get(client, "/zh-hans/").content.decode()
    assert f'<a href="/zh-hans/article/{article.slug}/">芯片厂开业</a>' in page
    assert '<p class="item__summary">一座新工厂。</p>' in page
    assert '<a href="/zh-hans/tag/chips/">芯片</a>' in page
    assert 'class="scores scores--compact"' in page
