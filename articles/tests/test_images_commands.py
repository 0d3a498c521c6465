"""make_renditions, card_font and bench_images: they run end to end on a tiny database. No timing is asserted."""

import io
import re

import pytest
from django.core.management import CommandError, call_command

from articles.images import cards
from articles.models import ArticleVersion, Rendition
from articles.tests.factories import published_article, with_image

pytestmark = pytest.mark.django_db


def run(name, *args):
    out = io.StringIO()
    call_command(name, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_make_renditions_fills_what_is_missing_once_and_prune_sweeps_orphans():
    article = published_article()
    version = with_image(ArticleVersion.objects.get(pk=article.live_version_id))
    assert "Images brought up to date: 1." in run("make_renditions")
    assert ArticleVersion.objects.get(pk=version.pk).image_renditions["source"] == version.image.name
    assert "Images brought up to date: 0." in run("make_renditions")  # the second run does nothing
    Rendition.objects.create(
        source="articles/gone.jpg",
        spec="w320.jpg",
        file="renditions/gone.jpg",
        width=1,
        height=1,
        format="JPEG",
        size=1,
    )
    Rendition.objects.create(
        source="card:999999", spec="card.en.x.png", file="renditions/card.png", width=1, height=1, format="PNG", size=1
    )
    assert "Renditions deleted: 2." in run("make_renditions", "--prune")
    assert not Rendition.objects.filter(source__in=["articles/gone.jpg", "card:999999"]).exists()


def test_card_font_names_the_font_or_fails_with_the_way_to_install_one(monkeypatch):
    try:
        cards.card_font_path()
    except cards.CardFontMissing:
        pytest.skip("no CJK font installed")
    assert re.search(r"Social cards are drawn with Noto Sans CJK SC .*\(/.*\)", run("card_font"))
    monkeypatch.setattr(
        cards, "card_font_path", lambda: (_ for _ in ()).throw(cards.CardFontMissing(cards.MISSING_FONT))
    )
    with pytest.raises(CommandError, match="fonts-noto-cjk"):
        run("card_font")


def test_bench_images_prints_bytes_before_and_after_and_the_time_of_one_upload():
    out = run("bench_images", "--width", "800", "--height", "600", "--repeat", "1", "--articles", "3")
    before = re.search(r"before \(originals\)\s+([\d,]+)\s+([\d,]+)", out)
    after = re.search(r"after: thumbnail JPEG 1x \(240px\)\s+([\d,]+)\s+([\d,]+)", out)
    assert before and after
    assert int(after[2].replace(",", "")) < int(before[2].replace(",", ""))
    assert re.search(r"Making every rendition of one 800x600 upload \([\d,]+ bytes\): \d+ files", out)


def test_bench_images_refuses_a_database_with_real_articles():
    published_article()
    with pytest.raises(CommandError, match="throwaway database"):
        run("bench_images")
