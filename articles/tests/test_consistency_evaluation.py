"""The labelled set and its scores: pure Python, no Django needed."""

import pytest

from articles.consistency.evaluation import evaluate, format_markdown, load_cases

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


def test_recall_is_perfect_for_substitutions_and_number_mismatches(evaluation):
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
