"""POST /api/v1/drafts/: ingestion through the importer and the workflow, never publishing."""

import datetime
import json

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from articles import workflow
from articles.exchange.importing import ImportFailed, parse_articles
from articles.models import ApiSubmission, ApiToken, Article, ArticleVersion, AuditEvent
from articles.tests.api_helpers import ARTICLE, article, issue_token, post_draft

pytestmark = pytest.mark.django_db
State = ArticleVersion.State


@pytest.fixture
def token():
    return issue_token()


def test_a_new_article_is_created_in_review_and_answers_201_with_admin_url_and_report(client, token):
    _token, plain = token
    response = post_draft(client, plain, ARTICLE)
    assert response.status_code == 201, response.content
    body = response.json()
    article_row = Article.objects.get(slug="chipmaker-opens-fab")
    version = article_row.draft
    assert body["outcome"] == "created"
    assert body["state"] == State.IN_REVIEW == version.state
    assert body["admin_url"].endswith(f"/admin/articles/articleversion/{version.pk}/change/")
    assert {"errors", "warnings", "findings", "completeness"} <= set(body["consistency"])
    assert article_row.live_version_id is None and article_row.published_at is None
    submit = AuditEvent.objects.get(article=article_row, action="submit")
    assert "drafting pipeline" in submit.note


def test_the_version_records_the_client_and_the_pipelines_declaration(client, token):
    _token, plain = token
    post_draft(client, plain, ARTICLE)
    version = Article.objects.get(slug="chipmaker-opens-fab").draft
    assert version.provenance["origin"] == "api"
    assert version.provenance["client"] == "drafting pipeline"
    assert version.provenance["declaration"] == ARTICLE["provenance"]
    assert version.field_edits == {}


def test_a_new_payload_for_a_live_article_makes_a_new_draft_and_answers_200_without_publishing(client, token):
    _token, plain = token
    post_draft(client, plain, ARTICLE)
    first = Article.objects.get(slug="chipmaker-opens-fab").draft
    workflow.version_publish(version=first)
    changed = article()
    changed["content"]["en"]["title"] = "Chipmaker opens its second fab"
    response = post_draft(client, plain, changed)
    assert response.status_code == 200, response.content
    assert response.json()["outcome"] == "updated"
    row = Article.objects.get(slug="chipmaker-opens-fab")
    assert row.live_version_id == first.pk
    assert row.live_version.title_en == "Chipmaker opens a new fab"
    assert row.draft.title_en == "Chipmaker opens its second fab"
    assert row.draft.state == State.IN_REVIEW


def test_the_same_payload_twice_creates_nothing_new(client, token):
    _token, plain = token
    post_draft(client, plain, ARTICLE)
    versions, events = ArticleVersion.objects.count(), AuditEvent.objects.count()
    response = post_draft(client, plain, ARTICLE)
    assert response.status_code == 200
    assert response.json()["outcome"] == "unchanged"
    assert (ArticleVersion.objects.count(), AuditEvent.objects.count()) == (versions, events)


def test_the_same_idempotency_key_replays_the_first_answer_and_creates_nothing(client, token):
    _token, plain = token
    first = post_draft(client, plain, ARTICLE, **{"Idempotency-Key": "run-42"})
    versions, events = ArticleVersion.objects.count(), AuditEvent.objects.count()
    again = post_draft(client, plain, ARTICLE, **{"Idempotency-Key": "run-42"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert (ArticleVersion.objects.count(), AuditEvent.objects.count()) == (versions, events)
    assert ApiSubmission.objects.count() == 1


def test_an_idempotency_key_reused_with_another_body_answers_422_and_saves_nothing(client, token):
    _token, plain = token
    post_draft(client, plain, ARTICLE, **{"Idempotency-Key": "run-42"})
    changed = article()
    changed["content"]["en"]["title"] = "Another title"
    response = post_draft(client, plain, changed, **{"Idempotency-Key": "run-42"})
    assert response.status_code == 422
    assert Article.objects.get(slug="chipmaker-opens-fab").draft.title_en == "Chipmaker opens a new fab"


def test_validation_errors_answer_400_with_every_json_path_and_the_importers_messages(client, token):
    _token, plain = token
    bad = article(scores={"hot": 170, "quality": 65, "impact": 70})
    bad["content"]["zh-hans"]["faq"][0]["a"] = 5
    bad["content"]["en"]["key_data"][0]["entity"] = "nobody"
    bad["provenance"] = {"generator": {"name": ""}, "sources": ["ftp://x"]}
    response = post_draft(client, plain, bad)
    assert response.status_code == 400
    errors = {item["path"]: item["message"] for item in response.json()["errors"]}
    assert set(errors) == {
        "scores.hot",
        "content.zh-hans.faq[0].a",
        "content.en.key_data[0].entity",
        "provenance.generator.name",
        "provenance.sources[0]",
    }
    with pytest.raises(ImportFailed) as failure:
        parse_articles(bad, source="file.json")
    for path, message in errors.items():
        assert f"file.json: chipmaker-opens-fab: {path}: {message}" in failure.value.errors
    assert not Article.objects.exists()


def test_a_body_that_is_not_json_answers_400(client, token):
    _token, plain = token
    response = post_draft(client, plain, b"{not json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"].startswith("not valid JSON")


def test_api_clients_cannot_set_the_view_count(client, token):
    _token, plain = token
    response = post_draft(client, plain, article(views=10_000))
    assert response.status_code == 400
    assert [e["path"] for e in response.json()["errors"]] == ["views"]


@pytest.mark.parametrize("header", [None, "Bearer nope", "Bearer nr_deadbeef_wrong", "Basic abc"])
def test_a_missing_or_unknown_token_answers_401(client, token, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.post("/api/v1/drafts/", json.dumps(ARTICLE), content_type="application/json", **extra)
    assert response.status_code == 401
    assert not Article.objects.exists()


def test_a_revoked_token_answers_401(client, token):
    row, plain = token
    ApiToken.objects.filter(pk=row.pk).update(revoked_at=timezone.now())
    assert post_draft(client, plain, ARTICLE).status_code == 401


def test_the_token_is_stored_hashed_and_its_last_use_recorded(client, token):
    row, plain = token
    assert plain not in row.hashed_token and row.hashed_token != plain
    post_draft(client, plain, ARTICLE)
    row.refresh_from_db()
    assert row.last_used_at is not None


def test_a_body_over_the_configured_size_answers_413(client, token, settings):
    settings.API_MAX_BODY_BYTES = 200
    _token, plain = token
    response = post_draft(client, plain, ARTICLE)
    assert response.status_code == 413
    assert not Article.objects.exists()


def test_over_the_per_token_rate_answers_429_with_retry_after(client, token, settings):
    settings.API_SUBMIT_RATE = 2
    settings.API_SUBMIT_RATE_WINDOW = 60
    _token, plain = token
    # 20 s into a window, the clock held still: the three requests share it, 40 s are left.
    start = datetime.datetime(2026, 12, 3, 10, 0, 20, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        assert post_draft(client, plain, ARTICLE).status_code == 201
        assert post_draft(client, plain, ARTICLE).status_code == 200
        refused = post_draft(client, plain, ARTICLE)
        assert refused.status_code == 429
        assert refused["Retry-After"] == "40"
        _other_row, other_plain = issue_token("another client")
        assert post_draft(client, other_plain, ARTICLE).status_code == 200
    with time_machine.travel(start + datetime.timedelta(seconds=40), tick=False):
        assert post_draft(client, plain, ARTICLE).status_code == 200  # a new window


def test_a_cache_outage_lets_submissions_through_instead_of_failing(client, token, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "add", broken)
    monkeypatch.setattr(cache, "incr", broken)
    _token, plain = token
    assert post_draft(client, plain, ARTICLE).status_code == 201


def _edit_in_admin_as(version, user, **fields):
    """What the admin form's save does: change fields and record who changed them."""
    from articles import provenance

    for name, value in fields.items():
        setattr(version, name, value)
    provenance.record_edits(version=version, fields=list(fields), by=user)
    version.save()
    workflow.version_saved(version=version, by=user)


def test_a_draft_a_person_changed_since_ingestion_is_not_overwritten_409_with_the_fields(client, token, editor):
    _token, plain = token
    post_draft(client, plain, ARTICLE)
    draft = Article.objects.get(slug="chipmaker-opens-fab").draft
    _edit_in_admin_as(draft, editor, title_en="Acme opens its Arizona fab")
    resend = article()
    resend["content"]["en"]["summary"] = "A new summary from the pipeline."
    response = post_draft(client, plain, resend)
    assert response.status_code == 409
    body = response.json()
    assert set(body["fields"]) == {"content.en.title", "content.en.summary"}
    assert body["edits"][0]["field"] == "title_en" and body["edits"][0]["by"] == editor.username
    draft.refresh_from_db()
    assert draft.title_en == "Acme opens its Arizona fab"
    assert draft.summary_en == ARTICLE["content"]["en"]["summary"]


def test_a_scheduled_draft_is_not_overwritten_409(client, token):
    _token, plain = token
    post_draft(client, plain, ARTICLE)
    first = Article.objects.get(slug="chipmaker-opens-fab").draft
    workflow.version_publish(version=first)
    changed = article()
    changed["content"]["en"]["title"] = "Second"
    post_draft(client, plain, changed)
    update = Article.objects.get(slug="chipmaker-opens-fab").draft
    workflow.version_schedule(version=update, at=timezone.now() + timezone.timedelta(days=1))
    changed["content"]["en"]["title"] = "Third"
    response = post_draft(client, plain, changed)
    assert response.status_code == 409
    update.refresh_from_db()
    assert update.title_en == "Second"


def test_a_draft_sent_back_by_a_moderator_is_updated_and_resubmitted(client, token, moderator):
    _token, plain = token
    post_draft(client, plain, ARTICLE)
    draft = Article.objects.get(slug="chipmaker-opens-fab").draft
    workflow.version_request_changes(version=draft, by=moderator, note="Cite the source.")
    changed = article()
    changed["content"]["en"]["summary"] = "Acme brings a 1.6 GW fab online, its filing says."
    response = post_draft(client, plain, changed)
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.state == State.IN_REVIEW
    assert draft.summary_en.endswith("its filing says.")


def test_the_api_never_publishes_even_with_publication_times_in_the_payload(client, token):
    _token, plain = token
    response = post_draft(client, plain, article(published_at="2026-01-01T00:00:00Z"))
    assert response.status_code == 201
    row = Article.objects.get(slug="chipmaker-opens-fab")
    assert not row.is_published() and row.live_version_id is None


def test_a_token_authenticated_post_needs_no_csrf_cookie(token):
    from django.test import Client

    _token, plain = token
    assert post_draft(Client(enforce_csrf_checks=True), plain, ARTICLE).status_code == 201


def test_error_messages_follow_the_clients_language(client, token):
    _token, plain = token
    response = post_draft(client, plain, article(scores={"hot": 170}), **{"Accept-Language": "zh-hans"})
    assert response.status_code == 400
    assert response.json()["detail"] == "文章无效：未保存任何内容。"


def test_a_draft_changed_outside_the_admin_form_fields_is_not_overwritten_either(client, token):
    """A TL;DR row edited in an inline, by an import or in the entities panel records no field edit."""
    _token, plain = token
    post_draft(client, plain, ARTICLE)
    draft = Article.objects.get(slug="chipmaker-opens-fab").draft
    row = draft.tldr_items.first()
    row.text_en = "Edited by a person in the TL;DR inline."
    row.save()
    resend = article()
    resend["content"]["en"]["summary"] = "A new summary from the pipeline."
    response = post_draft(client, plain, resend)
    assert response.status_code == 409
    assert "content.en.tldr" in response.json()["fields"]
    row.refresh_from_db()
    assert row.text_en == "Edited by a person in the TL;DR inline."


def test_an_unchanged_ingested_draft_takes_the_pipelines_next_payload(client, token):
    _token, plain = token
    post_draft(client, plain, ARTICLE)
    resend = article()
    resend["content"]["en"]["summary"] = "A new summary from the pipeline."
    assert post_draft(client, plain, resend).status_code == 200
    resend["content"]["en"]["summary"] = "A third summary from the pipeline."
    assert post_draft(client, plain, resend).status_code == 200
    draft = Article.objects.get(slug="chipmaker-opens-fab").draft
    assert draft.summary_en == "A third summary from the pipeline."
