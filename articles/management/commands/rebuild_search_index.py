from django.core.management.base import BaseCommand

from articles import search
from articles.management.progress import Progress, add_progress_argument


class Command(BaseCommand):
    help = "Rebuild the full-text search index from every article's live version."

    def add_arguments(self, parser):
        add_progress_argument(parser)

    def handle(self, *args, **options):
        progress = Progress.for_command(self, options, label="Search index")
        rows = search.rebuild(progress=progress)
        progress.finish()
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {rows} rows (one per article and language)."))
