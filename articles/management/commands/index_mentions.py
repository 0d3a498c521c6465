from django.core.management.base import BaseCommand

from articles.entities.mention_index import index_mentions
from articles.models import ArticleVersion


class Command(BaseCommand):
    help = "Find entity mentions in every article version (or only live ones) and store them."

    def add_arguments(self, parser):
        parser.add_argument("--live", action="store_true", help="Only the live versions of articles.")

    def handle(self, *args, live=False, **options):
        versions = ArticleVersion.objects.filter(live_for__isnull=False) if live else None
        count, mentions = index_mentions(versions=versions)
        self.stdout.write(f"Indexed {mentions} mentions in {count} versions.")
