"""The lead image of an article version: what an upload must be, and how pages show it."""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MIN_WIDTH = 600
# Pillow's format name → the name editors know.
FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}


def validate_lead_image(file):
    """Refuse anything but a JPEG, PNG or WebP image of at most 5 MB and at least 600 pixels wide."""
    if file.size > MAX_BYTES:
        raise ValidationError(
            _("The image is %(size)s; the limit is %(limit)s. Save it smaller or at a lower quality."),
            code="too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(MAX_BYTES)},
        )
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format, (width, _height) = image.format, image.size
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
    if width < MIN_WIDTH:
        raise ValidationError(
            _("The image is %(width)d pixels wide; it must be at least %(minimum)d pixels wide."),
            code="too_small",
            params={"width": width, "minimum": MIN_WIDTH},
        )
