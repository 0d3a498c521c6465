"""
``manage.py make_renditions``: make whatever renditions and social cards are missing, and with
``--prune`` delete the renditions no version or entity refers to any more.

Renditions are normally made after commit when a version is saved or published; this command
catches up after a failure (storage down, no CJK font installed yet) or after a deploy that
changed the rendition specs. Running it twice does nothing the second time.
"""

from django.core.management.base import BaseCommand

from articles.images import cards, renditions
from articles.models import Article, ArticleVersion, Entity


class Command(BaseCommand):
    help = "Make missing image renditions and social cards; --prune deletes renditions nothing refers to."

    def add_arguments(self, parser):
        parser.add_argument("--prune", action="store_true", help="Also delete renditions nothing refers to.")

    def handle(self, *args, prune=False, **options):
        made = 0
        for version in ArticleVersion.objects.exclude(image="").only("pk").iterator():
            before = ArticleVersion.objects.values_list("image_renditions", flat=True).get(pk=version.pk)
            made += renditions.version_renditions_make(version=version) != before
        for entity in Entity.objects.exclude(logo="").only("pk").iterator():
            before = Entity.objects.values_list("logo_renditions", flat=True).get(pk=entity.pk)
            made += renditions.entity_logo_make(entity=entity) != before
        card_count = 0
        try:
            for article in Article.objects.published().select_related("live_version"):
                card_count += len(cards.article_cards_make(article=article, version=article.live_version))
        except cards.CardFontMissing as error:
            self.stderr.write(str(error))
        self.stdout.write(f"Images brought up to date: {made}. Live social cards: {card_count}.")
        if prune:
            deleted = renditions.prune_orphans() + cards.cards_prune_orphans()
            self.stdout.write(f"Renditions deleted: {deleted}.")
