"""Generated social cards (articles/images/cards.py): both languages, real Chinese glyphs, regeneration, the font."""

import logging

import pytest
from PIL import Image, ImageChops, ImageDraw

from articles import workflow
from articles.images import cards
from articles.models import ArticleVersion, Rendition
from articles.tests.factories import published_article, with_image
from articles.tests.reader_helpers import get
from articles.tests.test_images import meta, news_article

pytestmark = pytest.mark.django_db

TITLE_BOX = (72, 130, 1128, 450)
TITLE = {"en": "Chipmaker opens a new fab", "zh-hans": "芯片制造商新建晶圆厂"}


@pytest.fixture
def card_font():
    try:
        return cards.card_font_path()
    except cards.CardFontMissing:
        pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk)")


def published(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return published_article(title_en=TITLE["en"], title_zh_hans=TITLE["zh-hans"], **kwargs)


def stored(entry):
    with Rendition._meta.get_field("file").storage.open(entry["name"]) as handle:
        image = Image.open(handle)
        image.load()
        return image


def glyph(font, char):
    image = Image.new("L", (90, 90))
    ImageDraw.Draw(image).text((5, 5), char, font=font, fill=255)
    return image.tobytes()


def ink(image):
    """How many pixels differ from the card's background."""
    background = Image.new("RGB", image.size, cards.BACKGROUND)
    return sum(
        1 for p in ImageChops.difference(image.convert("RGB"), background).convert("L").get_flattened_data() if p > 40
    )


def test_publishing_an_article_without_an_image_makes_a_card_per_language(
    card_font, django_capture_on_commit_callbacks
):
    article = published(django_capture_on_commit_callbacks)
    record = ArticleVersion.objects.get(pk=article.live_version_id).image_renditions
    assert set(record["cards"]) == {"en", "zh-hans"}
    images = {language: stored(entry) for language, entry in record["cards"].items()}
    for image in images.values():
        assert (image.format, image.size) == ("PNG", (1200, 630))
        assert ink(image.crop(TITLE_BOX)) > 2000  # the title is drawn
    assert ImageChops.difference(images["en"], images["zh-hans"]).getbbox() is not None
    assert Rendition.objects.filter(source=f"card:{article.pk}").count() == 2


def test_the_chinese_cards_title_is_real_glyphs_not_tofu_boxes(card_font, django_capture_on_commit_callbacks):
    article = published(django_capture_on_commit_callbacks)
    card = stored(ArticleVersion.objects.get(pk=article.live_version_id).image_renditions["cards"]["zh-hans"])
    version = ArticleVersion.objects.select_related("section").get(pk=article.live_version_id)
    texts = cards.card_texts(article=article, version=version, language="zh-hans")
    # The same card drawn with Pillow's default font, which has no Chinese: a row of tofu boxes.
    tofu = cards.draw_card(texts, None)
    default = cards.load_font(None, 62)
    assert len({glyph(default, char) for char in "芯片制造"}) == 1  # the reference really is tofu
    title, boxes = card.convert("RGB").crop(TITLE_BOX), tofu.crop(TITLE_BOX)
    changed = ImageChops.difference(title, boxes).convert("L")
    assert sum(1 for p in changed.get_flattened_data() if p > 40) > 5000
    # In the card's font every character has its own shape.
    font = cards.load_font(card_font, 62)
    assert len({glyph(font, char) for char in "芯片制造"}) == 4
    assert "SC" in font.getname()[0] or "CJK" not in card_font


def test_the_card_shows_the_scores_labels_in_the_pages_language(card_font, django_capture_on_commit_callbacks):
    article = published(django_capture_on_commit_callbacks)
    version = ArticleVersion.objects.select_related("section").get(pk=article.live_version_id)
    zh = cards.card_texts(article=article, version=version, language="zh-hans")
    en = cards.card_texts(article=article, version=version, language="en")
    assert [name for name, _value in zh["scores"]] == ["热度", "质量", "影响力"]
    assert [name for name, _value in en["scores"]] == ["Hot", "Quality", "Impact"]
    assert [value for _name, value in en["scores"]] == [version.hot_score, version.quality_score, version.impact_score]
    assert "年" in zh["date"] and zh["section"] and en["title"] == TITLE["en"]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_open_graph_twitter_and_json_ld_carry_the_card_of_the_pages_language(
    card_font, client, language, django_capture_on_commit_callbacks
):
    article = published(django_capture_on_commit_callbacks)
    entry = ArticleVersion.objects.get(pk=article.live_version_id).image_renditions["cards"][language]
    url = f"http://testserver/media/{entry['name']}"
    html = get(client, f"/{language}/article/{article.slug}/").content.decode()
    assert meta(html, "og:image") == [url] and meta(html, "twitter:image") == [url]
    assert meta(html, "og:image:width") == ["1200"] and meta(html, "og:image:height") == ["630"]
    assert meta(html, "og:image:alt") == [TITLE[language]]
    assert meta(html, "twitter:card") == ["summary_large_image"]
    assert news_article(html)["image"] == {"@type": "ImageObject", "url": url, "width": 1200, "height": 630}


def test_a_new_live_version_gets_new_cards_and_the_old_ones_are_deleted(
    card_font, editor, moderator, django_capture_on_commit_callbacks
):
    article = published(django_capture_on_commit_callbacks)
    old = ArticleVersion.objects.get(pk=article.live_version_id).image_renditions["cards"]
    storage = Rendition._meta.get_field("file").storage
    with django_capture_on_commit_callbacks(execute=True):
        draft = workflow.article_start_draft(article=article, by=editor)
        ArticleVersion.objects.filter(pk=draft.pk).update(title_en="Chipmaker doubles its fab")
        workflow.version_submit(version=draft, by=editor)
        workflow.version_publish(version=draft, by=moderator)
    new = ArticleVersion.objects.get(pk=draft.pk).image_renditions["cards"]
    assert new["en"]["name"] != old["en"]["name"]
    assert not storage.exists(old["en"]["name"]) and storage.exists(new["en"]["name"])
    assert Rendition.objects.filter(source=f"card:{article.pk}").count() == 2


def test_an_article_with_a_lead_image_gets_no_card(card_font, editor, moderator, django_capture_on_commit_callbacks):
    article = published(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        draft = workflow.article_start_draft(article=article, by=editor)
        with_image(draft)
        workflow.version_submit(version=draft, by=editor)
        workflow.version_publish(version=draft, by=moderator)
    record = ArticleVersion.objects.get(pk=draft.pk).image_renditions
    assert record["cards"] == {} and record["social"]["width"] == 1200
    assert not Rendition.objects.filter(source=f"card:{article.pk}").exists()


def test_without_a_cjk_font_publishing_works_cards_are_skipped_and_the_log_says_why(
    settings, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(cards, "KNOWN_FONTS", ())
    monkeypatch.setattr(cards.shutil, "which", lambda name: None)
    cards._found_font.cache_clear()
    try:
        with pytest.raises(cards.CardFontMissing, match="Install Debian's fonts-noto-cjk"):
            cards.card_font_path()
        with caplog.at_level(logging.WARNING, logger="articles.images.receivers"):
            article = published(django_capture_on_commit_callbacks)
    finally:
        cards._found_font.cache_clear()
    assert article.is_published()
    assert "cards" not in ArticleVersion.objects.get(pk=article.live_version_id).image_renditions
    assert "No font covering Chinese was found" in caplog.text
    settings.IMAGES_CARD_FONT = "/nowhere/font.ttf"
    with pytest.raises(cards.CardFontMissing, match="IMAGES_CARD_FONT is '/nowhere/font.ttf'"):
        cards.card_font_path()


def test_deleting_an_article_deletes_its_cards(card_font, django_capture_on_commit_callbacks):
    article = published(django_capture_on_commit_callbacks)
    names = list(Rendition.objects.filter(source=f"card:{article.pk}").values_list("file", flat=True))
    assert len(names) == 2
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    storage = Rendition._meta.get_field("file").storage
    assert not Rendition.objects.exists() and not any(storage.exists(name) for name in names)


def test_a_stored_card_has_exactly_the_pixels_drawn(card_font, django_capture_on_commit_callbacks):
    """Cards are written by articles.images.png (no filters, zlib's fastest level): quicker, still lossless."""
    article = published(django_capture_on_commit_callbacks)
    version = ArticleVersion.objects.select_related("section").get(pk=article.live_version_id)
    entry = version.image_renditions["cards"]["zh-hans"]
    drawn = cards.draw_card(cards.card_texts(article=article, version=version, language="zh-hans"), card_font)
    assert ImageChops.difference(stored(entry).convert("RGB"), drawn.convert("RGB")).getbbox() is None
