"""
Renditions of uploaded images, made once with Pillow and kept on the default storage.

Each rendition is a ``Rendition`` row (source file name + spec → stored file), so it is made once
whoever asks for it and whatever the number of processes. What a page needs to print them is
copied onto the image's owner (``ArticleVersion.image_renditions``, ``Entity.logo_renditions``),
so pages read no extra row and never open an image. Everything here runs after commit (signal
receivers in ``articles.images.receivers``) or from ``manage.py make_renditions``; a failure
leaves the page on the original file, never on an error.
"""

import hashlib
import io
import logging
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from PIL import Image, ImageOps, features

from articles.models import ArticleVersion, Entity, Rendition

logger = logging.getLogger(__name__)

# Widths for srcset: those below the original's width, then the original's width (at most 1600).
LEAD_WIDTHS = (320, 640, 960, 1280, 1600)
LOGO_WIDTHS = (64, 128, 256)
# Listing thumbnails: 3:2 crops (the CSS box is 7.5rem × 5rem), at 1x and 2x.
THUMB_SIZES = ((240, 160), (480, 320))
SOCIAL_SIZE = (1200, 630)
QUALITY = {"JPEG": {"quality": 82, "optimize": True, "progressive": True}, "WEBP": {"quality": 80, "method": 4}}
QUALITY["AVIF"] = {"quality": 60, "speed": 8}
QUALITY["PNG"] = {"optimize": True}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "AVIF": "avif"}
MIME_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "AVIF": "image/avif"}
# EXIF orientations that turn the picture a quarter: width and height swap.
QUARTER_TURNS = {5, 6, 7, 8}


@dataclass(frozen=True)
class Profile:
    """What to make from one kind of image."""

    widths: tuple
    crops: bool  # thumbnails and the social crop (lead images), or widths only (logos)


LEAD = Profile(widths=LEAD_WIDTHS, crops=True)
LOGO = Profile(widths=LOGO_WIDTHS, crops=False)


@dataclass(frozen=True)
class Spec:
    key: str  # unique per source: "w640.webp", "thumb240.50x50.jpg", "social.30x60.jpg"
    kind: str  # "widths", "thumb" or "social"
    width: int
    height: int
    format: str
    crop: bool = False


def avif_supported():
    return bool(features.check("avif"))


def output_formats(original_format, has_alpha):
    """The original's format (JPEG or PNG; a WebP original falls back to PNG or JPEG), then WebP, then AVIF if available."""
    fallback = original_format if original_format in ("JPEG", "PNG") else ("PNG" if has_alpha else "JPEG")
    return [fallback, "WEBP", *(["AVIF"] if avif_supported() else [])]


def focus_key(focus):
    """A focal point as a short stable string, in whole percent ("50x50" when none is set)."""
    x, y = focus if focus and None not in focus else (0.5, 0.5)
    return f"{round(x * 100)}x{round(y * 100)}"


def plan(*, width, height, original_format, has_alpha, profile, focus):
    """Every rendition to make from an image of this (upright) size and format: a list of ``Spec``."""
    formats = output_formats(original_format, has_alpha)
    widths = [w for w in profile.widths if w < width] + [min(width, profile.widths[-1])]
    specs = [
        Spec(f"w{w}.{EXTENSIONS[fmt]}", "widths", w, max(1, round(height * w / width)), fmt)
        for fmt in formats
        for w in sorted(set(widths))
    ]
    if profile.crops:
        point = focus_key(focus)
        specs += [
            Spec(f"thumb{w}.{point}.{EXTENSIONS[fmt]}", "thumb", w, h, fmt, crop=True)
            for fmt in formats
            for w, h in THUMB_SIZES
        ]
        # Social networks read JPEG everywhere.
        specs.append(Spec(f"social.{point}.jpg", "social", *SOCIAL_SIZE, "JPEG", crop=True))
    return specs


def crop_box(size, target, focus):
    """The largest box of ``target``'s aspect ratio inside ``size``, centred on ``focus`` as far as the edges allow."""
    width, height = size
    fx, fy = focus if focus and None not in focus else (0.5, 0.5)
    aspect = target[0] / target[1]
    box_w, box_h = (width, round(width / aspect)) if width / height <= aspect else (round(height * aspect), height)
    left = min(max(round(fx * width - box_w / 2), 0), width - box_w)
    top = min(max(round(fy * height - box_h / 2), 0), height - box_h)
    return (left, top, left + box_w, top + box_h)


def render(image, spec, focus):
    """The bytes of ``spec`` made from the decoded, upright ``image`` (no metadata kept)."""
    if spec.crop:
        image = image.crop(crop_box(image.size, (spec.width, spec.height), focus))
    out = image.resize((spec.width, spec.height), Image.Resampling.LANCZOS)
    return encode(out, spec.format)


def encode(image, image_format, options=None):
    """``image`` saved as ``image_format`` with no EXIF, ICC or text chunks (``options``: Pillow's, else ``QUALITY``'s)."""
    if image_format == "JPEG" and image.mode != "RGB":
        flat = Image.new("RGB", image.size, (255, 255, 255))
        flat.paste(image, mask=image.getchannel("A") if "A" in image.getbands() else None)
        image = flat
    image.info = {}
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **(QUALITY[image_format] if options is None else options))
    return buffer.getvalue()


def upright(image):
    """The decoded image turned by its EXIF orientation, in RGB or RGBA."""
    image = ImageOps.exif_transpose(image)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    return image.convert("RGBA" if has_alpha else "RGB"), has_alpha


def storage():
    return Rendition._meta.get_field("file").storage


def rendition_path(source, spec):
    path = PurePosixPath(source.replace(":", "-"))
    folder = f"{path.stem}-{path.suffix.lstrip('.')}" if path.suffix else path.stem
    return str(PurePosixPath("renditions", path.parent, folder, spec.key))


def make(file, *, profile, focus=None):
    """
    Make whatever is missing of ``file``'s renditions and return the record pages print
    (``snapshot``). Reads the header to learn the upright size; decodes only when something is
    missing. A file written for a row that then fails to save is deleted again.
    """
    source = file.name
    existing = {row.spec: row for row in Rendition.objects.filter(source=source)}
    with file.storage.open(source, "rb") as handle, Image.open(handle) as original:
        width, height = original.size
        if original.getexif().get(0x0112) in QUARTER_TURNS:
            width, height = height, width
        has_alpha = original.mode in ("RGBA", "LA", "PA") or "transparency" in original.info
        specs = plan(
            width=width,
            height=height,
            original_format=original.format,
            has_alpha=has_alpha,
            profile=profile,
            focus=focus,
        )
        missing = [spec for spec in specs if spec.key not in existing]
        if missing:
            image, _alpha = upright(original)
            for spec in missing:
                existing[spec.key] = _store(source, spec, render(image, spec, focus))
    return snapshot(source, width, height, focus, [(spec, existing[spec.key]) for spec in specs])


def _store(source, spec, data):
    name = storage().save(rendition_path(source, spec), ContentFile(data))
    try:
        with transaction.atomic():
            return Rendition.objects.create(
                source=source,
                spec=spec.key,
                file=name,
                width=spec.width,
                height=spec.height,
                format=spec.format,
                size=len(data),
            )
    except IntegrityError:
        # Another process made the same rendition meanwhile: keep theirs, drop ours.
        storage().delete(name)
        return Rendition.objects.get(source=source, spec=spec.key)
    except BaseException:
        storage().delete(name)
        raise


def snapshot(source, width, height, focus, made):
    """The record pages print from: per kind, per format, the renditions by width."""
    record = {"source": source, "focus": focus_key(focus), "width": width, "height": height}
    for spec, row in made:
        if spec.kind == "social":
            record["social"] = row.as_entry()
            continue
        # Lists, not objects: PostgreSQL's jsonb does not keep key order, and the first format
        # (the original's) is the <img> fallback.
        groups = record.setdefault(spec.kind, [])
        if not groups or groups[-1][0] != spec.format:
            groups.append([spec.format, []])
        groups[-1][1].append(row.as_entry())
    return record


def is_current(record, file, focus):
    """Whether ``record`` describes ``file`` (and, for crops, this focal point)."""
    return bool(file) and record.get("source") == file.name and record.get("focus") == focus_key(focus)


# Owners --------------------------------------------------------------------------------------


def version_focus(version):
    return (version.image_focus_x, version.image_focus_y)


def version_renditions_make(*, version):
    """
    Bring ``version.image_renditions`` up to date with its image and focal point (made once,
    after commit), and prune what its previous image left that nothing refers to any more.
    Generated cards in the record are kept.
    """
    # Only the columns read here: the move's signals call this up to four times per version, and
    # the whole row (both languages' texts and HTML) cost more than the check itself.
    version = (
        ArticleVersion.objects.filter(pk=version.pk)
        .only("image", "image_focus_x", "image_focus_y", "image_renditions")
        .first()
    )
    if version is None:
        return None
    record = version.image_renditions or {}
    focus = version_focus(version)
    if (version.image and is_current(record, version.image, focus)) or not (version.image or record.get("source")):
        return record  # up to date, or no image now and none before: nothing to write
    previous = record.get("source")
    fresh = make(version.image, profile=LEAD, focus=focus) if version.image else {}
    if "cards" in record:
        fresh["cards"] = record["cards"]
    ArticleVersion.objects.filter(pk=version.pk).update(image_renditions=fresh)
    version.image_renditions = fresh
    if previous:
        prune(previous)
    if version.image:
        prune(version.image.name)  # crops for a focal point no version keeps any more
    return fresh


def entity_logo_make(*, entity):
    """The same for an entity's logo (widths only: logos are never cropped)."""
    entity = Entity.objects.filter(pk=entity.pk).first()
    if entity is None:
        return None
    record = entity.logo_renditions or {}
    if (entity.logo and is_current(record, entity.logo, None)) or not (entity.logo or record.get("source")):
        return record
    previous = record.get("source")
    fresh = make(entity.logo, profile=LOGO) if entity.logo else {}
    Entity.objects.filter(pk=entity.pk).update(logo_renditions=fresh)
    entity.logo_renditions = fresh
    if previous and previous != (entity.logo.name if entity.logo else None):
        prune(previous)
    return fresh


def needed_specs(source):
    """
    The specs of ``source`` something still refers to: ``None`` for all of them (an entity's
    logo), else the crops for the focal points of the versions that use it and every width.
    """
    if Entity.objects.filter(logo=source).exists():
        return None
    points = {
        focus_key(focus)
        for focus in ArticleVersion.objects.filter(image=source).values_list("image_focus_x", "image_focus_y")
    }
    return points


def prune(source):
    """Delete the renditions of ``source`` that no version or entity refers to (rows and files)."""
    points = needed_specs(source)
    if points is None:
        return 0
    doomed = [
        row
        for row in Rendition.objects.filter(source=source)
        if not points or (row.spec.count(".") == 2 and row.spec.split(".")[1] not in points)
    ]
    for row in doomed:
        row.file.storage.delete(row.file.name)
    Rendition.objects.filter(pk__in=[row.pk for row in doomed]).delete()
    return len(doomed)


def prune_orphans():
    """Prune every source no version or entity refers to any more (cards excepted): the sweeper."""
    sources = Rendition.objects.exclude(source__startswith="card:").values_list("source", flat=True).distinct()
    return sum(prune(source) for source in list(sources))


def content_digest(*parts):
    return hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()[:12]
