"""Retry the after-commit work left behind (search index, mention index); see docs/operations.md."""

from django.core.management.base import BaseCommand, CommandError

from articles.models import AfterCommitJob
from articles.workflow.after_commit import jobs_retry


class Command(BaseCommand):
    help = "Run every recorded after-commit job again (idempotent). Exits non-zero while some still fail."

    def handle(self, *args, **options):
        pending = AfterCommitJob.objects.count()
        done, failed = jobs_retry()
        self.stdout.write(f"{pending} pending after-commit job(s): {done} done, {failed} still failing.")
        if failed:
            raise CommandError("Some after-commit work still fails; see the log and AfterCommitJob.last_error.")
