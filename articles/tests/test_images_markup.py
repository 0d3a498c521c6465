"""What reader pages print for images (articles/images/markup.py): <picture>, srcset, social crop, logos; no decoding, no query."""

import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, features

from articles.images import renditions
from articles.models import ArticleVersion, Entity
from articles.tests.admin_pages import browser, open_form
from articles.tests.factories import EntityFactory, image_bytes, published_article, with_image
from articles.tests.reader_helpers import LANGUAGES, count_queries, get
from articles.tests.test_images import ALT, CREDIT, meta, news_article

pytestmark = pytest.mark.django_db

MEDIA = "http://testserver/media/"


def rendered(article):
    """Give ``article``'s live version an image and make its renditions (as publishing does after commit)."""
    version = with_image(ArticleVersion.objects.get(pk=article.live_version_id))
    renditions.version_renditions_make(version=version)
    cache.clear()
    return ArticleVersion.objects.get(pk=version.pk)


def figure_of(html):
    return re.search(r'<figure class="lead-image">(.*?)</figure>', html, re.S).group(1)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_lead_image_is_a_picture_with_avif_webp_and_a_jpeg_srcset_loaded_eagerly(client, language):
    article = published_article()
    version = rendered(article)
    figure = figure_of(get(client, f"/{language}/article/{article.slug}/").content.decode())
    record = version.image_renditions
    groups = dict(record["widths"])
    assert figure.count("<source") == len(groups) - 1
    types = re.findall(r'<source type="([^"]+)"', figure)
    assert types == (["image/avif"] if features.check("avif") else []) + ["image/webp"]
    img = re.search(r"<img [^>]*>", figure).group(0)
    srcset = ", ".join(f"/media/{e['name']} {e['width']}w" for e in groups["JPEG"])
    assert f'srcset="{srcset}"' in img and 'sizes="(min-width: 46rem) 44rem, calc(100vw - 2rem)"' in img
    assert f'src="/media/{groups["JPEG"][2]["name"]}"' in img and 'width="960" height="540"' in img
    assert 'loading="eager"' in img and 'fetchpriority="high"' in img and f'alt="{ALT[language]}"' in img
    assert version.image.url not in figure  # readers never download the original


@pytest.mark.parametrize("language", LANGUAGES)
def test_listings_and_search_use_the_small_3_by_2_crop_lazily(client, language, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the search index is filled on commit
        article = published_article()
    version = rendered(article)
    thumbs = dict(version.image_renditions["thumb"])
    query = "fab" if language == "en" else "晶圆厂"
    section = version.section
    for path in ("", f"section/{section.slug}/", f"search/?q={query}"):
        html = get(client, f"/{language}/{path}").content.decode()
        img = re.search(r'<img class="item__thumbnail"[^>]*>', html).group(0)
        assert f'src="/media/{thumbs["JPEG"][0]["name"]}"' in img, path
        assert 'width="240" height="160"' in img and 'loading="lazy"' in img and 'alt=""' in img
        assert f"/media/{thumbs['JPEG'][1]['name']} 480w" in img
        assert version.image.url not in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_open_graph_twitter_and_json_ld_use_the_absolute_social_crop(client, language):
    article = published_article()
    version = rendered(article)
    url = MEDIA + version.image_renditions["social"]["name"]
    html = get(client, f"/{language}/article/{article.slug}/").content.decode()
    assert meta(html, "og:image") == [url] and meta(html, "twitter:image") == [url]
    assert meta(html, "og:image:width") == ["1200"] and meta(html, "og:image:height") == ["630"]
    assert news_article(html)["image"] == {
        "@type": "ImageObject",
        "url": url,
        "width": 1200,
        "height": 630,
        "creditText": CREDIT[language],
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_renditions_add_no_queries_to_any_reader_page(client, language, django_capture_on_commit_callbacks, settings):
    # Buffered view counts flush on a timer; a flush landing inside one measurement is not an image query.
    settings.VIEW_COUNT_FLUSH_SECONDS = 10**6
    with django_capture_on_commit_callbacks(execute=True):
        articles = [published_article() for _ in range(3)]
    section = articles[0].live_version.section
    ArticleVersion.objects.filter(pk__in=[a.live_version_id for a in articles]).update(section=section)
    paths = ["", f"section/{section.slug}/", f"article/{articles[0].slug}/", "search/?q=fab"]
    cache.clear()
    before = [count_queries(client, f"/{language}/{path}") for path in paths]
    for article in articles:
        rendered(article)
    after = [count_queries(client, f"/{language}/{path}") for path in paths]
    assert before == after


def test_no_reader_request_decodes_an_image(client, monkeypatch, django_capture_on_commit_callbacks):
    entity = EntityFactory()
    entity.logo = SimpleUploadedFile("logo.png", image_bytes(width=300, height=300, image_format="PNG"))
    with django_capture_on_commit_callbacks(execute=True):
        entity.save()
        article = published_article(entities=[entity], title_zh_hans="")
    rendered(article)
    plain = published_article()  # no image: its page shows its card (or none)

    def refuse(*args, **kwargs):
        raise AssertionError("a reader request opened an image")

    monkeypatch.setattr(Image, "open", refuse)
    paths = [
        "/en/",
        f"/en/section/{article.live_version.section.slug}/",
        f"/en/entity/{entity.slug}/",
        f"/en/article/{article.slug}/",
        f"/en/article/{article.slug}/bilingual/",
        f"/en/article/{plain.slug}/",
        "/en/search/?q=fab",
        "/zh-hans/",
    ]
    for path in paths:
        assert get(client, path).status_code == 200, path


def test_an_entity_logo_uploaded_in_the_admin_is_shown_from_its_renditions(
    client, superuser, django_capture_on_commit_callbacks
):
    entity = EntityFactory()
    url = reverse("admin:articles_entity_change", args=[entity.pk])
    admin = browser(superuser)
    response, form = open_form(admin, url, form_id="entity_form")
    logo = SimpleUploadedFile("acme.png", image_bytes(width=400, height=200, image_format="PNG"))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(url, {**form.post_data(), "logo": logo})
    assert response.status_code == 302
    entity = Entity.objects.get(pk=entity.pk)
    groups = dict(entity.logo_renditions["widths"])
    assert [e["width"] for e in groups["PNG"]] == [64, 128, 256]
    html = get(client, f"/en/entity/{entity.slug}/").content.decode()
    img = re.search(r'<img class="entity-logo"[^>]*>', html).group(0)
    assert f'src="/media/{groups["PNG"][1]["name"]}"' in img and 'width="128" height="64"' in img
    assert entity.logo.url not in html


def test_a_logo_with_the_wrong_extension_is_refused_under_the_logo_field(superuser):
    entity = EntityFactory()
    url = reverse("admin:articles_entity_change", args=[entity.pk])
    admin = browser(superuser)
    _response, form = open_form(admin, url, form_id="entity_form")
    logo = SimpleUploadedFile("acme.pdf", image_bytes(width=400, height=200, image_format="PNG"))
    response = admin.post(url, {**form.post_data(), "logo": logo})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["logo"] and "its name ends in “.pdf”" in errors["logo"][0]
    assert not Entity.objects.get(pk=entity.pk).logo
