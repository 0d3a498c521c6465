from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.exchange.exporting import STATES, ExportError, dumps, export_entries


class Command(BaseCommand):
    help = (
        "Export articles in the exchange format (docs/article-import.md): the live version of each "
        "article (--state live), its working draft (--state draft) or whichever it has (--state all)."
    )

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", metavar="SLUG", help="Only these articles (default: all).")
        parser.add_argument("--output", "-o", metavar="FILE", help="Write to FILE instead of standard output.")
        parser.add_argument("--state", choices=STATES, default="live")

    def handle(self, *args, slugs, output, state, **options):
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
