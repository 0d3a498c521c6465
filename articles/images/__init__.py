"""
Images: what an upload must be (``validation``), the renditions made once from it and stored on
the configured storage (``renditions``), the generated social cards (``cards``) and what reader
pages print from the stored rendition records (``markup``). Reader pages never open an image.
"""

from articles.images.validation import (
    EXTENSIONS,
    FORMATS,
    MAX_BYTES,
    MIN_LOGO_WIDTH,
    MIN_WIDTH,
    validate_image,
    validate_lead_image,
    validate_logo,
    validate_pixels,
)

__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "MAX_BYTES",
    "MIN_LOGO_WIDTH",
    "MIN_WIDTH",
    "validate_image",
    "validate_lead_image",
    "validate_logo",
    "validate_pixels",
]
