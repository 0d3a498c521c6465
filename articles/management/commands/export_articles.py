from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.exchange.backup import BackupError, write_backup
from articles.exchange.exporting import STATES, ExportError, dumps, export_entries


class Command(BaseCommand):
    help = (
        "Export articles in the exchange format (docs/article-import.md): the live version of each "
        "article (--state live), its working draft (--state draft) or whichever it has (--state all). "
        "With --backup DIR: a complete backup instead (every version, audit trail, view counts, "
        "taxonomy, accounts, media), the same as `manage.py backup DIR`; restore it with "
        "`manage.py restore DIR`."
    )

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", metavar="SLUG", help="Only these articles (default: all).")
        parser.add_argument("--output", "-o", metavar="FILE", help="Write to FILE instead of standard output.")
        parser.add_argument("--state", choices=STATES, default="live")
        parser.add_argument(
            "--backup",
            metavar="DIR",
            help="Write a complete backup of the content and media into DIR (docs/operations.md, Backups).",
        )

    def handle(self, *args, slugs, output, state, backup=None, **options):
        if backup:
            if slugs or output:
                raise CommandError("--backup writes everything into its directory: give no SLUG and no --output.")
            try:
                manifest = write_backup(backup)
            except BackupError as error:
                raise CommandError(str(error)) from error
            self.stderr.write(f"Complete backup written to {backup}: {len(manifest['media'])} media files.")
            return
        try:
            entries = export_entries(state=state, slugs=slugs or None)
        except ExportError as error:
            raise CommandError(str(error)) from error
        text = dumps(entries)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"{len(entries)} article{'s' if len(entries) != 1 else ''} written to {output}.")
        else:
            self.stdout.write(text, ending="")
