from django.core.management.base import BaseCommand, CommandError

from articles.exchange.importing import ImportFailed, import_file
from articles.management.progress import Progress, add_progress_argument


class Command(BaseCommand):
    help = (
        "Import articles from exchange-format JSON files (docs/article-import.md). Each file is "
        "validated first and saved whole or not at all. Articles land as drafts unless --submit or --publish."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--submit", action="store_true", help="Submit the imported drafts for review.")
        group.add_argument(
            "--publish",
            action="store_true",
            help="Publish as the system, with the file's published_at/updated_at (a future published_at schedules).",
        )
        add_progress_argument(parser)

    def handle(self, *args, files, submit, publish, **options):
        failed = 0
        for path in files:
            progress = Progress.for_command(self, options, label=str(path))
            try:
                result = import_file(path, publish=publish, submit=submit, progress=progress)
            except ImportFailed as error:
                progress.finish()
                failed += 1
                for line in error.errors:
                    self.stderr.write(line)
                self.stderr.write(
                    f"{path}: nothing saved ({len(error.errors)} error{'s' if len(error.errors) != 1 else ''})."
                )
                continue
            progress.finish()
            parts = [
                f"{len(result.created)} created",
                f"{len(result.updated)} updated",
                f"{len(result.unchanged)} unchanged",
            ]
            for name in ("submitted", "published", "scheduled"):
                if getattr(result, name):
                    parts.append(f"{len(getattr(result, name))} {name}")
            self.stdout.write(f"{path}: " + ", ".join(parts) + ".")
        if failed:
            raise CommandError(
                f"{failed} of {len(files)} file{'s' if len(files) != 1 else ''} not imported; see the errors above."
            )
