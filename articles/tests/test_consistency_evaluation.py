"""The labelled set and its scores: pure Python, no Django needed."""

import pytest

from articles.consistency.evaluation import build_cases, evaluate, format_markdown, load_cases, load_clean_pairs
from articles.consistency.evaluation.mutations import MUTATIONS, items, mutants

ENTITIES, CASES = load_cases()


@pytest.fixture(scope="module")
def evaluation():
    return evaluate(cases=CASES, entities=ENTITIES)


def count(kind):
    return sum(1 for case in CASES for e in case["expected"] if e["kind"] == kind)


def test_the_labelled_set_has_the_required_size_and_fault_mix():
    assert len(CASES) >= 40
    assert sum(1 for case in CASES if not case["expected"]) >= 12
    assert count("substitution") >= 6
    assert count("number_mismatch") >= 8
    assert count("entity_one_language") >= 5
    assert count("missing_part") >= 4
    assert count("key_data_entity_mismatch") >= 4


def test_case_ids_are_unique_and_every_case_has_both_languages_unless_one_is_labelled_missing():
    assert len({c["id"] for c in CASES}) == len(CASES)
    for case in CASES:
        if not any(e["part"] == "all" for e in case["expected"]):
            assert set(case["content"]) == {"en", "zh-hans"}, case["id"]


def test_recall_is_perfect_for_substitutions_and_number_mismatches_on_the_hand_labelled_cases(evaluation):
    assert evaluation.scores["substitution"].recall == 1.0
    assert evaluation.scores["number_mismatch"].recall == 1.0


def test_no_clean_pair_gets_a_high_severity_finding(evaluation):
    assert evaluation.clean_cases >= 12
    assert evaluation.clean_cases_with_high_findings == []


def test_the_markdown_table_lists_every_kind_and_a_summary(evaluation):
    table = format_markdown(evaluation)
    for kind in evaluation.scores:
        assert f"`{kind}`" in table
    assert "clean cases with a high-severity finding: 0" in table


def test_a_prediction_matches_a_label_regardless_of_language():
    case = {
        "id": "x",
        "content": {"en": {"title": "A 1.6 GW plant"}, "zh-hans": {"title": "1.8吉瓦电厂"}},
        "expected": [{"kind": "number_mismatch", "part": "title", "index": None, "language": "en"}],
    }
    result = evaluate(cases=[case], entities=[])
    assert result.scores["number_mismatch"].true_positives == 1
    assert result.scores["number_mismatch"].false_positives == 0


# The whole set: legacy cases, clean pairs, demo content and their mutants ----------------------


@pytest.fixture(scope="module")
def full_set():
    cases = build_cases()
    return cases, evaluate(cases=cases, entities=[])


def test_the_full_set_has_at_least_300_cases_with_every_source_and_fault_family(full_set):
    cases, evaluation = full_set
    assert len(cases) >= 300
    assert set(evaluation.sources) == {"legacy", "clean", "demo", "mutation"}
    assert evaluation.clean_cases >= 40
    assert set(evaluation.mutations) == set(MUTATIONS)


def test_the_targets_hold_on_the_full_set(full_set):
    _, evaluation = full_set
    for kind, score in evaluation.scores.items():
        assert score.precision is None or score.precision >= 0.9, kind
    assert evaluation.scores["substitution"].recall >= 0.9
    assert evaluation.scores["number_mismatch"].recall >= 0.9
    assert evaluation.clean_cases_with_high_findings == []


def test_swapped_figures_and_untagged_chinese_names_are_found_in_the_full_set(full_set):
    _, evaluation = full_set
    found, injected = evaluation.mutations["swapped_figures"]
    assert injected >= 40 and found / injected >= 0.8
    found, injected = evaluation.mutations["swapped_quantities"]
    assert injected >= 10 and found / injected >= 0.8
    found, injected = evaluation.mutations["unknown_swap"]
    assert injected >= 180 and found / injected >= 0.95
    assert evaluation.clean_cases >= 63


def test_the_clean_pairs_cover_every_legitimate_variation_of_the_issue():
    _, pairs = load_clean_pairs()
    text = " ".join(str(pair["content"]) for pair in pairs)
    for variation in ("亿至", "财季", "fiscal", "下一季度", "next quarter", "四成", "三成", "tenfold", "10倍", "NT$"):
        assert variation in text, variation
    for variation in (
        "新台币",
        "约合人民币",
        "well over a gigawatt",
        "远超",
        "first quarter above",
        "由上年同期的",
        "钱立新",
    ):
        assert variation in text, variation


def test_a_mutant_changes_one_item_in_one_language_and_is_labelled_there():
    entities, pairs = load_clean_pairs()
    base = pairs[0]
    made = list(mutants(base, entities))
    assert made
    for case in made:
        changed = [
            (language, place)
            for language in ("en", "zh-hans")
            for place in items(base["content"])
            if _item(case["content"], language, place) != _item(base["content"], language, place)
        ]
        [(language, (part, index, _field))] = changed
        assert case["expected"] == [{"kind": case["expected"][0]["kind"], "part": part, "index": index}]


def _item(content, language, place):
    from articles.consistency.evaluation.mutations import get

    return get(content, language, *place)
