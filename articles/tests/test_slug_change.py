"""Changing an article's address (``workflow.article_change_slug``): old links keep working."""

import pytest
from django.core.exceptions import PermissionDenied

from articles import workflow
from articles.models import Article, AuditEvent, SlugRedirect
from articles.tests.factories import published_article
from articles.tests.reader_helpers import LANGUAGES, get

pytestmark = pytest.mark.django_db


def test_a_changed_slug_leaves_a_redirect_and_old_links_keep_working_in_both_languages(client, moderator):
    article = published_article()
    old = article.slug
    workflow.article_change_slug(article=article, slug="new-address", by=moderator)
    for language in LANGUAGES:
        response = get(client, f"/{language}/article/{old}/")
        assert response.status_code == 301
        assert response["Location"] == f"/{language}/article/new-address/"
        assert get(client, f"/{language}/article/{old}/bilingual/")["Location"] == (
            f"/{language}/article/new-address/bilingual/"
        )
        assert get(client, f"/{language}/article/new-address/").status_code == 200
    event = AuditEvent.objects.get(action="change_slug")
    assert (event.actor, event.data) == (moderator, {"from": old, "to": "new-address"})


def test_changing_the_slug_twice_keeps_every_old_address_and_going_back_drops_its_redirect(client, moderator):
    article = published_article()
    first = article.slug
    workflow.article_change_slug(article=article, slug="second", by=moderator)
    workflow.article_change_slug(article=article, slug="third", by=moderator)
    assert set(SlugRedirect.objects.values_list("old_slug", flat=True)) == {first, "second"}
    assert get(client, f"/en/article/{first}/")["Location"] == "/en/article/third/"
    workflow.article_change_slug(article=article, slug=first, by=moderator)
    assert set(SlugRedirect.objects.values_list("old_slug", flat=True)) == {"second", "third"}
    assert get(client, f"/zh-hans/article/{first}/").status_code == 200


def test_a_slug_in_use_or_malformed_is_refused_and_nothing_changes(moderator):
    article, other = published_article(), published_article()
    SlugRedirect.objects.create(old_slug="someone-elses-old-address", article=other)
    for slug in (other.slug, "someone-elses-old-address", "Not A Slug", ""):
        with pytest.raises(workflow.WorkflowError):
            workflow.article_change_slug(article=article, slug=slug, by=moderator)
    assert Article.objects.get(pk=article.pk).slug == article.slug
    assert not SlugRedirect.objects.filter(article=article).exists()


def test_an_editor_cannot_change_a_published_address(editor):
    article = published_article()
    with pytest.raises(PermissionDenied):
        workflow.article_change_slug(article=article, slug="elsewhere", by=editor)
    assert Article.objects.get(pk=article.pk).slug == article.slug
