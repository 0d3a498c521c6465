from django.core.management.base import BaseCommand

from articles.reader.counting import flush_view_counts


class Command(BaseCommand):
    help = "Write the buffered article views to the database (run by `make worker`; see docs/operations.md)."

    def handle(self, *args, **options):
        written = flush_view_counts()
        self.stdout.write(f"{written} buffered views written.")
