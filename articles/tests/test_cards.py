"""Listing items (articles/reader/cards.py): each card is rendered once per distinct content, follows every change, and only its relative times are per request."""

import datetime

import pytest
from django.utils import timezone
from django.utils.translation import override

from articles.images import renditions
from articles.models import Article, ArticleVersion, Section, Tag
from articles.reader import cards
from articles.tests.factories import TagFactory, published_article, with_image
from articles.tests.reader_helpers import LANGUAGES, get

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0
    cards._card.cache_clear()


def test_a_listing_renders_each_card_once_per_process(client, no_page_cache, monkeypatch):
    published_article(n_rows=0, title_en="Chip plant opens", title_zh_hans="芯片厂开业")
    published_article(n_rows=0, title_en="Model weights released", title_zh_hans="模型权重发布")
    rendered = []
    real = cards.render_to_string
    monkeypatch.setattr(cards, "render_to_string", lambda *a, **k: rendered.append(a[0]) or real(*a, **k))
    first = get(client, "/en/").content
    assert rendered == ["articles/includes/article_card.html"] * 2
    assert get(client, "/en/").content == first
    assert len(rendered) == 2
    get(client, "/zh-hans/")  # another language is another card
    assert len(rendered) == 4
    get(client, "/en/?sort=quality")  # the same card in another sort is not rendered again
    assert len(rendered) == 4


def test_a_renamed_tag_shows_at_once_in_the_cards(client, no_page_cache):
    tag = TagFactory(slug="chips", name_en="Chips")
    published_article(n_rows=0, title_en="Chip plant opens", tags=[tag])
    assert ">Chips</a>" in get(client, "/en/").content.decode()
    Tag.objects.filter(pk=tag.pk).update(name_en="Semiconductors")
    page = get(client, "/en/").content.decode()
    assert ">Semiconductors</a>" in page and ">Chips</a>" not in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_renamed_section_shows_at_once_in_the_cards(client, no_page_cache, language):
    article = published_article(n_rows=0)
    section = Article.objects.get(pk=article.pk).live_version.section
    before = get(client, f"/{language}/").content.decode()
    assert f'class="meta__section" href="/{language}/section/{section.slug}/">' in before
    Section.objects.filter(pk=section.pk).update(name_en="Renamed desk", name_zh_hans="改名的栏目")
    page = get(client, f"/{language}/").content.decode()
    name = "Renamed desk" if language == "en" else "改名的栏目"
    assert f'<a class="meta__section" href="/{language}/section/{section.slug}/">{name}</a>' in page


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
    english = get(client, "/en/").content.decode()
    assert f'<a href="/en/article/{article.slug}/">Chip plant opens</a>' in english
    assert '<a href="/en/tag/chips/">Chips</a>' in english


@pytest.mark.parametrize(
    ("language", "texts"), [("en", ("5h ago", "Updated 2h ago")), ("zh-hans", ("5小时前", "更新于 2小时前"))]
)
def test_relative_times_are_written_per_request_into_a_stored_card(client, no_page_cache, language, texts):
    now = timezone.now()
    article = published_article(n_rows=0, published_at=now - datetime.timedelta(hours=5, minutes=1))
    Article.objects.filter(pk=article.pk).update(updated_at=now - datetime.timedelta(hours=2, minutes=1))
    page = get(client, f"/{language}/").content.decode()
    assert f'data-reltime="published">{texts[0]}</time>' in page
    assert f'data-reltime="updated">{texts[1]}</time>' in page
    article = Article.objects.for_cards().get(pk=article.pk)
    cards.attach_card_tags([article])
    with override(language):
        later = cards.card_html(article, now=now + datetime.timedelta(hours=20))
        assert cards._card.cache_info().currsize == 1  # the same stored card, another time in it
    assert ">1d ago</time>" in later if language == "en" else ">1天前</time>" in later


def test_an_update_soon_after_publication_shows_no_updated_time(client, no_page_cache):
    now = timezone.now()
    article = published_article(n_rows=0, published_at=now - datetime.timedelta(hours=5))
    Article.objects.filter(pk=article.pk).update(updated_at=now - datetime.timedelta(hours=4, minutes=50))
    page = get(client, "/en/").content.decode()
    assert 'data-reltime="published">5h ago</time>' in page
    assert 'data-reltime="updated"' not in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_new_rendition_record_shows_at_once_in_the_card(client, no_page_cache, language):
    article = published_article(n_rows=0)
    version = with_image(ArticleVersion.objects.get(pk=article.live_version_id))
    original = get(client, f"/{language}/").content.decode()
    assert f'src="{version.image.url}"' in original  # the original until the renditions are made
    renditions.version_renditions_make(version=version)
    thumbs = dict(ArticleVersion.objects.get(pk=version.pk).image_renditions["thumb"])
    page = get(client, f"/{language}/").content.decode()
    assert f'src="/media/{thumbs["JPEG"][0]["name"]}"' in page
    assert f'src="{version.image.url}"' not in page


def test_a_card_matches_what_the_item_template_renders(client, no_page_cache):
    tag = TagFactory(slug="chips", name_en="Chips")
    article = published_article(n_rows=0, tags=[tag])
    article = Article.objects.for_cards().prefetch_related("live_version__tags").get(pk=article.pk)
    now = timezone.now()
    with override("en"):
        prefetched = cards.card_html(article, now=now)
        cards.attach_card_tags([article])
        assert cards.card_html(article, now=now) == prefetched
        assert cards.cards_html([article]) == prefetched
        assert cards.cards_html([]) == ""
