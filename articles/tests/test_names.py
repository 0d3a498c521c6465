"""Names outside the entity list (articles.entities.names): pure Python, no Django needed."""

from articles.entities.names import chinese_names, latin_names, romanised_in, unknown_names_in


def texts(names):
    return [name.text for name in names]


def test_a_dictionary_word_is_not_cut_out_of_a_longer_word():
    assert texts(chinese_names("公司发布了1000个量子比特的芯片。")) == []


def test_a_transliterated_name_joined_by_a_middle_dot_is_one_person():
    [name] = chinese_names("首席执行官丹尼尔·奥卡福表示")
    assert (name.text, name.kind) == ("丹尼尔·奥卡福", "person")


def test_three_character_names_with_a_common_surname_are_persons_even_when_jieba_knows_them():
    assert [(n.text, n.kind) for n in chinese_names("分析师孙海峰认为，赵文博表示")] == [
        ("孙海峰", "person"),
        ("赵文博", "person"),
    ]


def test_a_dictionary_organisation_is_an_organisation():
    assert [(n.text, n.kind) for n in chinese_names("华为与北京大学合作")] == [("北京大学", "organization")]


def test_capitalised_runs_are_latin_names_but_a_lone_sentence_start_is_not():
    assert texts(latin_names("Analysts said. The deal was led by Daniel Osei and Bluefin Systems.")) == [
        "Daniel Osei",
        "Bluefin Systems",
    ]


def test_latin_names_are_found_inside_chinese_text():
    assert texts(latin_names("交易由Bluefin Systems牵头")) == ["Bluefin Systems"]


def test_known_names_and_covered_spans_are_left_out():
    text = "Maya Chen met Daniel Osei."
    assert texts(unknown_names_in(text, known={"daniel osei"})) == ["Maya Chen"]
    assert texts(unknown_names_in(text, covered=[(0, 9)])) == ["Daniel Osei"]


def test_a_person_jieba_cuts_apart_is_found_by_surname_and_given_name_after_a_title_or_before_saying():
    assert [(n.text, n.kind) for n in chinese_names("首席执行官钱立新称，该行将继续削减成本。")] == [
        ("钱立新", "person")
    ]
    assert texts(chinese_names("钱立新表示")) == ["钱立新"]
    assert texts(chinese_names("主持研究的钱立新教授认为")) == ["钱立新"]
    assert texts(chinese_names("北门银行首席财务官孙海鹰说")) == ["北门银行", "孙海鹰"]


def test_words_that_merely_start_with_a_surname_are_not_persons():
    for text in ("成本表示", "林业局表示", "研究人员表示", "高度关注", "双方表示"):
        assert [n for n in chinese_names(text) if n.kind == "person"] == [], text


def test_an_organisation_jieba_does_not_tag_is_found_by_its_suffix_at_word_boundaries():
    assert [(n.text, n.kind) for n in chinese_names("星河科技公司宣布完成融资")] == [("星河科技公司", "organization")]
    assert texts(chinese_names("天穹集团与青石实验室合作")) == ["天穹集团", "青石实验室"]
    assert texts(chinese_names("清河大学的研究人员")) == ["清河大学"]


def test_generic_company_phrases_are_not_organisation_names():
    for text in ("中国科技公司纷纷跟进", "这家公司表示", "一家大型科技公司", "多家银行"):
        assert chinese_names(text) == [], text


def test_a_chinese_name_is_recognised_in_pinyin_in_english_text():
    assert romanised_in("钱立新", "said Qian Lixin, its chief executive")
    assert romanised_in("钱立新", "Lixin Qian said")
    assert romanised_in("星河科技公司", "Xinghe Technology shipped")
    assert not romanised_in("钱立新", "Zhou Yiming said")
