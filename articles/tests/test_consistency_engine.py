"""The consistency report: pure Python, no Django needed."""

import copy

import pytest

from articles.consistency.engine import check_content

EN, ZH = "en", "zh-hans"
ENTITIES = [
    {"slug": "helix", "kind": "company", "name": {"en": "Helix", "zh-hans": "螺旋半导体"}, "aliases": {}},
    {"slug": "cobalt", "kind": "company", "name": {"en": "Cobalt AI", "zh-hans": "钴智能"}, "aliases": {}},
    {"slug": "maya-chen", "kind": "person", "name": {"en": "Maya Chen", "zh-hans": "陈玛雅"}, "aliases": {}},
    {"slug": "li-wei", "kind": "person", "name": {"en": "Li Wei", "zh-hans": "李伟"}, "aliases": {}},
    {"slug": "aurora-7", "kind": "model", "name": {"en": "Aurora-7", "zh-hans": "Aurora-7"}, "aliases": {}},
]
BASE = {
    EN: {
        "title": "Helix invests $1.2 billion",
        "summary": "Maya Chen announced a 1.6 GW campus.",
        "tldr": ["Helix invests $1.2 billion.", "Maya Chen leads the project.", "Aurora-7 runs there."],
        "key_data": [
            {"entity": "helix", "info": "Investment", "metric": "$1.2 billion"},
            {"entity": "cobalt", "info": "Power", "metric": "1.6 GW"},
        ],
        "analysis": "## 1. Plan\n\nHelix will spend $1.2 billion.\n\nCobalt AI buys 30% of output.",
        "insights": ["Power decides where fabs go.", "Demand should last."],
        "faq": [{"q": "How much?", "a": "$1.2 billion."}, {"q": "Who leads?", "a": "Maya Chen."}],
    },
    ZH: {
        "title": "螺旋半导体投资12亿美元",
        "summary": "陈玛雅宣布建设1.6吉瓦园区。",
        "tldr": ["螺旋半导体投资12亿美元。", "陈玛雅负责该项目。", "Aurora-7在此运行。"],
        "key_data": [
            {"entity": "helix", "info": "投资", "metric": "12亿美元"},
            {"entity": "cobalt", "info": "电力", "metric": "1600兆瓦"},
        ],
        "analysis": "## 一、计划\n\n螺旋半导体将投入12亿美元。\n\n钴智能购买百分之三十的产能。",
        "insights": ["电力决定晶圆厂选址。", "需求将持续。"],
        "faq": [{"q": "投资多少？", "a": "12亿美元。"}, {"q": "谁负责？", "a": "陈玛雅。"}],
    },
}


def report(edit=None):
    content = copy.deepcopy(BASE)
    if edit:
        edit(content)
    return check_content(content=content, entities=ENTITIES)


def keys(findings, severities=("high", "medium")):
    return {(f.kind, f.part, f.index) for f in findings if f.severity in severities}


def test_a_faithful_translation_has_no_findings():
    assert report() == []


@pytest.mark.parametrize("lang, old, new", [(EN, "Maya Chen", "Li Wei"), (ZH, "陈玛雅", "李伟")])
def test_a_same_kind_entity_swapped_in_a_tldr_item_is_a_substitution_in_either_direction(lang, old, new):
    def edit(c):
        c[lang]["tldr"][1] = c[lang]["tldr"][1].replace(old, new)

    findings = report(edit)
    assert keys(findings) == {("substitution", "tldr", 1)}
    assert findings[0].severity == "high" and "Maya Chen" in findings[0].message


def test_entities_of_different_kinds_are_not_a_substitution():
    def edit(c):
        c[ZH]["tldr"][1] = "钴智能负责该项目。"

    assert "substitution" not in {f.kind for f in report(edit)}


@pytest.mark.parametrize(
    "lang, old, new", [(EN, "Maya Chen spoke.", "Li Wei spoke."), (ZH, "陈玛雅发言。", "李伟发言。")]
)
def test_a_substitution_in_an_analysis_paragraph_is_reported_with_its_paragraph_index(lang, old, new):
    def edit(c):
        c[EN]["analysis"] = "Maya Chen spoke.\n\n" + c[EN]["analysis"]
        c[ZH]["analysis"] = "陈玛雅发言。\n\n" + c[ZH]["analysis"]
        c[lang]["analysis"] = c[lang]["analysis"].replace(old, new)

    assert keys(report(edit)) == {("substitution", "analysis", 0)}


def test_analysis_paragraphs_shifted_by_one_still_correspond():
    def edit(c):
        c[ZH]["analysis"] = c[ZH]["analysis"].replace("## 一、计划\n\n", "## 一、计划\n\n背景介绍。\n\n")

    assert report(edit) == []


@pytest.mark.parametrize("lang, other, part, index", [(EN, ZH, "insights", 0), (ZH, EN, "insights", 1)])
def test_an_entity_mentioned_in_one_language_only_is_reported_in_either_direction(lang, other, part, index):
    def edit(c):
        c[lang]["insights"][index] += " Li Wei agrees." if lang == EN else "李伟表示同意。"

    findings = [f for f in report(edit) if f.kind == "entity_one_language"]
    assert [(f.language, f.part, f.index, f.severity, f.text) for f in findings] == [
        (lang, part, index, "medium", "Li Wei" if lang == EN else "李伟")
    ]


def test_a_latin_name_inside_chinese_text_counts_as_a_mention_in_chinese():
    def edit(c):
        c[ZH]["tldr"][1] = "Maya Chen负责该项目。"

    assert report(edit) == []


@pytest.mark.parametrize(
    "lang, old, new",
    [(ZH, "1.6吉瓦", "1.8吉瓦"), (EN, "1.6 GW", "1.6 MW"), (ZH, "百分之三十", "百分之四十"), (EN, "30%", "3%")],
)
def test_changed_numbers_are_mismatches_in_either_direction(lang, old, new):
    def edit(c):
        for part in ("summary", "analysis"):
            c[lang][part] = c[lang][part].replace(old, new)

    found = keys(report(edit))
    assert found and all(k[0] == "number_mismatch" for k in found)


def test_number_mismatch_names_the_unmatched_figure_and_points_at_it():
    def edit(c):
        c[ZH]["key_data"][1]["metric"] = "1500兆瓦"

    findings = [f for f in report(edit) if f.language == ZH]
    assert len(findings) == 1
    f = findings[0]
    assert (f.kind, f.part, f.index, f.field, f.severity, f.text) == (
        "number_mismatch",
        "key_data",
        1,
        "metric",
        "high",
        "1500兆瓦",
    )
    assert f.span == (0, 6)


def test_unit_variants_of_one_quantity_are_not_mismatches():
    def edit(c):
        c[EN]["key_data"][1]["metric"] = "1,600 MW"
        c[ZH]["key_data"][1]["metric"] = "1.6 GW"
        c[EN]["faq"][0]["a"] = "12亿美元"

    assert report(edit) == []


def test_heading_numbers_and_model_numbers_do_not_produce_findings():
    def edit(c):
        c[EN]["analysis"] = "## 3. Plan\n\nHelix will spend $1.2 billion.\n\nCobalt AI buys 30% of output."
        c[ZH]["tldr"][2] = "Aurora-7 在此运行。"

    assert report(edit) == []


@pytest.mark.parametrize("part, severity", [("title", "high"), ("analysis", "high"), ("summary", "medium")])
def test_an_empty_text_part_is_a_missing_part(part, severity):
    def edit(c):
        c[ZH][part] = ""

    findings = [f for f in report(edit) if f.kind == "missing_part"]
    assert [(f.language, f.part, f.severity) for f in findings] == [(ZH, part, severity)]


def test_an_empty_list_is_a_missing_part_in_either_direction():
    def edit(c):
        c[EN]["faq"] = []
        c[ZH]["insights"] = []

    assert keys(report(edit)) == {("missing_part", "faq", None), ("missing_part", "insights", None)}


def test_fewer_chinese_list_entries_are_only_a_low_severity_note():
    def edit(c):
        del c[ZH]["tldr"][1]
        del c[ZH]["faq"][1]

    findings = report(edit)
    assert {f.severity for f in findings} == {"low"}
    assert {(f.kind, f.part) for f in findings} == {("missing_part", "tldr"), ("missing_part", "faq")}


def test_shorter_lists_are_aligned_by_content_not_position():
    def edit(c):
        del c[ZH]["tldr"][0]  # remaining zh items are en items 1 and 2

    assert keys(report(edit)) == set()


def test_an_empty_faq_answer_is_a_missing_part_with_its_index():
    def edit(c):
        c[ZH]["faq"][0]["a"] = ""

    findings = [f for f in report(edit) if f.severity != "low"]
    assert [(f.kind, f.language, f.part, f.index, f.field) for f in findings] == [("missing_part", ZH, "faq", 0, "a")]


@pytest.mark.parametrize("lang, slug", [(ZH, "helix"), (EN, None)])
def test_a_key_data_row_with_a_different_entity_is_a_mismatch(lang, slug):
    def edit(c):
        c[lang]["key_data"][1]["entity"] = slug

    assert keys(report(edit)) == {("key_data_entity_mismatch", "key_data", 1)}


@pytest.mark.parametrize("missing", [EN, ZH])
def test_an_absent_language_yields_exactly_one_finding(missing):
    def edit(c):
        del c[missing]

    findings = report(edit)
    assert [(f.kind, f.severity, f.language, f.part, f.index) for f in findings] == [
        ("missing_part", "medium", missing, "all", None)
    ]


def test_a_language_with_only_empty_parts_counts_as_absent():
    def edit(c):
        c[ZH] = {"title": "", "tldr": [], "faq": [{"q": "", "a": ""}]}

    assert [(f.kind, f.part) for f in report(edit)] == [("missing_part", "all")]


def test_findings_carry_plain_english_messages_and_valid_severities():
    def edit(c):
        c[ZH]["tldr"][1] = "李伟负责该项目。"
        c[ZH]["title"] = "螺旋半导体投资13亿美元"

    findings = report(edit)
    assert findings
    for f in findings:
        assert f.severity in ("high", "medium", "low")
        assert f.message.endswith(".") and f.language in f.message or "English" in f.message


# Severity by evidence, every occurrence, names outside the entity list, modality ------------------


def with_change(lang, part, value):
    content = copy.deepcopy(BASE)
    content[lang][part] = value
    return content


def test_a_changed_figure_in_the_same_slot_is_one_high_finding_pointing_at_both_sides():
    content = with_change(ZH, "title", "螺旋半导体投资15亿美元")
    [finding] = [f for f in check_content(content=content, entities=ENTITIES) if f.kind == "number_mismatch"]
    assert (finding.severity, finding.language, finding.text, finding.other_text) == (
        "high",
        ZH,
        "15亿美元",
        "$1.2 billion",
    )
    assert content[EN]["title"][slice(*finding.other_span)] == "$1.2 billion"


def test_a_figure_restated_in_one_language_only_is_low_when_stated_elsewhere_and_medium_otherwise():
    restated = with_change(ZH, "faq", [BASE[ZH]["faq"][0], {"q": "谁负责这笔12亿美元的投资？", "a": "陈玛雅。"}])
    [low] = [f for f in check_content(content=restated, entities=ENTITIES) if f.kind == "number_mismatch"]
    assert (low.severity, low.part, low.index, low.field, low.text) == ("low", "faq", 1, "q", "12亿美元")
    new_figure = with_change(ZH, "faq", [{"q": "这笔7亿美元的投资有多少？", "a": "12亿美元。"}, BASE[ZH]["faq"][1]])
    [medium] = [f for f in check_content(content=new_figure, entities=ENTITIES) if f.kind == "number_mismatch"]
    assert (medium.severity, medium.text) == ("medium", "7亿美元")


def test_every_occurrence_of_a_substituted_name_is_listed():
    content = copy.deepcopy(BASE)
    content[EN]["analysis"] = "Plan.\n\nMaya Chen said Helix will spend $1.2 billion. Maya Chen chose the site."
    content[ZH]["analysis"] = "计划。\n\n李伟表示，螺旋半导体将投入12亿美元。李伟选定了厂址。"
    found = [f for f in check_content(content=content, entities=ENTITIES) if f.kind == "substitution"]
    assert [(f.severity, f.index, f.text, f.other_text) for f in found] == [("high", 1, "李伟", "Maya Chen")] * 2
    assert len({f.span for f in found}) == 2


def test_a_one_mention_slip_hidden_by_the_right_name_in_the_same_item_is_a_substitution():
    content = copy.deepcopy(BASE)
    content[EN]["analysis"] = "Plan.\n\nMaya Chen said Helix will spend $1.2 billion. Maya Chen chose the site."
    content[ZH]["analysis"] = "计划。\n\n陈玛雅表示，螺旋半导体将投入12亿美元。李伟选定了厂址。"
    [finding] = [f for f in check_content(content=content, entities=ENTITIES) if f.kind == "substitution"]
    assert (finding.language, finding.text, finding.other_text) == (ZH, "李伟", "Maya Chen")


def test_a_wrong_name_that_is_no_entity_is_a_substitution_with_a_suggestion_to_create_it():
    chinese = with_change(ZH, "summary", "赵文博宣布建设1.6吉瓦园区。")
    [finding] = [f for f in check_content(content=chinese, entities=ENTITIES) if f.kind == "substitution"]
    assert (finding.severity, finding.text, finding.suggestion, finding.other_text) == (
        "high",
        "赵文博",
        "赵文博",
        "Maya Chen",
    )
    english = with_change(EN, "summary", "Daniel Osei announced a 1.6 GW campus.")
    [finding] = [f for f in check_content(content=english, entities=ENTITIES) if f.kind == "substitution"]
    assert (finding.language, finding.suggestion) == (EN, "Daniel Osei")


def test_a_transliterated_name_joined_by_a_middle_dot_is_one_unknown_name():
    content = with_change(ZH, "summary", "丹尼尔·奥塞宣布建设1.6吉瓦园区。")
    [finding] = [f for f in check_content(content=content, entities=ENTITIES) if f.kind == "substitution"]
    assert finding.text == "丹尼尔·奥塞"


def test_a_short_form_of_a_known_name_is_not_an_unknown_name():
    entities = [*ENTITIES, {"slug": "lumen", "kind": "company", "name": {"en": "Lumen Cloud", "zh-hans": "流明云"}}]
    content = copy.deepcopy(BASE)
    content[EN]["insights"][0] = "Lumen Cloud says power decides where fabs go; Lumen agrees."
    content[ZH]["insights"][0] = "流明云表示电力决定晶圆厂选址，流明云也同意。"
    assert [f for f in check_content(content=content, entities=entities) if f.kind == "substitution"] == []


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (ZH, "螺旋半导体或将投资12亿美元"),
        (ZH, "据报道，螺旋半导体投资12亿美元"),
        (EN, "Helix reportedly invests $1.2 billion"),
    ],
)
def test_a_hedge_in_one_language_against_an_assertion_is_a_medium_modality_finding(lang, text):
    content = with_change(lang, "title", text)
    [finding] = [f for f in check_content(content=content, entities=ENTITIES) if f.kind == "modality"]
    assert (finding.severity, finding.language, finding.part) == ("medium", lang, "title")
    assert text[slice(*finding.span)] == finding.text


def test_hedges_on_both_sides_and_modal_words_are_not_a_modality_finding():
    both = with_change(ZH, "title", "据报道螺旋半导体投资12亿美元")
    both[EN]["title"] = "Helix reportedly invests $1.2 billion"
    modal = with_change(ZH, "insights", ["电力决定晶圆厂选址。", "需求可能持续。"])
    for content in (both, modal):
        assert [f for f in check_content(content=content, entities=ENTITIES) if f.kind == "modality"] == []


def test_a_conversion_written_in_one_language_only_is_not_a_finding():
    content = with_change(ZH, "title", "螺旋半导体投资12亿美元（约合人民币86亿元）")
    assert check_content(content=content, entities=ENTITIES) == []


def test_a_chinese_name_whose_pinyin_disagrees_with_the_english_romanised_name_is_a_substitution():
    def titles(en, zh):
        return check_content(content={EN: {"title": en}, ZH: {"title": zh}}, entities=[])

    [finding] = titles("Zhang Min opened the lab; Zhang Min cut the ribbon.", "张明为实验室揭幕。")
    assert (finding.kind, finding.severity, finding.text, finding.other_text) == (
        "substitution",
        "high",
        "张明",
        "Zhang Min",
    )
    assert titles("Zhang Min opened the lab.", "张敏为实验室揭幕。") == []
    assert titles("Jiahui Chen opened the lab.", "陈嘉慧为实验室揭幕。") == []
    assert titles("Mark Thompson opened the lab.", "马克·汤普森为实验室揭幕。") == []
