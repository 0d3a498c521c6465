"""The admin's "Change address" screen (``articles.admin.slugs``)."""

import pytest
from django.urls import reverse

from articles.models import Article, AuditEvent, SlugRedirect
from articles.tests.factories import published_article
from articles.tests.reader_helpers import get

pytestmark = pytest.mark.django_db


def address_url(article):
    return reverse("admin:articles_articleversion_change_address", args=[article.live_version_id])


def test_a_moderator_changes_the_address_from_the_admin_and_the_old_one_redirects(client, moderator):
    article = published_article()
    old = article.slug
    client.force_login(moderator)
    change_page = client.get(reverse("admin:articles_articleversion_change", args=[article.live_version_id]))
    assert address_url(article) in change_page.content.decode()
    response = client.post(address_url(article), {"slug": "a-new-address", "note": "Shorter"})
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).slug == "a-new-address"
    assert get(client, f"/zh-hans/article/{old}/")["Location"] == "/zh-hans/article/a-new-address/"
    assert AuditEvent.objects.get(action="change_slug").note == "Shorter"
    page = client.get(address_url(article))
    assert f"<code>{old}</code>" in page.content.decode()


def test_a_taken_or_malformed_address_is_refused_with_a_message_and_nothing_changes(client, moderator):
    article, other = published_article(), published_article()
    client.force_login(moderator)
    taken = client.post(address_url(article), {"slug": other.slug})
    assert taken.status_code == 200
    assert "already exists" in taken.content.decode()
    malformed = client.post(address_url(article), {"slug": "not a slug!"})
    assert malformed.status_code == 200
    assert "errorlist" in malformed.content.decode()
    assert Article.objects.get(pk=article.pk).slug == article.slug
    assert not SlugRedirect.objects.exists()


def test_the_screen_speaks_chinese_in_the_chinese_admin(client, moderator):
    article = published_article()
    client.force_login(moderator)
    page = client.get(address_url(article), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "更改地址" in page.content.decode()


def test_an_editor_cannot_change_an_address(client, editor):
    article = published_article()
    client.force_login(editor)
    assert client.get(address_url(article)).status_code == 403
    assert client.post(address_url(article), {"slug": "taken-over"}).status_code == 403
    assert Article.objects.get(pk=article.pk).slug == article.slug
