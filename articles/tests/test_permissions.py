"""
Every role × every move, through the real endpoints with CSRF enforced. An allowed move works;
a refused one answers 403 (logged-in staff), a login redirect (anonymous) or a 404 (previews),
and leaves the database exactly as it was. Every POST also carries crafted fields that try to
set the state, the pointers, the times and the view count directly: they are never applied.
"""

import datetime

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Article, ArticleVersion, AuditEvent, ShareLink
from articles.review.sharing import share_link_token
from articles.tests.admin_pages import open_form
from articles.tests.factories import EditorFactory, ModeratorFactory, UserFactory, full_version, published_article
from articles.tests.http import CsrfClient

pytestmark = pytest.mark.django_db
State = ArticleVersion.State

ROLES = ("editor", "moderator", "superuser", "staff without group", "anonymous")
EDIT_ROLES = {"editor", "moderator", "superuser"}
PUBLISH_ROLES = {"moderator", "superuser"}
CRAFTED = {
    "state": "approved",
    "live_version": "1",
    "draft": "",
    "published_at": "2000-01-01T00:00:00+00:00",
    "go_live_at": "2000-01-01T00:00:00+00:00",
    "updated_at": "2000-01-01T00:00:00+00:00",
    "views": "999999",
    "approved_by": "1",
    "revision": "99",
}


def make_user(role):
    return {
        "editor": lambda: EditorFactory(),
        "moderator": lambda: ModeratorFactory(),
        "superuser": lambda: UserFactory(username="root", is_superuser=True),
        "staff without group": lambda: UserFactory(username="staffer"),
        "anonymous": lambda: None,
    }[role]()


def snapshot():
    return {
        "articles": list(
            Article.objects.order_by("pk").values_list(
                "pk", "live_version_id", "draft_id", "published_at", "updated_at", "views"
            )
        ),
        "versions": list(
            ArticleVersion.objects.order_by("pk").values_list(
                "pk", "state", "go_live_at", "approved_by_id", "submitted_by_id", "review_note", "revision", "title_en"
            )
        ),
        "audit": AuditEvent.objects.count(),
        "links": list(ShareLink.objects.order_by("pk").values_list("pk", "revoked_at", "expires_at")),
    }


# Each move: (how to set it up → the version to act on, the form data, the roles allowed).
def draft():
    return full_version()


def in_review():
    version = full_version()
    workflow.version_submit(version=version)
    return version


def changes_requested():
    version = in_review()
    workflow.version_request_changes(version=version, note="Fix the numbers.")
    return version


def scheduled():
    version = in_review()
    workflow.version_schedule(version=version, at=timezone.now() + datetime.timedelta(hours=3))
    return version


def live():
    return published_article().live_version


def superseded():
    article = published_article()
    old = article.live_version
    update = workflow.article_start_draft(article=article)
    workflow.version_submit(version=update)
    workflow.version_publish(version=update)
    return old


IN_A_MONTH = (timezone.now() + datetime.timedelta(days=30)).strftime("%Y-%m-%dT%H:%M")
MOVES = {
    "submit": (draft, {}, EDIT_ROLES, State.IN_REVIEW),
    "withdraw": (in_review, {}, EDIT_ROLES, State.DRAFT),
    "revise": (changes_requested, {}, EDIT_ROLES, State.DRAFT),
    "request_changes": (in_review, {"note": "Cite a source."}, PUBLISH_ROLES, State.CHANGES_REQUESTED),
    "publish": (in_review, {}, PUBLISH_ROLES, State.APPROVED),
    "schedule": (in_review, {"at": IN_A_MONTH}, PUBLISH_ROLES, State.APPROVED),
    "unschedule": (scheduled, {}, PUBLISH_ROLES, State.IN_REVIEW),
    "unpublish": (live, {}, PUBLISH_ROLES, State.UNPUBLISHED),
    "restore": (superseded, {}, PUBLISH_ROLES, State.SUPERSEDED),  # the old version stays; a new draft appears
    "share": (in_review, {"hours": "72"}, PUBLISH_ROLES, State.IN_REVIEW),
}


def assert_refused(response, role):
    if role == "anonymous":
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("move", MOVES)
def test_every_move_on_the_review_endpoints(role, move):
    setup, data, allowed, target = MOVES[move]
    version = setup()
    user = make_user(role)
    before = snapshot()
    response = CsrfClient(user).submit(f"/admin/moderation/version/{version.pk}/{move}/", {**CRAFTED, **data})
    if role not in allowed:
        assert_refused(response, role)
        assert snapshot() == before
        return
    assert response.status_code == 302, response.content.decode()[:2000]
    version.refresh_from_db()
    assert version.state == target
    assert snapshot() != before
    assert AuditEvent.objects.count() > before["audit"]
    assert AuditEvent.objects.order_by("-id").first().actor == user
    # The crafted fields changed nothing they name.
    assert not Article.objects.filter(views=999999).exists()
    assert not ArticleVersion.objects.filter(revision=99).exists()
    assert not Article.objects.filter(published_at__year=2000).exists()


# The editors' admin offers the same moves as buttons on the change form.
ADMIN_MOVES = ("submit", "withdraw", "request_changes", "publish", "schedule", "unschedule", "unpublish", "restore")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("move", ADMIN_MOVES)
def test_every_move_on_the_admin_change_form_buttons(role, move):
    setup, data, allowed, target = MOVES[move]
    version = setup()
    user = make_user(role)
    before = snapshot()
    response = CsrfClient(user).submit(
        f"/admin/articles/articleversion/{version.pk}/move/", {**CRAFTED, **data, "move": move}
    )
    if role not in allowed:
        assert_refused(response, role)
        assert snapshot() == before
        return
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.state == target
    assert not Article.objects.filter(views=999999).exists()


@pytest.mark.parametrize("role", ROLES)
def test_revoking_a_share_link(role):
    link = workflow.share_link_create(version=in_review())
    user = make_user(role)
    before = snapshot()
    response = CsrfClient(user).submit(f"/admin/moderation/share-link/{link.pk}/revoke/", CRAFTED)
    link.refresh_from_db()
    if role in PUBLISH_ROLES:
        assert response.status_code == 302 and link.revoked_at is not None
    else:
        assert_refused(response, role)
        assert snapshot() == before


@pytest.mark.parametrize("role", ROLES)
def test_previews(role):
    version = full_version(title_en="Unreleased headline")
    user = make_user(role)
    for language in ("en", "zh-hans"):
        response = CsrfClient(user).get(f"/{language}/preview/{version.pk}/")
        if role in EDIT_ROLES:
            assert response.status_code == 200
        else:
            assert response.status_code == 404
            assert "Unreleased headline" not in response.content.decode()
    link = workflow.share_link_create(version=version)
    assert CsrfClient(user).get(f"/en/shared/{share_link_token(link)}/").status_code == 200  # anyone with the link


@pytest.mark.parametrize("role", ROLES)
def test_moderation_pages(role):
    version = in_review()
    user = make_user(role)
    for url in (
        "/admin/moderation/",
        f"/admin/moderation/version/{version.pk}/",
        f"/admin/moderation/article/{version.article_id}/history/",
    ):
        response = CsrfClient(user).get(url)
        if role in EDIT_ROLES:
            assert response.status_code == 200
        else:
            assert_refused(response, role)


def test_a_post_without_the_csrf_token_is_refused_for_everyone():
    version = in_review()
    before = snapshot()
    for role in ROLES:
        client = CsrfClient(make_user(role))
        assert client.post(f"/admin/moderation/version/{version.pk}/publish/").status_code in (302, 403)
    assert snapshot() == before


@pytest.mark.parametrize("role", ["editor", "moderator"])
def test_a_crafted_change_form_post_cannot_set_state_pointers_times_or_views(role):
    user = make_user(role)
    version = in_review()
    other = live()
    article = Article.objects.get(pk=version.article_id)
    client = CsrfClient(user)
    url = f"/admin/articles/articleversion/{version.pk}/change/"
    response, form = open_form(client, url)
    crafted = {
        **form.post_data(),
        "title_en": "Edited title",
        "csrfmiddlewaretoken": client.token,
        "state": "approved",
        "live_version": str(other.pk),
        "article-live_version": str(other.pk),
        "published_at": "2000-01-01T00:00",
        "go_live_at": "2000-01-01T00:00",
        "approved_by": str(user.pk),
        "views": "999999",
        "article-views": "999999",
    }
    response = client.post(url, crafted)
    assert response.status_code == 302
    version.refresh_from_db()
    article.refresh_from_db()
    assert version.title_en == "Edited title"  # the edit itself went through
    assert version.state == State.IN_REVIEW and version.go_live_at is None and version.approved_by_id is None
    assert article.live_version_id is None and article.published_at is None and article.views == 0


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("action", "setup", "allowed"),
    [
        ("submit_selected", draft, EDIT_ROLES),
        ("withdraw_selected", in_review, EDIT_ROLES),
        ("publish_selected", in_review, PUBLISH_ROLES),
        ("unpublish_selected", live, PUBLISH_ROLES),
        # Only superusers are offered delete, and even they cannot delete an article that has
        # versions (versions are never deletable in the admin): history is kept.
        ("delete_selected", live, set()),
    ],
)
def test_admin_bulk_actions(role, action, setup, allowed):
    version = setup()
    user = make_user(role)
    before = snapshot()
    client = CsrfClient(user)
    response = client.submit(
        "/admin/articles/article/",
        {
            "action": action,
            "_selected_action": [str(version.article_id)],
            "index": "0",
            "post": "yes",
            **CRAFTED,
        },
    )
    if role not in allowed:
        if role == "anonymous":
            assert response.status_code == 302 and "/admin/login/" in response["Location"]
        else:
            # Django answers an action the user may not run with 403 or with the changelist and
            # "No action selected" (the action is not offered): either way nothing changes.
            assert response.status_code in (200, 302, 403)
        assert snapshot() == before
        return
    assert response.status_code == 302
    assert snapshot() != before
    assert not Article.objects.filter(views=999999).exists()
