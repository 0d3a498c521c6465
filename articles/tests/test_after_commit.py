"""Durable after-commit work: recorded with the move, deleted when done, retried when it failed."""

import pytest
from django.core.management import call_command
from django.db import transaction

from articles import signals, workflow
from articles.models import AfterCommitJob
from articles.search import search
from articles.tests.factories import full_version
from articles.workflow import after_commit

pytestmark = pytest.mark.django_db


def failing_receiver(**kwargs):
    raise ConnectionError("the connection dropped after the commit")


@pytest.fixture
def broken_receiver():
    signals.article_published.connect(failing_receiver, dispatch_uid="test_failing_receiver")
    yield
    signals.article_published.disconnect(dispatch_uid="test_failing_receiver")


def publish(title, capture):
    version = full_version(title_en=title)
    workflow.version_submit(version=version)
    with capture(execute=True):
        workflow.version_publish(version=version)
    return version


def test_a_move_records_its_work_in_its_transaction_and_deletes_it_when_done(django_capture_on_commit_callbacks):
    version = full_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.version_submit(version=version)
    assert AfterCommitJob.objects.filter(version_id=version.pk, action="submit").exists()
    for callback in callbacks:
        callback()
    assert not AfterCommitJob.objects.exists()


def test_failed_work_is_kept_with_its_error_and_the_move_still_answers(
    broken_receiver, django_capture_on_commit_callbacks
):
    version = publish("Zanzibarite launch", django_capture_on_commit_callbacks)  # no exception reaches the caller
    job = AfterCommitJob.objects.get(version_id=version.pk, signal="article_published")
    assert job.attempts == 1 and "connection dropped" in job.last_error
    # The other receivers still ran: the search index holds the article.
    assert search("Zanzibarite", "en", {}, 1).paginator.count == 1


def test_publish_scheduled_retries_what_failed_until_it_is_done(broken_receiver, django_capture_on_commit_callbacks):
    publish("Retried story", django_capture_on_commit_callbacks)
    call_command("publish_scheduled", stdout=open("/dev/null", "w"))
    assert AfterCommitJob.objects.get().attempts == 2
    signals.article_published.disconnect(dispatch_uid="test_failing_receiver")
    call_command("publish_scheduled", stdout=open("/dev/null", "w"))
    assert not AfterCommitJob.objects.exists()


def test_work_lost_with_the_connection_is_redone_by_repair(django_capture_on_commit_callbacks):
    version = full_version(title_en="Quokkalith findings")
    workflow.version_submit(version=version)
    with django_capture_on_commit_callbacks(execute=False):  # committed, then the process died
        workflow.version_publish(version=version)
    AfterCommitJob.objects.exclude(signal="article_published").delete()
    assert search("Quokkalith", "en", {}, 1).paginator.count == 0
    call_command("repair", stdout=open("/dev/null", "w"))
    assert search("Quokkalith", "en", {}, 1).paginator.count == 1
    assert not AfterCommitJob.objects.exists()


# Coalesced batches (an import run) ------------------------------------------------------------


def moves_of_an_import(version):
    workflow.version_saved(version=version)
    workflow.version_submit(version=version)
    workflow.version_publish(version=version)


def test_a_coalesced_batch_does_each_kind_of_work_once_for_all_its_moves(recorded, django_capture_on_commit_callbacks):
    versions = [full_version(title_en=f"Batch story {i}") for i in range(3)]
    with django_capture_on_commit_callbacks(execute=True), after_commit.coalesced(), transaction.atomic():
        for version in versions:
            moves_of_an_import(version)
        assert AfterCommitJob.objects.count() == 9  # each move recorded its job in the transaction
    articles = {version.article_id for version in versions}
    assert recorded["search"] == [articles]
    assert recorded["mentions"] == [{version.pk for version in versions}]
    assert recorded["links"] == [articles]
    assert not AfterCommitJob.objects.exists()
    assert search("Batch story", "en", {}, 1).paginator.count == 3


def test_outside_a_batch_each_move_does_its_work_at_once(recorded, django_capture_on_commit_callbacks):
    version = full_version()
    with django_capture_on_commit_callbacks(execute=True):
        moves_of_an_import(version)
    assert recorded["mentions"] == [{version.pk}] * 3


def test_failed_work_of_a_batch_keeps_every_job_and_a_retry_finishes_it(
    monkeypatch, django_capture_on_commit_callbacks
):
    from articles.search import receivers

    def unreachable(article_ids):
        raise ConnectionError("the index is unreachable")

    monkeypatch.setattr(receivers, "index_articles", unreachable)
    versions = [full_version(title_en=f"Kept job story {i}") for i in range(2)]
    with django_capture_on_commit_callbacks(execute=True), after_commit.coalesced(), transaction.atomic():
        for version in versions:
            moves_of_an_import(version)
    jobs = list(AfterCommitJob.objects.all())
    assert len(jobs) == 6
    assert all(job.attempts == 1 and "the index is unreachable" in job.last_error for job in jobs)
    monkeypatch.undo()
    call_command("publish_scheduled", stdout=open("/dev/null", "w"))
    assert not AfterCommitJob.objects.exists()
    assert search("Kept job story", "en", {}, 1).paginator.count == 2


def test_a_batch_whose_block_raises_runs_nothing(recorded, django_capture_on_commit_callbacks):
    version = full_version()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with after_commit.coalesced(), transaction.atomic():
            moves_of_an_import(version)
            raise RuntimeError("the file was bad")
    assert recorded == {"search": [], "mentions": [], "links": []}
    assert not AfterCommitJob.objects.exists()
