"""The PNG writer for generated cards (articles/images/png.py): lossless, bare, RGB only."""

import io
import random

import pytest
from PIL import Image, ImageChops, ImageDraw

from articles.images.png import SIGNATURE, rgb_png


def drawing(width=301, height=157, seed=4):
    rng = random.Random(seed)
    image = Image.new("RGB", (width, height), (17, 24, 39))
    draw = ImageDraw.Draw(image)
    for _ in range(40):
        x, y = rng.randrange(width), rng.randrange(height)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.rectangle((x, y, x + rng.randrange(60), y + rng.randrange(30)), fill=colour)
        draw.text((rng.randrange(width), rng.randrange(height)), "Ab 12", fill=colour)
    return image


@pytest.mark.parametrize("size", [(1, 1), (301, 157), (1200, 630)])
def test_a_written_png_decodes_to_exactly_the_pixels_drawn(size):
    image = drawing(*size)
    decoded = Image.open(io.BytesIO(rgb_png(image)))
    decoded.load()
    assert (decoded.format, decoded.mode, decoded.size) == ("PNG", "RGB", size)
    assert ImageChops.difference(decoded, image).getbbox() is None


def test_the_png_holds_only_its_header_pixels_and_end():
    data = rgb_png(drawing())
    assert data.startswith(SIGNATURE)
    kinds, position = [], len(SIGNATURE)
    while position < len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        kinds.append(data[position + 4 : position + 8])
        position += 12 + length
    assert kinds == [b"IHDR", b"IDAT", b"IEND"] and position == len(data)


def test_an_image_that_is_not_rgb_is_refused():
    with pytest.raises(ValueError, match="RGBA"):
        rgb_png(Image.new("RGBA", (4, 4)))
