import json
from collections import Counter

from django.core.management.base import BaseCommand

from articles.consistency.reports import finding_dict, version_findings
from articles.entities.vocabulary import entities_payload, with_content
from articles.models import ArticleVersion

State = ArticleVersion.State


class Command(BaseCommand):
    help = (
        "Run the cross-language consistency checks over every working draft and version in review "
        "(or, with --live, over the live versions) and print the findings. Findings are information: "
        "the exit code is 0 whatever they are."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--live", action="store_true", help="Check the live versions instead of drafts and versions in review."
        )
        parser.add_argument("--format", choices=["text", "json"], default="text", help="Output format (default: text).")

    def handle(self, *args, live=False, format="text", **options):
        if live:
            versions = ArticleVersion.objects.filter(live_for__isnull=False)
        else:
            versions = ArticleVersion.objects.filter(
                draft_for__isnull=False, state__in=[State.DRAFT, State.CHANGES_REQUESTED, State.IN_REVIEW]
            )
        entities = entities_payload()
        results = [
            (version, version_findings(version, entities=entities))
            for version in with_content(versions).order_by("article__slug", "number")
        ]
        findings = [f for _, found in results for f in found]
        totals = {
            "versions": len(results),
            "findings": len(findings),
            "by_severity": dict(sorted(Counter(f.severity for f in findings).items())),
            "by_kind": dict(sorted(Counter(f.kind for f in findings).items())),
        }
        if format == "json":
            self.stdout.write(
                json.dumps(
                    {
                        "selection": "live" if live else "drafts",
                        "versions": [
                            {
                                "article": v.article.slug,
                                "version": v.number,
                                "state": v.state,
                                "revision": v.revision,
                                "findings": [finding_dict(f) for f in found],
                            }
                            for v, found in results
                        ],
                        "totals": totals,
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        for version, found in results:
            self.stdout.write(f"{version.article.slug} v{version.number} ({version.state}): {len(found)} finding(s)")
            for f in found:
                where = (
                    f"{f.language} {f.part}"
                    + (f"[{f.index}]" if f.index is not None else "")
                    + (f".{f.field}" if f.field else "")
                )
                span = f" {f.span[0]}–{f.span[1]} “{f.text}”" if f.span else ""
                self.stdout.write(f"  {f.severity.upper():6} {f.kind}: {where}{span} — {f.message}")
        kinds = ", ".join(f"{kind} {count}" for kind, count in totals["by_kind"].items()) or "none"
        severities = ", ".join(f"{s} {c}" for s, c in totals["by_severity"].items()) or "none"
        self.stdout.write(
            f"{totals['findings']} finding(s) in {totals['versions']} version(s). "
            f"By severity: {severities}. By kind: {kinds}."
        )
