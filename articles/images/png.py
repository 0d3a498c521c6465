"""
A truecolour PNG written directly, for generated cards (``articles.images.cards``): every row
unfiltered, compressed at zlib's fastest level, no metadata. Zlib's default level was most of
a card's encoding time; at the fastest level Pillow's output grows by a sixth (its per-row
filters suit photographs, not a flat drawing), while unfiltered rows come out as small as
Pillow's default in about half its time (docs/benchmarks.md "Ingest: cards, taxonomy reads,
renditions"). Lossless, as any PNG: a reader decodes exactly the pixels drawn.
"""

import struct
import zlib

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def rgb_png(image):
    """The bytes of a PNG holding ``image`` (a Pillow image in mode RGB), 8 bits per channel."""
    if image.mode != "RGB":
        raise ValueError(f"rgb_png takes an RGB image, not {image.mode}")
    width, height = image.size
    raw = image.tobytes()
    stride = 3 * width
    # Each row starts with its filter type: 0, none.
    rows = b"".join(b"\0" + raw[start : start + stride] for start in range(0, len(raw), stride))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8 bits, truecolour, no interlace
    return SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows, 1)) + _chunk(b"IEND", b"")
