from django.core.management.base import BaseCommand

from articles.management.progress import Progress, add_progress_argument
from articles.reader.links import rebuild_links
from articles.reader.snapshots import rebuild_snapshots


class Command(BaseCommand):
    help = "Store every live version's page snapshot and recompute every article's related articles and section neighbours (normally kept current on publish)."

    def add_arguments(self, parser):
        add_progress_argument(parser)

    def handle(self, *args, **options):
        progress = Progress.for_command(self, options, label="Page snapshots")
        snapshots = rebuild_snapshots(progress=progress)
        progress.finish()
        progress = Progress.for_command(self, options, label="Reader links")
        rows = rebuild_links(progress=progress)
        progress.finish()
        self.stdout.write(self.style.SUCCESS(f"Reader links rebuilt: {rows} rows; {snapshots} page snapshots."))
