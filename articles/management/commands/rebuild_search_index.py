from django.core.management.base import BaseCommand

from articles import search


class Command(BaseCommand):
    help = "Rebuild the full-text search index from every article's live version."

    def handle(self, *args, **options):
        rows = search.rebuild()
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {rows} rows (one per article and language)."))
