"""Precision and recall of the consistency checks over the labelled set.

Run ``python -m articles.consistency.evaluation`` to print the Markdown table of
docs/consistency-checks.md (``-v`` adds every miss and false positive; a path scores that JSON
file alone). The set (:func:`build_cases`) is:

- the hand-labelled cases of ``articles/tests/data/consistency_cases.json`` (``legacy``);
- clean pairs written as a translator would, covering the legitimate variations the engine must
  accept (``clean_pairs.json`` + ``entities.json`` here; ``clean``);
- every bilingual article of the demo content (``demo``), clean as published;
- the mutants of every clean and demo pair (``mutations.py``; ``mutation``), each labelled with
  the one finding its injected fault must produce.

Scoring: a finding is identified by (kind, part, index) — language-agnostic,
because a mismatch can legitimately be reported on either side. Predicted
and labelled findings are compared as sets of these keys per case, so two
findings for the same problem (e.g. a changed figure reported on both sides)
count once. Low-severity findings are notes (a shorter Chinese list is
allowed by the format) and are not scored.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from articles.consistency.engine import FINDING_KINDS, check_content
from articles.consistency.evaluation.mutations import mutants

__all__ = [
    "CASES_PATH",
    "KindScore",
    "Evaluation",
    "load_cases",
    "build_cases",
    "evaluate",
    "format_markdown",
    "main",
]

HERE = Path(__file__).parent
CASES_PATH = HERE.parent.parent / "tests" / "data" / "consistency_cases.json"
DEMO_PATH = HERE.parent.parent / "demo_content" / "articles"


@dataclass
class KindScore:
    """Counts for one finding kind; precision/recall are None when undefined."""

    kind: str
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float | None:
        predicted = self.true_positives + self.false_positives
        return self.true_positives / predicted if predicted else None

    @property
    def recall(self) -> float | None:
        labelled = self.true_positives + self.false_negatives
        return self.true_positives / labelled if labelled else None


@dataclass
class Evaluation:
    """The scores, plus which cases went wrong, for reading the failures."""

    cases: int
    clean_cases: int
    scores: dict[str, KindScore]
    clean_cases_with_high_findings: list[str] = field(default_factory=list)
    errors: dict[str, dict[str, list]] = field(default_factory=dict)  # case id -> {"fp": [...], "fn": [...]}
    mutations: dict[str, list[int]] = field(default_factory=dict)  # fault family -> [found, injected]
    sources: dict[str, int] = field(default_factory=dict)  # where the cases come from -> count

    @property
    def total(self) -> KindScore:
        total = KindScore("all")
        for score in self.scores.values():
            total.true_positives += score.true_positives
            total.false_positives += score.false_positives
            total.false_negatives += score.false_negatives
        return total


def load_cases(path: Path | str = CASES_PATH) -> tuple[list[dict], list[dict]]:
    """Return (entities, cases) from the labelled set. A case may carry its
    own ``entities``; otherwise the file's shared list applies."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return data["entities"], data["cases"]


def load_clean_pairs() -> tuple[list[dict], list[dict]]:
    """(entities, clean cases) written for the set, independently of the engine."""
    entities = json.loads((HERE / "entities.json").read_text(encoding="utf-8"))
    pairs = json.loads((HERE / "clean_pairs.json").read_text(encoding="utf-8"))
    return entities, [{**pair, "source": "clean", "entities": entities, "expected": []} for pair in pairs]


def load_demo_pairs(path: Path = DEMO_PATH) -> list[dict]:
    """Every demo article with text in both languages, as a clean case against all demo entities."""
    articles = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(path).glob("*.json"))]
    entities = list({e["slug"]: e for a in articles for e in a.get("entities") or []}.values())
    return [
        {"id": f"demo:{a['slug']}", "source": "demo", "content": a["content"], "entities": entities, "expected": []}
        for a in articles
        if all((a["content"].get(lang) or {}).get("title") for lang in ("en", "zh-hans"))
    ]


def build_cases() -> list[dict]:
    """The whole labelled set: legacy, clean, demo and the mutants of every clean and demo pair."""
    legacy_entities, legacy = load_cases()
    _, clean = load_clean_pairs()
    demo = load_demo_pairs()
    cases = [{**case, "source": "legacy", "entities": case.get("entities") or legacy_entities} for case in legacy]
    cases += clean + demo
    for base in clean + demo:
        cases.extend(mutants(base, base["entities"]))
    return cases


def _key(kind: str, part: str, index) -> tuple:
    return (kind, part, index)


def evaluate(*, cases: Sequence[Mapping], entities: Sequence[Mapping]) -> Evaluation:
    """Run the checks on every case and score them against the labels."""
    scores = {kind: KindScore(kind) for kind in FINDING_KINDS}
    evaluation = Evaluation(cases=len(cases), clean_cases=0, scores=scores)
    for case in cases:
        findings = check_content(content=case["content"], entities=case.get("entities") or entities)
        predicted = {_key(f.kind, f.part, f.index) for f in findings if f.severity != "low"}
        expected = {_key(e["kind"], e["part"], e.get("index")) for e in case["expected"]}
        source = case.get("source", "file")
        evaluation.sources[source] = evaluation.sources.get(source, 0) + 1
        if case.get("mutation"):
            tally = evaluation.mutations.setdefault(case["mutation"], [0, 0])
            tally[0] += len(expected & predicted)
            tally[1] += len(expected)
        if not case["expected"]:
            evaluation.clean_cases += 1
            if any(f.severity == "high" for f in findings):
                evaluation.clean_cases_with_high_findings.append(case["id"])
        for key in predicted & expected:
            scores[key[0]].true_positives += 1
        for key in predicted - expected:
            scores[key[0]].false_positives += 1
        for key in expected - predicted:
            scores[key[0]].false_negatives += 1
        if predicted != expected:
            evaluation.errors[case["id"]] = {
                "fp": sorted(predicted - expected, key=str),
                "fn": sorted(expected - predicted, key=str),
            }
    return evaluation


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def format_markdown(evaluation: Evaluation) -> str:
    """The per-kind table plus a one-line summary, as Markdown."""
    lines = [
        "| finding kind | labelled | predicted | TP | FP | FN | precision | recall |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for score in [*evaluation.scores.values(), evaluation.total]:
        labelled = score.true_positives + score.false_negatives
        predicted = score.true_positives + score.false_positives
        name = "**all**" if score.kind == "all" else f"`{score.kind}`"
        lines.append(
            f"| {name} | {labelled} | {predicted} | {score.true_positives} | "
            f"{score.false_positives} | {score.false_negatives} | "
            f"{_fmt(score.precision)} | {_fmt(score.recall)} |"
        )
    lines.append("")
    if evaluation.mutations:
        lines.append("| injected fault | found | injected | recall |")
        lines.append("|---|---:|---:|---:|")
        for name, (found, injected) in evaluation.mutations.items():
            lines.append(f"| {name} | {found} | {injected} | {_fmt(found / injected if injected else None)} |")
        lines.append("")
    if evaluation.sources:
        lines.append("Cases by source: " + ", ".join(f"{k} {v}" for k, v in evaluation.sources.items()) + ".")
        lines.append("")
    lines.append(
        f"{evaluation.cases} cases ({evaluation.clean_cases} clean); clean cases with a "
        f"high-severity finding: {len(evaluation.clean_cases_with_high_findings)}"
        + (
            f" ({', '.join(evaluation.clean_cases_with_high_findings)})"
            if evaluation.clean_cases_with_high_findings
            else ""
        )
        + "."
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    verbose = "-v" in argv
    paths = [a for a in argv if a != "-v"]
    if paths:
        entities, cases = load_cases(paths[0])
    else:
        entities, cases = [], build_cases()
    evaluation = evaluate(cases=cases, entities=entities)
    print(format_markdown(evaluation))
    if verbose:
        for case_id, errors in evaluation.errors.items():
            print(f"\n{case_id}: false positives {errors['fp']}, missed {errors['fn']}")
    return 0
