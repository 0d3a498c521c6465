"""Quantity extraction and normalisation: pure Python, no Django needed."""

import pytest

from articles.consistency.quantities import extract_quantities, is_checkable, parse_chinese_numeral, quantities_match


def values(text, **kwargs):
    return [(q.value, q.unit) for q in extract_quantities(text=text, **kwargs)]


def one(text):
    found = extract_quantities(text=text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    "text, value",
    [
        ("一千二百", 1200),
        ("两千", 2000),
        ("三千", 3000),
        ("十二亿", 1.2e9),
        ("一万二千", 12000),
        ("三点五", 3.5),
        ("二〇二六", 2026),
        ("十", 10),
        ("一万亿", 1e12),
    ],
)
def test_chinese_numerals_parse_to_their_value(text, value):
    assert parse_chinese_numeral(text) == value


@pytest.mark.parametrize(
    "left, right",
    [
        ("1.6 GW", "1.6吉瓦"),
        ("1.6 GW", "1,600 MW"),
        ("1.6吉瓦", "1.6 gigawatts"),
        ("1600兆瓦", "1.6 GW"),
        ("12亿", "1.2 billion"),
        ("$1.2 billion", "12亿美元"),
        ("$4B", "40亿美元"),
        ("30%", "百分之三十"),
        ("30 percent", "30%"),
        ("fell 30%", "下降30%"),
        ("3,000", "3000"),
        ("3000", "三千"),
        ("5万", "50,000"),
        ("50 thousand", "5万"),
        ("1.2万亿", "1.2 trillion"),
        ("two thousand", "两千"),
        ("€120 million", "1.2亿欧元"),
        ("4.2 TWh", "42亿千瓦时"),
        ("2.4 GWh", "240万千瓦时"),
        ("35 megawatts", "3.5万千瓦"),
        ("3 percentage points", "3个百分点"),
        ("192 GB", "192GB内存"),
        ("November 28, 2026", "2026年11月28日"),
        ("28 November 2026", "2026-11-28"),
        ("November 2026", "2026年11月"),
        ("in 2026", "2026年"),
        ("Q3 2026", "2026年第三季度"),
        ("the third quarter", "三季度"),
        ("first half of 2027", "2027年上半年"),
        ("2,000 units", "2000台"),
    ],
)
def test_the_same_quantity_in_either_language_matches(left, right):
    assert quantities_match(one(left), one(right))


@pytest.mark.parametrize(
    "left, right",
    [
        ("1.6 GW", "1.8吉瓦"),
        ("1.6 GW", "1.6兆瓦"),
        ("30%", "百分之四十"),
        ("30%", "30个百分点"),
        ("$1.2 billion", "12亿欧元"),
        ("November 28, 2026", "2026年11月29日"),
        ("Q3 2026", "2026年第二季度"),
        ("5万", "5,000"),
        ("2026", "2025年"),
    ],
)
def test_different_quantities_do_not_match(left, right):
    assert not quantities_match(one(left), one(right))


def test_date_without_year_matches_the_same_day_with_a_year():
    assert quantities_match(one("11月28日"), one("November 28, 2026"))


def test_list_markers_and_heading_numbers_are_not_quantities():
    assert values("1. First point\n2) Second point\n## 3. Heading\n一、背景\n（二）细节") == []


def test_numbers_inside_model_names_and_identifiers_are_not_quantities():
    assert values("Aurora-7, GPT-4, H100, 5G and X1") == []


def test_skip_spans_exclude_entity_names_such_as_quill_3():
    text = "Quill 3 scored 71.5"
    assert values(text, skip_spans=[(0, 7)]) == [(71.5, "")]


def test_numerals_inside_ordinary_chinese_words_are_not_quantities():
    assert values("十分重要，一些公司，统一标准，之一，第二大，星期一") == []


def test_range_lower_bound_inherits_the_unit_of_the_upper_bound():
    assert values("30–40%") == [(30, "%"), (40, "%")]
    assert values("3至5亿美元") == [(3e8, "USD"), (5e8, "USD")]


def test_currency_prefixes_and_suffixes_normalise_to_the_same_unit():
    assert values("人民币12亿元, 1.2 billion yuan, RMB 1.2 billion") == [(1.2e9, "CNY")] * 3


def test_the_yen_sign_matches_both_yuan_and_yen_but_not_dollars():
    sign = one("¥50 billion")
    assert quantities_match(sign, one("500亿日元"))
    assert quantities_match(sign, one("500亿元"))
    assert not quantities_match(sign, one("$50 billion"))


def test_a_range_with_a_scale_word_on_both_ends_is_scaled_once():
    assert values("12亿至15亿美元") == [(1.2e9, "USD"), (1.5e9, "USD")]


def test_relative_and_fiscal_periods_are_not_calendar_quarters():
    assert [q.unit for q in extract_quantities(text="下一季度、上季度和前三季度")] == ["relative"] * 3
    assert not any(is_checkable(q) for q in extract_quantities(text="its first quarter above $1 billion")[:1])
    assert values("第三财季") == values("fiscal third quarter") == values("third fiscal quarter") == [(3, "fquarter")]
    assert not quantities_match(one("第三财季"), one("第三季度"))


def test_chinese_tenths_and_multiples_are_read():
    assert values("四成用户") == [(40, "%")]
    assert values("两成半") == [(25, "%")]
    assert values("成为") == []
    assert values("10倍") == values("tenfold") == values("10-fold") == [(10, "x")]
    assert values("quadrupled") == [(4, "x")]


def test_other_currencies_and_one_language_conversions():
    assert values("NT$30 billion") == values("300亿新台币") == [(3e10, "TWD")]
    assert values("HK$10.4 billion") == values("104亿港元") == [(1.04e10, "HKD")]
    assert [q.conversion for q in extract_quantities(text="5亿美元（约合人民币36亿元）")] == [False, True]
    assert [q.conversion for q in extract_quantities(text="NT$30 billion (about $950 million)")] == [False, True]


def test_one_of_a_unit_or_scale_is_a_figure():
    assert values("well over a gigawatt") == values("远超1吉瓦") == [(1e9, "W")]
    assert values("a billion dollars") == [(1e9, "USD")]


def test_small_plain_whole_numbers_are_not_checkable_but_units_and_large_numbers_are():
    assert not is_checkable(one("3 sites"))
    assert is_checkable(one("3%"))
    assert is_checkable(one("12 sites"))
    assert is_checkable(one("2.5"))


def test_quantity_text_is_the_slice_of_the_input():
    text = "融资12亿美元，装机1.6吉瓦"
    for q in extract_quantities(text=text):
        assert text[q.start : q.end] == q.text


@pytest.mark.parametrize(
    "text",
    [
        "$2 per million tokens",
        "每百万token 2美元",
        "每百万输入token 2美元",
        "每千次调用0.5美元",
        "$0.50 per thousand calls",
        "每一百万次",
    ],
)
def test_per_million_and_per_thousand_are_a_rate_not_a_figure(text):
    assert all(q.value < 10 for q in extract_quantities(text=text)), values(text)


@pytest.mark.parametrize(
    "left, right",
    [
        ("192GB of high-bandwidth memory", "192GB高带宽内存"),
        ("a 192-GB stack", "192GB高带宽内存"),
        ("192 GB", "１９２ＧＢ"),
        ("700 watts", "功耗700W"),
        ("a 1.6-gigawatt campus", "1.6吉瓦园区"),
    ],
)
def test_a_unit_glued_to_chinese_text_hyphenated_or_full_width_is_still_a_unit(left, right):
    assert quantities_match(one(left), one(right))
    assert one(right).unit


@pytest.mark.parametrize("text", ["2000个token", "2000名员工", "2000多家", "2000 家", "1999台"])
def test_a_four_digit_number_with_a_measure_word_is_a_count_not_a_year(text):
    assert one(text).unit == ""


def test_a_bare_four_digit_number_without_a_measure_word_is_still_a_year():
    assert one("in 2000").unit == "year"
    assert one("自2025起").unit == "year"


def test_quantity_text_of_full_width_digits_is_the_original_slice():
    text = "单卡内存１９２ＧＢ。"
    quantity = one(text)
    assert quantity.text == "１９２ＧＢ" == text[quantity.start : quantity.end]


@pytest.mark.parametrize(
    "left, right",
    [
        ("the 120-billion-parameter model", "1200亿参数的模型"),
        ("by mid-2027", "2027年年中"),
        ("$410 million in a Series C round", "完成4.1亿美元C轮融资"),
    ],
)
def test_hyphenated_multipliers_mid_year_and_sums_before_latin_words_are_read(left, right):
    assert quantities_match(one(left), one(right))


def test_chinese_fractions_are_not_figures_but_percentages_still_are():
    assert values("成本只有遥操作的约五十分之一") == []
    assert values("三分之二的用户") == []
    assert values("增长百分之三十") == [(30, "%")]
