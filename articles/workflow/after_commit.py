"""
Durable after-commit work. A move records what it owes (``AfterCommitJob``) in its own
transaction and runs it once committed; the row is deleted when every receiver succeeded. When
the connection drops right after the commit or a receiver fails (search index, mention index),
the row stays, the person who made the move still gets their answer (the move did commit), and
``publish_scheduled`` / ``repair`` run it again. Receivers are idempotent: running a job twice
indexes the same article twice.
"""

import logging

from django.db import transaction

from articles import signals
from articles.models import AfterCommitJob, ArticleVersion

logger = logging.getLogger(__name__)

SIGNALS = {
    "article_published": signals.article_published,
    "article_unpublished": signals.article_unpublished,
    "version_changed": signals.version_changed,
}


def job_record(*, signal, version, action):
    """Record the work ``signal`` owes for ``version`` and run it once the transaction commits."""
    job = AfterCommitJob.objects.create(
        signal=signal, action=action, article_id=version.article_id, version_id=version.pk
    )
    transaction.on_commit(lambda: job_run(job=job, version=version))
    return job


def job_run(*, job, version=None):
    """
    Send the job's signal; delete the job when every receiver succeeded. Never raises: a failure
    is logged and left in the table for the next retry. Returns whether the job is done.
    """
    try:
        if version is None:
            version = ArticleVersion.objects.select_related("article").filter(pk=job.version_id).first()
            if version is None:  # the article was deleted since: nothing left to update
                AfterCommitJob.objects.filter(pk=job.pk).delete()
                return True
        kwargs = {"sender": ArticleVersion, "version": version, "action": job.action}
        if job.signal != "version_changed":
            kwargs.update(sender=type(version.article), article=version.article)
        failures = [
            f"{getattr(receiver, '__qualname__', receiver)}: {result!r}"
            for receiver, result in SIGNALS[job.signal].send_robust(**kwargs)
            if isinstance(result, Exception)
        ]
        if failures:
            logger.error("After-commit work for %s failed; it will be retried: %s", job, "; ".join(failures))
            AfterCommitJob.objects.filter(pk=job.pk).update(
                attempts=job.attempts + 1, last_error="\n".join(failures)[:4000]
            )
            return False
        AfterCommitJob.objects.filter(pk=job.pk).delete()
        return True
    except Exception:  # noqa: BLE001 - the move committed: report it done, retry the rest later
        logger.exception("After-commit work for %s could not run; it will be retried.", job)
        return False


def jobs_retry(*, limit=1000):
    """Run every job left behind (oldest first); return (done, still failing)."""
    done = failed = 0
    for job in list(AfterCommitJob.objects.order_by("id")[:limit]):
        if job_run(job=job):
            done += 1
        else:
            failed += 1
    return done, failed
