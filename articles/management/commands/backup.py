from django.core.management.base import BaseCommand, CommandError

from articles.exchange.backup import BackupError, write_backup


class Command(BaseCommand):
    help = (
        "Write a complete backup of the content into a new directory: every version of every article, "
        "the audit trail, view counts, taxonomy, the accounts they name and the media files "
        "(docs/operations.md, Backups). Restore it with `manage.py restore DIR`."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="A new (or empty) directory to write the backup into.")

    def handle(self, *args, directory, **options):
        try:
            manifest = write_backup(directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        counts = manifest["counts"]
        self.stdout.write(
            f"Backup written to {directory}: {counts['articles.article']} articles, "
            f"{counts['articles.articleversion']} versions, {counts['articles.auditevent']} audit events, "
            f"{manifest['users']} accounts, {len(manifest['media'])} media files."
        )
