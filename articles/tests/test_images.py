"""The lead image: upload through the admin form, validation, reader pages, metadata, query counts."""

import json
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles import workflow
from articles.images import MAX_BYTES, validate_lead_image
from articles.models import ArticleVersion
from articles.tests.admin_pages import browser, open_form
from articles.tests.factories import full_version, image_bytes, image_upload, published_article, with_image
from articles.tests.reader_helpers import LANGUAGES, count_queries, get

pytestmark = pytest.mark.django_db

ALT = {"en": "A wafer in a gloved hand", "zh-hans": "戴手套的手拿着晶圆"}
CREDIT = {"en": "Photo: Acme", "zh-hans": "图片：艾克米"}
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def change_url(version):
    return reverse("admin:articles_articleversion_change", args=[version.pk])


def admin_client(user, language):
    client = browser(user)
    client.cookies["django_language"] = language
    return client


def post_form(client, version, language, **changes):
    """Open the real change form, change it like a browser would (files included) and post it."""
    response, form = open_form(client, change_url(version))
    assert 'enctype="multipart/form-data"' in response.content.decode()
    files = {name: changes.pop(name) for name in list(changes) if isinstance(changes[name], SimpleUploadedFile)}
    for name, value in changes.items():
        form[name] = value
    return client.post(change_url(version), {**form.post_data(), **files}, HTTP_ACCEPT_LANGUAGE=language)


def news_article(html):
    blocks = [json.loads(block) for block in JSON_LD.findall(html)]
    return next(block for block in blocks if block["@type"] == "NewsArticle")


def meta(html, name):
    return re.findall(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)">', html)


def image_article(**kwargs):
    article = published_article(**kwargs)
    with_image(article.live_version)
    return article


# Validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("image_format", "name"), [("JPEG", "lead.jpg"), ("JPEG", "LEAD.JPEG"), ("PNG", "lead.png"), ("WEBP", "lead.webp")]
)
def test_jpeg_png_and_webp_images_at_least_600_pixels_wide_are_accepted(image_format, name):
    validate_lead_image(image_upload(name, image_format=image_format, width=600, height=400))


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (image_upload("lead.jpg", width=599, height=400), "599 pixels wide"),
        (image_upload("lead.gif", image_format="GIF"), "GIF images are not accepted"),
        (SimpleUploadedFile("lead.jpg", b"not an image at all"), "not an image"),
        (SimpleUploadedFile("lead.jpg", image_bytes() + b"\0" * MAX_BYTES), "the limit is 5.0"),
    ],
)
def test_small_other_format_broken_and_oversized_files_are_refused_with_the_reason(upload, message):
    with pytest.raises(Exception) as error:  # noqa: PT011 - the message is what matters
        validate_lead_image(upload)
    assert message in " ".join(error.value.messages)


# The admin form -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_editor_uploads_a_lead_image_through_the_real_form_and_sees_its_thumbnail(editor, language):
    draft = full_version()
    client = admin_client(editor, language)
    response = post_form(
        client,
        draft,
        language,
        image=image_upload("wafer.jpg", width=1200, height=675),
        image_alt_en=ALT["en"],
        image_alt_zh_hans=ALT["zh-hans"],
        image_credit_en=CREDIT["en"],
        image_credit_zh_hans=CREDIT["zh-hans"],
    )
    assert response.status_code == 302, response.context["errors"] if response.context else response
    draft.refresh_from_db()
    assert draft.image.name.startswith("articles/") and draft.image.name.endswith(".jpg")
    # The stored columns (read raw: a model instance would fill blank ones from the file).
    assert ArticleVersion.objects.filter(pk=draft.pk).values_list("image_width", "image_height").get() == (1200, 675)
    assert (draft.image_alt_en, draft.image_alt_zh_hans, draft.image_credit_zh_hans) == (
        ALT["en"],
        ALT["zh-hans"],
        CREDIT["zh-hans"],
    )
    assert draft.image.storage.exists(draft.image.name)

    page = client.get(change_url(draft)).content.decode()
    assert f'class="image-preview__thumbnail" src="{draft.image.url}"' in page
    assert 'width="1200" height="675"' in page
    # Both languages' fields carry the per-language classes the language switch reads.
    for marker in (
        "field-image_alt_en",
        "field-image_alt_zh_hans",
        "field-image_credit_en",
        "field-image_credit_zh_hans",
    ):
        assert marker in page


@pytest.mark.parametrize(
    ("language", "upload", "message"),
    [
        (
            "en",
            image_upload("small.jpg", width=400, height=300),
            "The image is 400 pixels wide; it must be at least 600 pixels wide.",
        ),
        ("zh-hans", image_upload("small.jpg", width=400, height=300), "图片宽 400 像素，至少需要 600 像素。"),
        ("en", SimpleUploadedFile("notes.jpg", b"meeting notes", content_type="image/jpeg"), "Upload a valid image."),
        (
            "zh-hans",
            SimpleUploadedFile("notes.txt", b"meeting notes", content_type="text/plain"),
            "请上传一张有效的图片",
        ),
    ],
)
def test_a_too_small_or_non_image_upload_is_refused_under_the_image_field_and_nothing_is_saved(
    editor, language, upload, message
):
    draft = full_version()
    client = admin_client(editor, language)
    response = post_form(
        client,
        draft,
        language,
        image=upload,
        title_en="Changed",
        image_alt_en=ALT["en"],
        image_alt_zh_hans=ALT["zh-hans"],
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["image"] and message in " ".join(errors["image"])
    page = response.content.decode()
    assert message.replace("“", "&ldquo;") in page or message in page
    assert 'class="errorlist' in page and "field-image" in page
    draft.refresh_from_db()
    assert not draft.image and draft.title_en != "Changed"


@pytest.mark.parametrize(
    ("language", "message"), [("en", "Describe the image in 中文"), ("zh-hans", "请用中文描述图片")]
)
def test_an_image_needs_a_description_in_each_language_the_article_has_a_title_in(editor, language, message):
    draft = full_version()
    client = admin_client(editor, language)
    response = post_form(client, draft, language, image=image_upload(), image_alt_en=ALT["en"], image_alt_zh_hans="")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["image_alt_zh_hans"] and message in errors["image_alt_zh_hans"][0]
    draft.refresh_from_db()
    assert not draft.image


def test_a_language_without_a_title_needs_no_description_and_clearing_the_image_needs_none(editor):
    draft = full_version(title_zh_hans="")
    client = admin_client(editor, "en")
    response = post_form(client, draft, "en", image=image_upload(), image_alt_en=ALT["en"], image_alt_zh_hans="")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.image
    response = post_form(client, draft, "en", **{"image-clear": "on", "image_alt_en": ""})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert not draft.image


def test_the_focal_point_is_set_from_the_preview_by_a_static_script_and_saved_with_the_form(editor):
    draft = full_version()
    client = admin_client(editor, "en")
    assert (
        post_form(
            client, draft, "en", image=image_upload(), image_alt_en=ALT["en"], image_alt_zh_hans=ALT["zh-hans"]
        ).status_code
        == 302
    )
    page = client.get(change_url(draft)).content.decode()
    preview = re.search(r'<figure class="image-preview image-preview--focal".*?</figure>', page, re.S).group(0)
    assert 'data-focus-x="id_image_focus_x" data-focus-y="id_image_focus_y"' in preview
    assert "style=" not in preview and "<script" not in preview  # nothing a strict CSP would refuse
    assert "/static/js/admin-focal-point.js" in page
    response = post_form(client, draft, "en", image_focus_x="0.25", image_focus_y="0.8")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.image_focus_x, draft.image_focus_y) == (0.25, 0.8)
    response = post_form(client, draft, "en", image_focus_x="1.5")
    assert list(response.context["adminform"].form.errors) == ["image_focus_x"]


# Reader pages -------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_article_page_shows_the_image_with_alt_credit_and_size_loaded_eagerly(client, language):
    article = image_article()
    version = article.live_version
    html = get(client, f"/{language}/article/{article.slug}/").content.decode()
    figure = re.search(r'<figure class="lead-image">(.*?)</figure>', html, re.S).group(1)
    assert f'src="{version.image.url}"' in figure and f'alt="{ALT[language]}"' in figure
    assert 'width="1200" height="675"' in figure and 'loading="eager"' in figure
    assert f'<figcaption class="lead-image__credit">{CREDIT[language]}</figcaption>' in figure
    bilingual = get(client, f"/{language}/article/{article.slug}/bilingual/").content.decode()
    assert f'alt="{ALT["en"]}"' in bilingual and f'alt="{ALT["zh-hans"]}"' in bilingual


@pytest.mark.parametrize("language", LANGUAGES)
def test_listings_show_a_small_lazy_thumbnail_only_for_articles_with_an_image(client, language):
    with_picture, without = image_article(), published_article()
    section = with_picture.live_version.section
    without.live_version.section = section
    ArticleVersion.objects.filter(pk=without.live_version_id).update(section=section)
    for path in ("", f"section/{section.slug}/"):
        html = get(client, f"/{language}/{path}").content.decode()
        thumbnails = re.findall(r'<img class="item__thumbnail"[^>]*>', html)
        assert len(thumbnails) == 1, path
        assert f'src="{with_picture.live_version.image.url}"' in thumbnails[0]
        assert 'loading="lazy"' in thumbnails[0] and 'width="1200" height="675"' in thumbnails[0]
        assert 'loading="eager"' not in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_article_without_an_image_shows_no_figure_and_no_image_metadata(client, language):
    article = published_article()
    html = get(client, f"/{language}/article/{article.slug}/").content.decode()
    assert "lead-image" not in html and "<img" not in html.split("<main", 1)[-1]
    assert "image" not in news_article(html)
    assert meta(html, "og:image") == [] and meta(html, "twitter:image") == []
    assert meta(html, "twitter:card") == ["summary"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_json_ld_and_open_graph_carry_the_absolute_image_url_when_there_is_one(client, language):
    article = image_article()
    url = f"http://testserver{article.live_version.image.url}"
    html = get(client, f"/{language}/article/{article.slug}/").content.decode()
    assert news_article(html)["image"] == {
        "@type": "ImageObject",
        "url": url,
        "width": 1200,
        "height": 675,
        "creditText": CREDIT[language],
    }
    assert meta(html, "og:image") == [url] and meta(html, "twitter:image") == [url]
    assert meta(html, "og:image:width") == ["1200"] and meta(html, "og:image:height") == ["675"]
    assert meta(html, "og:image:alt") == [ALT[language]]
    assert meta(html, "twitter:card") == ["summary_large_image"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_images_add_no_queries_to_any_reader_page(client, language, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the search index is filled on commit
        articles = [published_article() for _ in range(4)]
    section = articles[0].live_version.section
    ArticleVersion.objects.filter(pk__in=[a.live_version_id for a in articles]).update(section=section)
    article = articles[0]
    query = "fab" if language == "en" else "晶圆厂"
    paths = {
        "home": "",
        "section": f"section/{section.slug}/",
        "detail": f"article/{article.slug}/",
        "bilingual": f"article/{article.slug}/bilingual/",
        "search": f"search/?q={query}",
    }
    cache.clear()  # measured from the same cache state as after
    before = {name: count_queries(client, f"/{language}/{path}") for name, path in paths.items()}
    for each in articles:
        with_image(ArticleVersion.objects.get(pk=each.live_version_id))
    cache.clear()  # these direct saves send no signal: measure fresh pages
    responses = {name: get(client, f"/{language}/{path}").content.decode() for name, path in paths.items()}
    assert [name for name, html in responses.items() if "/media/articles/" not in html] == []
    cache.clear()
    after = {name: count_queries(client, f"/{language}/{path}") for name, path in paths.items()}
    assert before == after


# Drafts -------------------------------------------------------------------------------------


def test_a_new_image_on_a_draft_goes_live_only_when_the_draft_is_published(
    client, editor, moderator, django_capture_on_commit_callbacks
):
    article = image_article()
    live_name = article.live_version.image.name
    draft = workflow.article_start_draft(article=article, by=editor)
    response = post_form(
        admin_client(editor, "en"),
        draft,
        "en",
        image=image_upload("new.png", image_format="PNG", width=800, height=600),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.image.name != live_name and draft.image.name.endswith(".png")
    html = get(client, f"/en/article/{article.slug}/").content.decode()
    assert article.live_version.image.url in html and draft.image.url not in html

    with django_capture_on_commit_callbacks(execute=True):  # the page cache is purged on commit
        workflow.version_submit(version=draft, by=editor)
        workflow.version_publish(version=draft, by=moderator)
    html = get(client, f"/en/article/{article.slug}/").content.decode()
    # The published draft's renditions (made on commit) replace the old image, at the new size.
    assert "/media/renditions/articles/" in html and "/new-png/w800.png" in html and 'width="800" height="600"' in html
    assert "/lead-jpg/" not in html
