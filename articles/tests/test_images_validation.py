"""Upload validation (articles/images/validation.py): the pixel cap, Pillow's bomb guard, the extension."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.images import validate_lead_image, validate_logo
from articles.tests.factories import full_version, image_bytes, image_upload
from articles.tests.test_images import ALT, admin_client, post_form

pytestmark = pytest.mark.django_db


def huge_png(width, height):
    """A real PNG of this many pixels, cheap to make (one bit per pixel, compresses to almost nothing)."""
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, format="PNG")
    return SimpleUploadedFile("huge.png", buffer.getvalue(), content_type="image/png")


def messages(upload, validator=validate_lead_image):
    with pytest.raises(ValidationError) as error:
        validator(upload)
    return " ".join(error.value.messages)


def test_a_12000_by_12000_image_is_refused_by_the_default_40_megapixel_cap():
    assert "the limit is 40 megapixels" in messages(huge_png(12000, 12000))


def test_an_image_just_over_the_cap_is_refused_with_its_size_and_one_at_the_cap_is_accepted(settings):
    settings.IMAGES_MAX_PIXELS = 1_000_000
    assert "The image is 1001 × 1000 pixels; the limit is 1 megapixels." in messages(huge_png(1001, 1000))
    validate_lead_image(huge_png(1000, 1000))


def test_pillows_decompression_bomb_warning_is_a_refusal_too(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 500_000)  # Pillow warns above this, refuses above twice
    assert "too many pixels" in messages(huge_png(800, 800))


@pytest.mark.parametrize(
    ("name", "image_format", "expected"),
    [
        ("report.pdf", "PNG", "The file is a PNG image but its name ends in “.pdf”. Rename it to end in “.png”"),
        ("photo.png", "JPEG", "The file is a JPEG image but its name ends in “.png”. Rename it to end in “.jpg”"),
        ("photo.jpg", "WEBP", "The file is a WebP image but its name ends in “.jpg”. Rename it to end in “.webp”"),
        ("photo", "JPEG", "its name ends in “no extension”"),
    ],
)
def test_an_extension_that_does_not_match_the_format_is_refused(name, image_format, expected):
    assert expected in messages(SimpleUploadedFile(name, image_bytes(image_format=image_format)))


def test_a_logo_may_be_small_but_not_tiny():
    validate_logo(image_upload("logo.png", image_format="PNG", width=128, height=128))
    assert "at least 128 pixels wide" in messages(
        image_upload("logo.png", image_format="PNG", width=100, height=100), validate_logo
    )


@pytest.mark.parametrize(
    ("language", "upload", "message"),
    [
        (
            "en",
            SimpleUploadedFile("chart.pdf", image_bytes(image_format="PNG")),
            "The file is a PNG image but its name ends in “.pdf”.",
        ),
        (
            "zh-hans",
            SimpleUploadedFile("chart.pdf", image_bytes(image_format="PNG")),
            "文件是 PNG 图片，但文件名以“.pdf”结尾。",
        ),
        ("en", huge_png(12000, 12000), "the limit is 40 megapixels"),
        ("zh-hans", huge_png(12000, 12000), "上限为 40 百万像素"),
    ],
)
def test_the_admin_form_shows_the_refusal_under_the_image_field_in_each_language_and_saves_nothing(
    editor, language, upload, message
):
    draft = full_version()
    client = admin_client(editor, language)
    response = post_form(
        client, draft, language, image=upload, image_alt_en=ALT["en"], image_alt_zh_hans=ALT["zh-hans"]
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["image"] and message in " ".join(errors["image"])
    draft.refresh_from_db()
    assert not draft.image
