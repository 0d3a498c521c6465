"""A cache that is down or hung costs a bounded wait, never a 5xx (issue 11, finding 3)."""

import pytest
from django.core.cache.backends.base import BaseCache
from django.urls import reverse
from django.utils.module_loading import import_string

from articles import caching, workflow
from articles.models import AfterCommitJob
from articles.search import search
from articles.tests.factories import full_version, override_checks
from articles.tests.http import CsrfClient
from articles.tests.reader_helpers import get, rich_article

pytestmark = pytest.mark.django_db
CALLS = []


class DeadCache(BaseCache):
    """A cache server that does not answer: every call fails (after its socket timeout, in real life)."""

    def __init__(self, location, params):
        super().__init__(params)

    def _fail(self, *args, **kwargs):
        CALLS.append(args[:1])
        raise TimeoutError("Timeout reading from socket")

    add = get = set = touch = delete = clear = incr = decr = has_key = get_many = set_many = delete_many = _fail


@pytest.fixture
def dead_cache(settings):
    settings.CACHES = {"default": {"BACKEND": f"{__name__}.DeadCache"}}


def test_after_one_failure_the_cache_is_left_alone_for_a_few_seconds(client, dead_cache):
    calls = import_string(f"{__name__}.CALLS")  # the list the backend (imported by name) appends to
    rich_article(1)
    caching.reset()
    calls.clear()
    for _ in range(5):
        assert get(client, "/en/").status_code == 200
    assert len(calls) == 1  # one timeout, then no waiting on a dead server
    caching.reset()
    assert get(client, "/en/").status_code == 200
    assert len(calls) == 2


def test_search_answers_while_the_cache_is_down(client, dead_cache):
    rich_article(1, title_en="Heliotrope accelerator")
    for language in ("en", "zh-hans"):
        caching.reset()
        assert get(client, f"/{language}/search/?q=heliotrope").status_code == 200


def test_the_admin_edit_form_and_its_heartbeat_answer_while_the_cache_is_down(editor, dead_cache):
    version = full_version()
    client = CsrfClient(editor)
    assert client.get(reverse("admin:articles_articleversion_change", args=[version.pk])).status_code == 200
    caching.reset()
    response = client.submit(reverse("admin:articles_articleversion_presence", args=[version.pk]))
    assert response.status_code == 200


def test_publishing_while_the_cache_is_down_succeeds_and_updates_the_search_index(
    moderator, editor, dead_cache, django_capture_on_commit_callbacks
):
    version = full_version(title_en="Marmalade quasar")
    workflow.version_submit(version=version, by=editor)
    override_checks(version, moderator)
    client = CsrfClient(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.submit(f"/admin/moderation/version/{version.pk}/publish/")
    assert response.status_code == 302
    assert search("Marmalade", "en", {}, 1).paginator.count == 1
    assert not AfterCommitJob.objects.filter(signal="article_published").exists()
    assert get(CsrfClient(), f"/en/article/{version.article.slug}/").status_code == 200
