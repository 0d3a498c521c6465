"""What an uploaded image must be: format, extension, bytes, pixels. Checked by forms before anything is decoded."""

import warnings
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MIN_WIDTH = 600
MIN_LOGO_WIDTH = 128
# Pillow's format name → the name editors know.
FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
# The file name endings each format may carry (the name must say what the bytes are).
EXTENSIONS = {"JPEG": (".jpg", ".jpeg"), "PNG": (".png",), "WEBP": (".webp",)}


def max_pixels():
    """The pixel cap (``IMAGES_MAX_PIXELS``, 40 megapixels by default)."""
    return settings.IMAGES_MAX_PIXELS


def validate_lead_image(file):
    """Refuse anything but a JPEG, PNG or WebP image of at most 5 MB and at least 600 pixels wide."""
    validate_image(file, min_width=MIN_WIDTH)


def validate_logo(file):
    """An entity's logo: the same rules as a lead image, at least 128 pixels wide."""
    validate_image(file, min_width=MIN_LOGO_WIDTH)


def validate_pixels(file):
    """
    Refuse an image with more pixels than the cap, reading only its header. Anything Pillow
    cannot identify passes here: the other checks say what is wrong with it.
    """
    cap = max_pixels()
    try:
        file.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(None, None, cap) from None
    except (UnidentifiedImageError, OSError, ValueError):
        return
    finally:
        file.seek(0)
    if width * height > cap:
        raise _too_many_pixels(width, height, cap)


def validate_image(file, *, min_width):
    """
    Refuse a file over 5 MB, one Pillow cannot identify, a format other than JPEG, PNG or WebP, a
    name whose extension says another format, more pixels than the cap, or an image narrower than
    ``min_width``. Only the header is read: nothing is decoded here.
    """
    if file.size > MAX_BYTES:
        raise ValidationError(
            _("The image is %(size)s; the limit is %(limit)s. Save it smaller or at a lower quality."),
            code="too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(MAX_BYTES)},
        )
    cap = max_pixels()
    try:
        file.seek(0)
        with warnings.catch_warnings():
            # Pillow's own decompression-bomb guard: its warning becomes a refusal too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                image_format, (width, height) = image.format, image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(None, None, cap) from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise ValidationError(
            _("This file is not an image. Upload a JPEG, PNG or WebP file."), code="invalid_image"
        ) from None
    finally:
        file.seek(0)
    if image_format not in FORMATS:
        raise ValidationError(
            _("%(format)s images are not accepted. Upload a JPEG, PNG or WebP file."),
            code="invalid_format",
            params={"format": image_format},
        )
    extension = PurePath(file.name or "").suffix.lower()
    if extension not in EXTENSIONS[image_format]:
        raise ValidationError(
            _(
                "The file is a %(format)s image but its name ends in “%(extension)s”. "
                "Rename it to end in “%(expected)s” and upload it again."
            ),
            code="wrong_extension",
            params={
                "format": FORMATS[image_format],
                "extension": extension or _("no extension"),
                "expected": EXTENSIONS[image_format][0],
            },
        )
    if width * height > cap:
        raise _too_many_pixels(width, height, cap)
    if width < min_width:
        raise ValidationError(
            _("The image is %(width)d pixels wide; it must be at least %(minimum)d pixels wide."),
            code="too_small",
            params={"width": width, "minimum": min_width},
        )


def _too_many_pixels(width, height, cap):
    megapixels = round(cap / 1_000_000)
    if width is None:
        return ValidationError(
            _("The image has too many pixels; the limit is %(limit)d megapixels. Resize it and upload it again."),
            code="too_many_pixels",
            params={"limit": megapixels},
        )
    return ValidationError(
        _(
            "The image is %(width)d × %(height)d pixels; the limit is %(limit)d megapixels. "
            "Resize it and upload it again."
        ),
        code="too_many_pixels",
        params={"width": width, "height": height, "limit": megapixels},
    )
