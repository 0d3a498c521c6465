"""
What reader pages print for an image, from the record its owner carries
(``image_renditions`` / ``logo_renditions``): never a query, never a decoded image. Without a
current record (renditions not made yet) pages print the original file at its stored size.
"""

from articles.images.renditions import MIME_TYPES, storage

LEAD_SIZES = "(min-width: 46rem) 44rem, calc(100vw - 2rem)"
THUMB_SIZES = "(max-width: 480px) 5.5rem, 7.5rem"
LOGO_SIZES = "4rem"


def url(entry):
    return storage().url(entry["name"])


def srcset(entries):
    return ", ".join(f"{url(entry)} {entry['width']}w" for entry in entries)


def picture(record, file, *, kind, target, width=None, height=None, sizes=""):
    """
    ``<picture>`` data: ``sources`` (AVIF, WebP: type and srcset), and the ``<img>``'s ``src``,
    ``srcset``, ``sizes``, ``width`` and ``height`` (the rendition nearest ``target`` pixels
    wide). ``None`` without a file.
    """
    if not file:
        return None
    groups = (record or {}).get(kind) if (record or {}).get("source") == file.name else None
    if not groups:
        return {"src": file.url, "srcset": "", "sizes": "", "width": width, "height": height, "sources": []}
    (_fallback_format, fallback), others = groups[0], groups[1:]
    chosen = min(fallback, key=lambda entry: abs(entry["width"] - target))
    return {
        "src": url(chosen),
        "srcset": srcset(fallback),
        "sizes": sizes,
        "width": chosen["width"],
        "height": chosen["height"],
        # Best first: the browser takes the first type it supports.
        "sources": [
            {"type": MIME_TYPES[image_format], "srcset": srcset(entries)}
            for image_format, entries in sorted(others, key=lambda group: group[0] != "AVIF")
        ],
    }


def lead_picture(version):
    return picture(
        version.image_renditions,
        version.image,
        kind="widths",
        target=960,
        width=version.image_width,
        height=version.image_height,
        sizes=LEAD_SIZES,
    )


def thumbnail_picture(version):
    return picture(
        version.image_renditions,
        version.image,
        kind="thumb",
        target=240,
        width=version.image_width,
        height=version.image_height,
        sizes=THUMB_SIZES,
    )


def logo_picture(entity):
    return picture(
        entity.logo_renditions,
        entity.logo,
        kind="widths",
        target=128,
        width=entity.logo_width,
        height=entity.logo_height,
        sizes=LOGO_SIZES,
    )


def social_image(version, language):
    """
    The picture social networks and JSON-LD get, as {url, width, height} (a relative URL): the
    1200×630 crop of the lead image, else the original until it is made; for an article without
    an image its generated card in ``language``, else ``None``.
    """
    record = version.image_renditions or {}
    if version.image:
        if record.get("source") == version.image.name and record.get("social"):
            entry = record["social"]
            return {"url": url(entry), "width": entry["width"], "height": entry["height"], "card": False}
        return {"url": version.image.url, "width": version.image_width, "height": version.image_height, "card": False}
    entry = record.get("cards", {}).get(language)
    if entry:
        return {"url": url(entry), "width": entry["width"], "height": entry["height"], "card": True}
    return None
