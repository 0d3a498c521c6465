"""Draft previews for staff and share links for people without an account, through HTTP."""

import datetime
import pickle

import pytest
from django.core import signing
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.utils import timezone

from articles import workflow
from articles.models import ArticleVersion, ShareLink
from articles.review.sharing import SALT, share_link_for_token, share_link_token
from articles.tests.factories import ArticleVersionFactory, UserFactory, full_version, published_article
from articles.tests.http import CsrfClient
from articles.tests.test_headers import policy

pytestmark = pytest.mark.django_db

DRAFT_EN = "Draft headline nobody may see"
DRAFT_ZH = "任何人都不应看到的草稿标题"
DRAFT_BODY_EN = "A secret paragraph of the draft."


def secret_draft(editor):
    """A live article whose new draft carries text that must never leak."""
    article = published_article()
    draft = workflow.article_start_draft(article=article, by=editor)
    ArticleVersion.objects.filter(pk=draft.pk).update(
        title_en=DRAFT_EN, title_zh_hans=DRAFT_ZH, analysis_en=DRAFT_BODY_EN
    )
    return article, draft


def assert_no_draft_text(response):
    body = response.content.decode()
    for text in (DRAFT_EN, DRAFT_ZH, DRAFT_BODY_EN):
        assert text not in body


def assert_private(response):
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]
    assert '<meta name="robots" content="noindex">' in response.content.decode()


@pytest.mark.parametrize(("language", "title", "banner"), [("en", DRAFT_EN, "Preview"), ("zh-hans", DRAFT_ZH, "预览")])
def test_an_editor_previews_a_draft_in_each_language(editor, language, title, banner):
    article, draft = secret_draft(editor)
    response = CsrfClient(editor).get(f"/{language}/preview/{draft.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert title in html and f"<strong>{banner}</strong>" in html
    assert 'class="notice preview-banner"' in html
    assert_private(response)


def test_only_this_site_may_show_a_preview_in_a_frame_and_only_the_preview(editor, moderator):
    """
    The review screen frames the previews: a preview says SAMEORIGIN in both headers (a browser
    that knows CSP reads frame-ancestors and ignores X-Frame-Options); the review screen itself
    and the 404 page a preview turns into for someone else stay unframable.
    """
    article, draft = secret_draft(editor)
    for language in ("en", "zh-hans"):
        response = CsrfClient(editor).get(f"/{language}/preview/{draft.pk}/")
        assert response.status_code == 200
        assert response["X-Frame-Options"] == "SAMEORIGIN"
        assert policy(response)["frame-ancestors"] == ["'self'"]
        assert policy(response)["default-src"] == ["'self'"]  # the rest of the policy is unchanged
    for response, status in (
        (CsrfClient(moderator).get(f"/admin/moderation/version/{draft.pk}/"), 200),
        (CsrfClient(UserFactory()).get(f"/en/preview/{draft.pk}/"), 404),
    ):
        assert response.status_code == status
        assert response["X-Frame-Options"] == "DENY"
        assert policy(response)["frame-ancestors"] == ["'none'"]


def test_the_preview_renders_the_draft_markdown_like_the_public_page(editor):
    article, draft = secret_draft(editor)
    ArticleVersion.objects.filter(pk=draft.pk).update(analysis_en="Some **bold** claim.\n\n<script>alert(1)</script>")
    html = CsrfClient(editor).get(f"/en/preview/{draft.pk}/").content.decode()
    assert "<strong>bold</strong>" in html and "<script>alert(1)</script>" not in html
    assert 'class="article"' in html  # the reader's article template


def test_a_preview_in_a_missing_language_links_to_the_other_preview(editor):
    version = ArticleVersionFactory(title_zh_hans="", summary_zh_hans="", analysis_zh_hans="")
    html = CsrfClient(editor).get(f"/zh-hans/preview/{version.pk}/").content.decode()
    assert f'href="/en/preview/{version.pk}/"' in html


def test_a_preview_is_never_stored_in_the_shared_cache(editor):
    article, draft = secret_draft(editor)
    anonymous = CsrfClient()
    assert anonymous.get(f"/en/article/{article.slug}/").status_code == 200  # fills the page cache
    CsrfClient(editor).get(f"/en/preview/{draft.pk}/")
    CsrfClient(editor).get(f"/zh-hans/preview/{draft.pk}/")
    response = anonymous.get(f"/en/article/{article.slug}/")
    assert response.status_code == 200
    assert_no_draft_text(response)
    stored = b"".join(value if isinstance(value, bytes) else pickle.dumps(value) for value in stored_cache_values())
    assert stored, "the page cache should hold the public page"
    assert DRAFT_EN.encode() not in stored and DRAFT_ZH.encode() not in stored


def stored_cache_values():
    """Every value in the shared cache, whichever backend the settings chose."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        client = backend._cache.get_client()
        return [client.get(key) for key in client.scan_iter(match=f"{backend.key_prefix}*")]
    assert isinstance(backend, LocMemCache), f"no way to list the values of {type(backend).__name__}"
    return list(backend._cache.values())


@pytest.mark.parametrize("who", ["anonymous", "staff without permission", "not staff"])
def test_others_get_a_404_without_draft_text(editor, who):
    article, draft = secret_draft(editor)
    user = {
        "anonymous": None,
        "staff without permission": UserFactory(),
        "not staff": UserFactory(is_staff=False, groups=["Editors"]),
    }[who]
    for language in ("en", "zh-hans"):
        response = CsrfClient(user).get(f"/{language}/preview/{draft.pk}/")
        assert response.status_code == 404
        assert_no_draft_text(response)


def test_an_unknown_version_is_a_404(editor):
    assert CsrfClient(editor).get("/en/preview/987654/").status_code == 404


# Share links ----------------------------------------------------------------------------------


def shared_url(link, language="en"):
    return f"/{language}/shared/{share_link_token(link)}/"


@pytest.mark.parametrize(("language", "title"), [("en", DRAFT_EN), ("zh-hans", DRAFT_ZH)])
def test_a_share_link_shows_the_draft_to_someone_without_an_account(editor, moderator, language, title):
    article, draft = secret_draft(editor)
    link = workflow.share_link_create(version=draft, by=moderator)
    response = CsrfClient().get(shared_url(link, language))
    assert response.status_code == 200
    assert title in response.content.decode()
    assert_private(response)
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Frame-Options"] == "DENY"  # nothing frames a share link
    assert policy(response)["frame-ancestors"] == ["'none'"]


def test_a_share_link_is_read_only(editor, moderator):
    article, draft = secret_draft(editor)
    link = workflow.share_link_create(version=draft, by=moderator)
    response = CsrfClient().submit(shared_url(link), {"title_en": "Hacked"})
    assert response.status_code == 405
    assert ArticleVersion.objects.get(pk=draft.pk).title_en == DRAFT_EN


def test_a_share_link_lasts_72_hours_by_default(editor, moderator):
    article, draft = secret_draft(editor)
    link = workflow.share_link_create(version=draft, by=moderator)
    assert link.expires_at - link.created_at == datetime.timedelta(hours=72)
    assert share_link_for_token(share_link_token(link), now=link.created_at + datetime.timedelta(hours=71)) == link
    assert share_link_for_token(share_link_token(link), now=link.created_at + datetime.timedelta(hours=72)) is None


def test_expired_revoked_and_forged_links_get_a_404_without_draft_text(editor, moderator):
    article, draft = secret_draft(editor)
    expired = workflow.share_link_create(version=draft, by=moderator)
    ShareLink.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    revoked = workflow.share_link_create(version=draft, by=moderator)
    workflow.share_link_revoke(link=revoked, by=moderator)
    good = workflow.share_link_create(version=draft, by=moderator)
    token = share_link_token(good)
    addresses = [
        shared_url(expired),
        shared_url(revoked),
        f"/en/shared/{token[:-2]}xx/",  # tampered signature
        f"/en/shared/{signing.dumps({'link': good.pk}, salt='another-salt')}/",  # another salt
        f"/en/shared/{signing.dumps({'link': good.pk + 100}, salt=SALT)}/",  # no such link
        f"/en/shared/{signing.dumps({'link': str(good.pk)}, salt=SALT)}/",  # not an id
        "/zh-hans/shared/garbage/",
    ]
    for address in addresses:
        response = CsrfClient().get(address)
        assert response.status_code == 404, address
        assert_no_draft_text(response)
    assert CsrfClient().get(shared_url(good)).status_code == 200


def test_a_share_link_stops_working_as_soon_as_it_is_revoked_from_the_admin(editor, moderator):
    version = full_version(title_en=DRAFT_EN)
    link = workflow.share_link_create(version=version, by=moderator)
    visitor = CsrfClient()
    assert visitor.get(shared_url(link)).status_code == 200
    assert CsrfClient(moderator).submit(f"/admin/moderation/share-link/{link.pk}/revoke/").status_code == 302
    response = visitor.get(shared_url(link))
    assert response.status_code == 404
    assert_no_draft_text(response)


def test_the_preview_pages_take_a_fixed_number_of_queries(editor, moderator, django_assert_num_queries):
    small, big = full_version(n_rows=1), full_version(n_rows=8)
    client = CsrfClient(editor)
    links = [workflow.share_link_create(version=v, by=moderator) for v in (small, big)]
    client.get(f"/en/preview/{small.pk}/")  # warm-up: the navigation sections are cached from here on
    with django_assert_num_queries(11) as baseline:
        client.get(f"/en/preview/{small.pk}/")
    with django_assert_num_queries(len(baseline)):
        client.get(f"/zh-hans/preview/{big.pk}/")
    visitor = CsrfClient()
    with django_assert_num_queries(8) as shared:
        visitor.get(shared_url(links[0]))
    with django_assert_num_queries(len(shared)):
        visitor.get(shared_url(links[1], "zh-hans"))


@pytest.mark.parametrize(
    ("language", "analysis", "link"),
    [
        ("en", "Acme builds chips. Acme again.", '<a href="/en/entity/acme/" class="entity-link">Acme</a>'),
        ("zh-hans", "艾克米在建厂。艾克米再次。", '<a href="/zh-hans/entity/acme/" class="entity-link">艾克米</a>'),
    ],
)
def test_a_preview_shows_the_same_entity_links_as_the_live_page(editor, moderator, language, analysis, link):
    from articles.tests.factories import EntityFactory

    EntityFactory(slug="acme", name_en="Acme", name_zh_hans="艾克米")
    version = full_version(**{f"analysis_{language.replace('-', '_')}": analysis})
    preview = CsrfClient(editor).get(f"/{language}/preview/{version.pk}/").content.decode()
    assert preview.count(link) == 1  # the first mention only, as on the live page
    workflow.version_submit(version=version, by=editor)
    workflow.version_publish(version=version, by=moderator)
    live = CsrfClient().get(f"/{language}/article/{version.article.slug}/").content.decode()
    assert live.count(link) == 1
