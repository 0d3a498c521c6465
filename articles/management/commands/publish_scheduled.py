"""
Publish the scheduled updates whose time has come, then retry any after-commit work left behind
(``AfterCommitJob``: search and mention index updates a dropped connection or a failing receiver
interrupted). Run every minute (docs/operations.md). On SQLite it also lets the database refresh
its planner statistics when they are missing or out of date (``PRAGMA optimize``, bounded by
``analysis_limit``): listings and the admin's changelist rely on them to read the versions'
covering index instead of the rows (docs/benchmarks.md, "Listings").
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from articles import workflow
from articles.workflow.after_commit import jobs_retry


class Command(BaseCommand):
    help = "Make every approved update whose go-live time has passed the live version. Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now", help="Act as if it were this time (ISO 8601 with offset); for tests and catch-up runs."
        )

    def handle(self, *args, now=None, **options):
        at = None
        if now:
            at = parse_datetime(now)
            if at is None or timezone.is_naive(at):
                raise CommandError(
                    f"--now must be an ISO 8601 time with an offset, for example 2026-01-31T08:00:00+00:00; got {now!r}."
                )
        published = workflow.publish_due(now=at)
        for version in published:
            self.stdout.write(
                f"Published {version.article.slug} version {version.number} (due {version.go_live_at.isoformat()})."
            )
        self.stdout.write(f"{len(published)} scheduled update(s) published.")
        done, failed = jobs_retry()
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA analysis_limit=1000")
                cursor.execute("PRAGMA optimize")
        if done or failed:
            self.stdout.write(f"After-commit work retried: {done} done, {failed} still failing.")
