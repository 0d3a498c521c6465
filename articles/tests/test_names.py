"""Names outside the entity list (articles.entities.names): pure Python, no Django needed."""

from articles.entities.names import chinese_names, latin_names, unknown_names_in


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
