"""``manage.py card_font``: which font social cards are drawn with, or why there is none (exit status 1)."""

from django.core.management.base import BaseCommand, CommandError

from articles.images import cards


class Command(BaseCommand):
    help = "Print the CJK font social cards use; fail with how to install one when there is none."

    def handle(self, *args, **options):
        try:
            path = cards.card_font_path()
        except cards.CardFontMissing as error:
            raise CommandError(str(error)) from None
        face = cards.load_font(path, 20).getname()
        self.stdout.write(f"Social cards are drawn with {' '.join(face)} ({path}).")
