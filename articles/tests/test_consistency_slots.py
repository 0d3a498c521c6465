"""Figures swapped between slots (articles.consistency.slots, through the engine): pure Python."""

from articles.consistency.engine import check_content


def swaps(en, zh, entities=()):
    findings = check_content(content={"en": {"title": en}, "zh-hans": {"title": zh}}, entities=list(entities))
    return [f for f in findings if f.kind == "number_mismatch" and f.severity == "high"]


def test_two_percentages_swapped_between_revenue_and_costs_are_one_high_finding_naming_both():
    [finding] = swaps("Revenue rose 12% to $3.4 billion while costs fell 5%", "营收增长5%至34亿美元，成本下降12%")
    assert finding.language == "zh-hans" and finding.part == "title"
    assert "5%" in finding.message and "12%" in finding.message and "swapped" in finding.message
    assert finding.other_text in ("12%", "5%") and finding.text in ("12%", "5%")


def test_clauses_in_another_order_are_not_a_swap():
    assert swaps("Costs fell 5% while revenue rose 12% to $3.4 billion", "营收增长12%至34亿美元，成本下降5%") == []


def test_rose_to_x_from_y_against_from_y_to_x_is_not_a_swap_but_the_reverse_is():
    assert swaps("Revenue rose to $3.4 billion from $2.9 billion", "营收从29亿美元增至34亿美元") == []
    assert len(swaps("Revenue rose to $3.4 billion from $2.9 billion", "营收从34亿美元增至29亿美元")) == 1


def test_a_list_of_figures_in_another_order_is_a_swap():
    assert swaps("Sizes of 8 billion, 34 billion and 120 billion parameters", "80亿、340亿和1200亿参数三种规模") == []
    [finding] = swaps("Sizes of 8 billion, 34 billion and 120 billion parameters", "340亿、80亿和1200亿参数三种规模")
    assert {finding.text, finding.other_text} == {"340亿", "8 billion"}


def test_one_moved_word_without_other_evidence_is_not_a_swap():
    # 交付 (shipped) goes with the other figure because Chinese puts the first half first.
    assert (
        swaps("Shipped 40,000 wafers in the second half, up from 25,000", "上半年交付2.5万片晶圆，下半年增至4万片")
        == []
    )


def test_figures_told_apart_only_by_words_outside_the_list_are_not_reported_a_known_limit():
    assert swaps("Mortgage lending grew 8%, card lending 15%", "信用卡贷款增长8%，按揭贷款增长15%") == []
