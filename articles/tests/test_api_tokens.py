"""API tokens in the admin: issued with the plain token shown once, stored hashed, revoked, last use shown."""

import pytest
from django.urls import reverse

from articles.models import ApiToken
from articles.tests.api_helpers import ARTICLE, post_draft

pytestmark = pytest.mark.django_db


def test_a_superuser_issues_a_token_and_sees_it_once(client, superuser):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:articles_apitoken_add"),
        {"client_name": "drafting pipeline", "scope": "submit_drafts"},
        follow=True,
    )
    assert response.status_code == 200
    token = ApiToken.objects.get()
    page = response.content.decode()
    start = page.index("nr_" + token.prefix)
    plain = page[start : page.index("<", start)]
    assert ApiToken.authenticate(plain) == token
    assert plain not in token.hashed_token and token.created_by == superuser
    again = client.get(reverse("admin:articles_apitoken_change", args=[token.pk])).content.decode()
    assert plain not in again


def test_the_issued_token_authenticates_the_api(client, superuser):
    _token, plain = ApiToken.issue(client_name="pipeline", by=superuser)
    assert post_draft(client, plain, ARTICLE).status_code == 201


def test_revoking_in_the_admin_stops_the_token_at_once(client, superuser):
    token, plain = ApiToken.issue(client_name="pipeline", by=superuser)
    client.force_login(superuser)
    client.post(
        reverse("admin:articles_apitoken_changelist"),
        {"action": "revoke_selected", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
    client.logout()
    assert post_draft(client, plain, ARTICLE).status_code == 401


def test_the_changelist_shows_the_last_use(client, superuser):
    token, plain = ApiToken.issue(client_name="pipeline", by=superuser)
    post_draft(client, plain, ARTICLE)
    client.force_login(superuser)
    page = client.get(reverse("admin:articles_apitoken_changelist")).content.decode()
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert "column-last_used_at" in page and "pipeline" in page


def test_tokens_cannot_be_deleted_only_revoked(client, superuser):
    token, _plain = ApiToken.issue(client_name="pipeline")
    client.force_login(superuser)
    assert client.get(reverse("admin:articles_apitoken_delete", args=[token.pk])).status_code == 403


def test_editors_cannot_see_tokens(client, editor):
    client.force_login(editor)
    assert client.get(reverse("admin:articles_apitoken_changelist")).status_code == 403
