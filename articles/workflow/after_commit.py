"""
Durable after-commit work. A move records what it owes (``AfterCommitJob``) in its own
transaction and runs it once committed; the row is deleted when every receiver succeeded. When
the connection drops right after the commit or a receiver fails (search index, mention index),
the row stays, the person who made the move still gets their answer (the move did commit), and
``publish_scheduled`` / ``repair`` run it again. Receivers are idempotent: running a job twice
indexes the same article twice.

Coalescing (``coalesced()``, used by an import run): inside the block each move still records its
job row in its own transaction, but nothing runs per move. Once the block's work has committed,
every job's signal is sent as usual, and the receivers that ``defer`` their work (search index,
mention index, reader links, page snapshots) only note what to redo; that work then runs once,
in bulk: each article indexed once with its final text, each version's mentions found once, one
links refresh for the batch. The job rows are deleted together when all of it succeeded, and kept
with the error (retried job by job, as always) when anything failed. Outside the block ``defer``
runs the work at once, so a single move behaves as it always did.
"""

import logging
import threading
from contextlib import contextmanager

from django.db import transaction

from articles import signals
from articles.models import AfterCommitJob, ArticleVersion

logger = logging.getLogger(__name__)

SIGNALS = {
    "article_published": signals.article_published,
    "article_unpublished": signals.article_unpublished,
    "version_changed": signals.version_changed,
}


_local = threading.local()


class Batch:
    """The jobs recorded inside a ``coalesced()`` block and the work their receivers deferred."""

    def __init__(self):
        self.jobs = []  # (job, version)
        self.hooks = []  # functions to run once committed, before the jobs (see ``when_committed``)
        self.work = {}  # key → (function, set of items), in the order first deferred


def _current():
    return getattr(_local, "batch", None)


def job_record(*, signal, version, action):
    """Record the work ``signal`` owes for ``version`` and run it once the transaction commits."""
    job = AfterCommitJob.objects.create(
        signal=signal, action=action, article_id=version.article_id, version_id=version.pk
    )
    batch = _current()
    if batch is not None:
        batch.jobs.append((job, version))
    else:
        transaction.on_commit(lambda: job_run(job=job, version=version))
    return job


def defer(key, function, items):
    """
    Have ``function(items)`` done: at once, or, while a ``coalesced()`` batch collects, once at
    the end of the batch with the items of every call under ``key`` (so ``function`` takes a set
    and must be idempotent). Exceptions propagate to the caller when run at once.
    """
    batch = _current()
    if batch is None:
        function(set(items))
        return
    batch.work.setdefault(key, (function, set()))[1].update(items)


def when_committed(function):
    """
    ``transaction.on_commit(function)``, except inside a ``coalesced()`` block: there it runs at
    the start of the batch's run, so the work it ``defer``s joins the batch's (an entity saved by
    an import re-indexes its articles once, with the rest).
    """
    batch = _current()
    if batch is None:
        transaction.on_commit(function)
    else:
        batch.hooks.append(function)


@contextmanager
def coalesced():
    """
    Collect the after-commit work of every move made inside the block and run it once, in bulk,
    after the block (see the module's docstring). Wrap the transaction, not the other way round:
    ``with coalesced(): with transaction.atomic(): …``. Nothing runs when the block raises.
    Nested blocks join the outer one.
    """
    if _current() is not None:
        yield
        return
    batch = Batch()
    _local.batch = batch
    try:
        yield
    finally:
        _local.batch = None
    if batch.jobs or batch.hooks or batch.work:
        # Runs now when the block's transaction was the outermost (it has committed), else when
        # the enclosing one commits (and never when it rolls back).
        transaction.on_commit(lambda: jobs_run_batch(batch))


def jobs_run_batch(batch):
    """
    Send each job's signal with the batch collecting, then do the deferred work once per key;
    delete the jobs when everything succeeded, else keep them with the errors for a retry. Never
    raises (the moves committed). Returns whether the batch is done.
    """
    failures = {}
    _local.batch = batch
    try:
        for hook in batch.hooks:
            try:
                hook()
            except Exception:  # noqa: BLE001 - as a failed on-commit hook: logged, the rest goes on
                logger.exception("On-commit work %r of a batch failed.", hook)
        for job, version in batch.jobs:
            failed = _send(job, version)
            if failed:
                failures[job.pk] = failed
    finally:
        _local.batch = None
    shared = []
    for key, (function, items) in batch.work.items():
        try:
            function(items)
        except Exception as error:  # noqa: BLE001 - reported on every job of the batch, retried
            logger.exception("After-commit work %s of a batch failed; its jobs will be retried.", key)
            shared.append(f"{key}: {error!r}")
    try:
        done = [job.pk for job, _version in batch.jobs if job.pk not in failures and not shared]
        AfterCommitJob.objects.filter(pk__in=done).delete()
        for job, _version in batch.jobs:
            if job.pk in failures or shared:
                AfterCommitJob.objects.filter(pk=job.pk).update(
                    attempts=job.attempts + 1, last_error="\n".join(failures.get(job.pk, []) + shared)[:4000]
                )
    except Exception:  # noqa: BLE001 - the rows stay; the next retry runs them
        logger.exception("After-commit jobs of a batch could not be updated; they will be retried.")
        return False
    return not failures and not shared


def _send(job, version):
    """Send the job's signal for ``version``; return the failures, one line per failed receiver."""
    kwargs = {"sender": ArticleVersion, "version": version, "action": job.action}
    if job.signal != "version_changed":
        kwargs.update(sender=type(version.article), article=version.article)
    return [
        f"{getattr(receiver, '__qualname__', receiver)}: {result!r}"
        for receiver, result in SIGNALS[job.signal].send_robust(**kwargs)
        if isinstance(result, Exception)
    ]


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
        failures = _send(job, version)
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
