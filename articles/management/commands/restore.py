from django.core.management.base import BaseCommand, CommandError

from articles.exchange.backup import BackupError, rebuild_derived, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup written by `manage.py backup` into a database without content: every row and "
        "media file or nothing. Then rebuilds what a backup leaves out (renditions, search index, mentions, "
        "page snapshots, reader links)."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="The backup directory.")

    def handle(self, *args, directory, **options):
        try:
            result = restore_backup(directory)
        except BackupError as error:
            raise CommandError(f"{error} Nothing was restored.") from error
        rows = result["rows"]
        self.stdout.write(
            f"Restored from {directory}: {rows.get('articles.article', 0)} articles, "
            f"{rows.get('articles.articleversion', 0)} versions, {rows.get('articles.auditevent', 0)} audit events, "
            f"{result['users_created']} accounts created, {result['media']} media files."
        )
        try:
            rebuild_derived()
        except Exception as error:
            raise CommandError(
                f"The content is restored, but rebuilding what derives from it failed ({error}). Run "
                "`manage.py make_renditions`, `rebuild_search_index`, `index_mentions` and `rebuild_reader_links`."
            ) from error
        self.stdout.write("Renditions, search index, mentions, page snapshots and reader links rebuilt.")
