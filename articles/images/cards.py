"""
Generated social cards: for a live article without a lead image, one 1200×630 PNG per language
with the site name, section, title, date and the three scores, drawn with Pillow in a font that
covers Chinese. Made after the live version changes (``articles.images.receivers``), stored as
``Rendition`` rows like any rendition, and named in the live version's ``image_renditions``.
"""

import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import formats, timezone
from django.utils.translation import gettext, override
from PIL import Image, ImageDraw, ImageFont

from articles.images.png import rgb_png
from articles.images.renditions import _store, content_digest
from articles.languages import LANGUAGE_CODES, translated
from articles.models import Article, ArticleVersion, Rendition

SIZE = (1200, 630)
DESIGN = 1  # bump when the drawing changes: every card is made again
# Debian's fonts-noto-cjk first, then other usual places; fc-list is asked after these.
KNOWN_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)
BACKGROUND, TEXT, MUTED, ACCENT, TRACK = (17, 24, 39), (249, 250, 251), (156, 163, 175), (220, 38, 38), (55, 65, 81)
# Latin words stay whole; every other character (Chinese) may start a new line.
TOKENS = re.compile(r"[0-9A-Za-z\u00C0-\u024F'’.,:;!?%$&()\-/]+\s*|\s+|.")


class CardFontMissing(ImproperlyConfigured):
    pass


MISSING_FONT = (
    "No font covering Chinese was found, so social cards are not generated. Install Debian's "
    "fonts-noto-cjk (`apt-get install fonts-noto-cjk`, or `make fonts`) or set IMAGES_CARD_FONT to a "
    ".ttf, .otf or .ttc file that covers Chinese."
)


def card_font_path():
    """The font file cards are drawn with: ``IMAGES_CARD_FONT``, else Noto Sans CJK; ``CardFontMissing`` otherwise."""
    configured = settings.IMAGES_CARD_FONT
    if configured:
        if not Path(configured).is_file():
            raise CardFontMissing(f"IMAGES_CARD_FONT is {configured!r}, which is not a file. {MISSING_FONT}")
        return configured
    return _found_font()


@lru_cache(maxsize=1)
def _found_font():
    for candidate in KNOWN_FONTS:
        if Path(candidate).is_file():
            return candidate
    if shutil.which("fc-list"):
        listing = subprocess.run(  # noqa: S603 - fixed arguments
            [shutil.which("fc-list"), ":lang=zh", "file"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
        files = sorted(line.split(":")[0].strip() for line in listing.splitlines() if line.strip())
        files.sort(key=lambda name: "CJK" not in name)  # Noto CJK before any other Chinese font
        if files:
            return files[0]
    raise CardFontMissing(MISSING_FONT)


@lru_cache(maxsize=16)
def load_font(path, size):
    """The font at ``path``; in a collection, its Simplified Chinese face when it has one (``None``: Pillow's default font)."""
    if path is None:
        return ImageFont.load_default(size)
    for index in range(12):
        try:
            font = ImageFont.truetype(path, size, index=index)
        except OSError:
            break
        if " SC" in font.getname()[0]:
            return font
    return ImageFont.truetype(path, size)


def wrap(draw, text, font, width, max_lines):
    """``text`` cut into lines no wider than ``width`` (at most ``max_lines``, the last one ending in "…")."""
    lines, line = [], ""
    for token in TOKENS.findall(text.strip()):
        if draw.textlength(line + token.rstrip(), font=font) <= width or not line:
            line += token
            continue
        lines.append(line.rstrip())
        line = token.lstrip()
    if line.strip():
        lines.append(line.rstrip())
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and draw.textlength(last + "…", font=font) > width:
            last = last[:-1]
        lines = [*lines[: max_lines - 1], last.rstrip() + "…"]
    return lines


def card_texts(*, article, version, language):
    """What a card says in ``language``: the inputs of the drawing, and of its digest."""
    with override(language):
        section = version.section
        return {
            "site": settings.SITE_NAME,
            "section": (translated(section, "name", language) or section.slug).strip(),
            "title": (translated(version, "title", language) or "").strip(),
            "date": formats.date_format(timezone.localtime(article.published_at), "DATE_FORMAT")
            if article.published_at
            else "",
            "scores": [
                (gettext("Hot"), version.hot_score),
                (gettext("Quality"), version.quality_score),
                (gettext("Impact"), version.impact_score),
            ],
        }


def draw_card(texts, font_path):
    """The card image (RGB, 1200×630) for ``texts`` (see ``card_texts``)."""
    image = Image.new("RGB", SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)
    small, label, title_font = load_font(font_path, 30), load_font(font_path, 26), load_font(font_path, 62)
    draw.rectangle((0, 0, 16, SIZE[1]), fill=ACCENT)
    draw.text((72, 56), texts["site"].upper(), font=small, fill=MUTED)
    draw.text(
        (72 + draw.textlength(texts["site"].upper() + "   ", font=small), 56), texts["section"], font=small, fill=ACCENT
    )
    y = 130
    for line in wrap(draw, texts["title"], title_font, SIZE[0] - 144, 4):
        draw.text((72, y), line, font=title_font, fill=TEXT)
        y += 80
    draw.text((72, 470), texts["date"], font=small, fill=MUTED)
    x = 72
    for name, value in texts["scores"]:
        draw.text((x, 520), f"{name} {value}", font=label, fill=TEXT)
        draw.rectangle((x, 566, x + 300, 576), fill=TRACK)
        draw.rectangle((x, 566, x + 3 * max(0, min(value, 100)), 576), fill=ACCENT)
        x += 360
    return image


def card_source(article):
    return f"card:{article.pk}"


def article_cards_make(*, article, version):
    """
    Make the live version's cards (one per language it has a title in) unless they exist, name
    them in its ``image_renditions["cards"]`` and delete the article's older cards. A version
    with a lead image gets none (its social crop is shared instead). ``CardFontMissing`` when no
    font covers Chinese.
    """
    version = ArticleVersion.objects.select_related("section").filter(pk=version.pk).first()
    if version is None:
        return {}
    cards = {}
    if not version.image:
        font_path = card_font_path()
        source = card_source(article)
        existing = {row.spec: row for row in Rendition.objects.filter(source=source)}
        for language in LANGUAGE_CODES:
            texts = card_texts(article=article, version=version, language=language)
            if not texts["title"]:
                continue
            key = f"card.{language}.{content_digest(DESIGN, font_path, sorted(texts.items()))}.png"
            row = existing.get(key) or _store(source, _CardSpec(key), rgb_png(draw_card(texts, font_path)))
            cards[language] = row.as_entry()
    record = {**(version.image_renditions or {}), "cards": cards}
    ArticleVersion.objects.filter(pk=version.pk).update(image_renditions=record)
    keep = {entry["name"] for entry in cards.values()}
    for row in Rendition.objects.filter(source=card_source(article)):
        if row.file.name not in keep:
            row.file.storage.delete(row.file.name)
            row.delete()
    return cards


def cards_delete(*, article_pk):
    """Delete every card of an article (it was deleted): rows and files."""
    for row in Rendition.objects.filter(source=f"card:{article_pk}"):
        row.file.storage.delete(row.file.name)
        row.delete()


def cards_prune_orphans():
    """Delete the cards of articles that no longer exist; return how many files went."""
    sources = set(Rendition.objects.filter(source__startswith="card:").values_list("source", flat=True))
    alive = {card_source(article) for article in Article.objects.filter(pk__in=[s.split(":", 1)[1] for s in sources])}
    doomed = Rendition.objects.filter(source__in=sources - alive)
    count = doomed.count()
    for source in sources - alive:
        cards_delete(article_pk=source.split(":", 1)[1])
    return count


class _CardSpec:
    """A card as ``renditions._store`` saves it."""

    kind, format, width, height = "card", "PNG", *SIZE

    def __init__(self, key):
        self.key = key
