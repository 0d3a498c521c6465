"""Renditions (articles/images/renditions.py): sizes and formats, focal point crops, EXIF, made once, pruning."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, features

from articles import workflow
from articles.images import renditions
from articles.images.renditions import LEAD, crop_box, plan
from articles.models import ArticleVersion, Rendition
from articles.tests.factories import full_version, published_article, with_image

pytestmark = pytest.mark.django_db

FORMATS = ["JPEG", "WEBP", *(["AVIF"] if features.check("avif") else [])]
RED, GREEN, BLUE = (220, 20, 20), (20, 200, 20), (20, 20, 220)


def picture_bytes(width, height, *, image_format="JPEG", paint=(), exif=None):
    """An image filled with blue, with ``paint`` = [(box, colour)] rectangles, and optional EXIF."""
    image = Image.new("RGB", (width, height), BLUE)
    for box, colour in paint:
        image.paste(colour, box)
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **({"exif": exif.tobytes()} if exif is not None else {}))
    return buffer.getvalue()


def version_with(data, name="photo.jpg", **fields):
    version = full_version(**fields)
    version.image = SimpleUploadedFile(name, data)
    version.save()
    return version


def opened(entry):
    with Rendition._meta.get_field("file").storage.open(entry["name"]) as handle:
        image = Image.open(handle)
        image.load()
        return image


def near(pixel, colour, tolerance=40):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], colour, strict=True))


def test_every_width_below_the_original_and_the_original_width_are_made_in_each_format():
    version = version_with(picture_bytes(1400, 700))
    record = renditions.version_renditions_make(version=version)
    groups = dict(record["widths"])
    assert list(groups) == FORMATS  # the original's format first: it is the <img> fallback
    for image_format, entries in groups.items():
        assert [(e["width"], e["height"]) for e in entries] == [
            (320, 160),
            (640, 320),
            (960, 480),
            (1280, 640),
            (1400, 700),
        ]
        for entry in entries:
            image = opened(entry)
            assert (image.format, image.size) == (image_format, (entry["width"], entry["height"]))
    rows = Rendition.objects.filter(source=version.image.name)
    assert rows.count() == 5 * len(FORMATS) + 2 * len(FORMATS) + 1
    assert {row.format for row in rows} == set(FORMATS)


def test_a_png_keeps_png_next_to_webp_and_a_wide_original_stops_at_1600():
    version = version_with(picture_bytes(2000, 1000, image_format="PNG"), name="chart.png")
    record = renditions.version_renditions_make(version=version)
    groups = dict(record["widths"])
    assert list(groups)[0] == "PNG"
    assert [e["width"] for e in groups["PNG"]] == [320, 640, 960, 1280, 1600]
    assert opened(groups["PNG"][-1]).format == "PNG"


def test_thumbnails_and_the_social_crop_have_their_fixed_sizes():
    version = version_with(picture_bytes(1200, 1200))
    record = renditions.version_renditions_make(version=version)
    thumbs = dict(record["thumb"])
    assert [(e["width"], e["height"]) for e in thumbs["JPEG"]] == [(240, 160), (480, 320)]
    social = opened(record["social"])
    assert (social.format, social.size) == ("JPEG", (1200, 630))


def test_the_social_crop_keeps_the_focal_point_in_view_and_the_centre_crop_would_not():
    # A wide picture with a green block near its right edge.
    data = picture_bytes(2400, 600, paint=[((2150, 200, 2350, 400), GREEN)])
    centred = version_with(data)
    focused = version_with(data, image_focus_x=0.93, image_focus_y=0.5)
    assert not any(
        near(p, GREEN)
        for p in opened(renditions.version_renditions_make(version=centred)["social"]).get_flattened_data()
    )
    social = opened(renditions.version_renditions_make(version=focused)["social"])
    assert sum(near(p, GREEN) for p in social.get_flattened_data()) > 10_000
    thumb = opened(dict(renditions.version_renditions_make(version=focused)["thumb"])["JPEG"][0])
    assert near(thumb.getpixel((200, 80)), GREEN)  # the thumbnail's crop keeps it too


def test_the_crop_box_is_centred_on_the_focus_and_clamped_to_the_edges():
    assert crop_box((2400, 600), (1200, 630), (0.5, 0.5)) == (628, 0, 1771, 600)
    assert crop_box((2400, 600), (1200, 630), (1.0, 0.5)) == (1257, 0, 2400, 600)
    assert crop_box((1000, 1000), (1200, 630), (0.5, 0.0)) == (0, 0, 1000, 525)


def test_exif_orientation_is_applied_and_every_piece_of_metadata_is_stripped():
    exif = Image.Exif()
    exif[0x0112] = 6  # stored sideways: turn 90° clockwise to show
    exif[0x010F] = "Acme Camera"
    # Red in the stored top-left corner: upright, it is the top-right corner.
    version = version_with(picture_bytes(1200, 800, paint=[((0, 0, 150, 150), RED)], exif=exif))
    record = renditions.version_renditions_make(version=version)
    assert (record["width"], record["height"]) == (800, 1200)
    largest = dict(record["widths"])["JPEG"][-1]
    image = opened(largest)
    assert image.size == (800, 1200)
    assert near(image.getpixel((790, 10)), RED) and not near(image.getpixel((10, 10)), RED)
    for entry in [e for _format, entries in record["widths"] for e in entries] + [record["social"]]:
        made = opened(entry)
        assert not made.getexif() and "icc_profile" not in made.info and "exif" not in made.info


def test_renditions_are_made_once_whoever_asks(monkeypatch):
    version = version_with(picture_bytes(1000, 600))
    renditions.version_renditions_make(version=version)
    count = Rendition.objects.count()
    copy = version_with(b"", name="unused.jpg")
    ArticleVersion.objects.filter(pk=copy.pk).update(image=version.image.name)
    calls = []
    monkeypatch.setattr(renditions, "render", lambda *args: calls.append(args))
    renditions.version_renditions_make(version=copy)  # the same file: the rows exist
    renditions.version_renditions_make(version=version)  # already current: not even opened
    assert calls == [] and Rendition.objects.count() == count


def test_the_plan_never_upscales_widths_and_logos_get_no_crops():
    specs = plan(width=700, height=350, original_format="WEBP", has_alpha=True, profile=LEAD, focus=None)
    assert sorted({s.width for s in specs if s.kind == "widths"}) == [320, 640, 700]
    assert {s.format for s in specs if s.kind == "widths"} == {"PNG", *FORMATS[1:]}  # WebP with alpha falls back to PNG
    logo = plan(width=500, height=500, original_format="PNG", has_alpha=True, profile=renditions.LOGO, focus=None)
    assert {s.kind for s in logo} == {"widths"} and sorted({s.width for s in logo}) == [64, 128, 256]


def test_saving_a_draft_makes_its_renditions_after_commit_and_never_before(editor, django_capture_on_commit_callbacks):
    version = version_with(picture_bytes(900, 600))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.version_saved(version=version, by=editor)
    assert Rendition.objects.count() == 0 and callbacks
    for callback in callbacks:
        callback()
    version.refresh_from_db()
    assert version.image_renditions["source"] == version.image.name
    assert Rendition.objects.filter(source=version.image.name).exists()


def test_replacing_a_drafts_image_prunes_the_old_renditions_but_the_live_version_keeps_its_own(
    editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = published_article()
        live = with_image(article.live_version, name="live.jpg")
        renditions.version_renditions_make(version=live)
        draft = workflow.article_start_draft(article=article, by=editor)
    draft.refresh_from_db()
    assert draft.image.name == live.image.name and draft.image_renditions["source"] == live.image.name
    live_rows = set(Rendition.objects.filter(source=live.image.name).values_list("file", flat=True))

    # A first replacement on the draft, then a second: the first one's renditions go.
    with django_capture_on_commit_callbacks(execute=True):
        with_image(draft, name="first.jpg", width=1000, height=600)
        workflow.version_saved(version=draft, by=editor)
    first = ArticleVersion.objects.get(pk=draft.pk).image.name
    first_files = list(Rendition.objects.filter(source=first).values_list("file", flat=True))
    assert first_files
    draft.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        with_image(draft, name="second.jpg", width=1000, height=600)
        workflow.version_saved(version=draft, by=editor)
    storage = Rendition._meta.get_field("file").storage
    assert not Rendition.objects.filter(source=first).exists()
    assert not any(storage.exists(name) for name in first_files)
    # The live version shares nothing with the draft any more and keeps every rendition it had.
    assert set(Rendition.objects.filter(source=live.image.name).values_list("file", flat=True)) == live_rows
    assert all(storage.exists(name) for name in live_rows)


def test_moving_the_focal_point_replaces_the_crops_nothing_uses_and_keeps_the_widths(editor):
    version = version_with(picture_bytes(1200, 1200))
    renditions.version_renditions_make(version=version)
    old_social = Rendition.objects.get(source=version.image.name, spec__startswith="social").file.name
    widths = set(Rendition.objects.filter(source=version.image.name, spec__startswith="w").values_list("pk", flat=True))
    ArticleVersion.objects.filter(pk=version.pk).update(image_focus_x=0.2, image_focus_y=0.1)
    record = renditions.version_renditions_make(version=version)
    assert record["focus"] == "20x10" and record["social"]["name"] != old_social
    assert not Rendition.objects.filter(file=old_social).exists()
    assert not Rendition._meta.get_field("file").storage.exists(old_social)
    assert (
        set(Rendition.objects.filter(source=version.image.name, spec__startswith="w").values_list("pk", flat=True))
        == widths
    )


def test_deleting_the_last_version_that_uses_an_image_removes_its_renditions(django_capture_on_commit_callbacks):
    version = version_with(picture_bytes(900, 600))
    renditions.version_renditions_make(version=version)
    names = list(Rendition.objects.values_list("file", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        version.article.delete()
    storage = Rendition._meta.get_field("file").storage
    assert not Rendition.objects.exists() and not any(storage.exists(name) for name in names)


def test_a_rendition_file_whose_row_cannot_be_saved_is_deleted(monkeypatch):
    version = version_with(picture_bytes(900, 600))
    storage = Rendition._meta.get_field("file").storage

    def refuse(**kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(Rendition.objects, "create", refuse)
    with pytest.raises(RuntimeError):
        renditions.version_renditions_make(version=version)
    _folders, files = storage.listdir(
        "renditions/articles/" + version.image.name.split("/", 1)[1].rsplit("/", 1)[0] + "/photo-jpg"
    )
    assert files == []
