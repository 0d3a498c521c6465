"""Entity mention detection: pure Python, no Django needed."""

from articles.entities.mentions import find_mentions, mentions_in_content

ENTITIES = [
    {"slug": "meta", "kind": "company", "name": {"en": "Meta", "zh-hans": "Meta"}, "aliases": {}},
    {
        "slug": "google",
        "kind": "company",
        "name": {"en": "Google", "zh-hans": "谷歌"},
        "aliases": {"en": ["Alphabet"], "zh-hans": []},
    },
    {"slug": "li-wei", "kind": "person", "name": {"en": "Li Wei", "zh-hans": "李伟"}, "aliases": {}},
    {"slug": "zhang-min", "kind": "person", "name": {"en": "Zhang Min", "zh-hans": "张敏"}, "aliases": {}},
    {
        "slug": "northwind-labs",
        "kind": "company",
        "name": {"en": "Northwind Labs", "zh-hans": "北风实验室"},
        "aliases": {"en": ["Northwind"], "zh-hans": ["北风"]},
    },
    {
        "slug": "atlas-x1",
        "kind": "product",
        "name": {"en": "Atlas X1", "zh-hans": "Atlas X1加速器"},
        "aliases": {"en": ["Atlas X1 accelerator"], "zh-hans": ["Atlas X1"]},
    },
    {"slug": "quill-3", "kind": "model", "name": {"en": "Quill 3", "zh-hans": "Quill 3"}, "aliases": {}},
]
GOOGLE_CLOUD = {
    "slug": "google-cloud",
    "kind": "product",
    "name": {"en": "Google Cloud", "zh-hans": "谷歌云"},
    "aliases": {},
}


def found(text, entities=ENTITIES):
    return [(m.entity, m.text) for m in find_mentions(text=text, entities=entities)]


def test_capitalised_latin_alias_does_not_match_lowercase_words_containing_it():
    assert found("The metadata and a meta-analysis were published.") == []


def test_capitalised_latin_alias_matches_as_a_whole_word_with_possessive_and_hyphen():
    assert found("Meta's model and a Northwind-backed startup") == [("meta", "Meta"), ("northwind-labs", "Northwind")]


def test_latin_alias_does_not_match_inside_a_longer_latin_word():
    assert found("NorthwindX and Metaverse") == []


def test_latin_name_inside_chinese_text_is_found():
    assert found("Meta宣布与Northwind Labs合作") == [("meta", "Meta"), ("northwind-labs", "Northwind Labs")]


def test_chinese_alias_is_found_in_english_text_and_english_alias_in_chinese_text():
    assert found("Analysts at 北风实验室 agreed.") == [("northwind-labs", "北风实验室")]
    assert found("Alphabet旗下公司") == [("google", "Alphabet")]


def test_alias_does_not_match_inside_a_longer_chinese_name():
    assert found("李伟华表示将辞职。") == []
    assert found("张敏华宣布辞职") == []


def test_person_alias_followed_by_a_verb_still_matches():
    assert found("这家公司的李伟称，张敏指出") == [("li-wei", "李伟"), ("zhang-min", "张敏")]


def test_chinese_alias_must_start_and_end_on_word_boundaries():
    assert found("他主张敏捷开发") == []
    assert found("东北风很大") == []


def test_longest_alias_wins_among_overlapping_aliases():
    assert found("北风实验室和北风") == [("northwind-labs", "北风实验室"), ("northwind-labs", "北风")]
    assert found("the Atlas X1 accelerator ships") == [("atlas-x1", "Atlas X1 accelerator")]


def test_company_alias_matches_inside_its_product_name_unless_a_longer_alias_covers_it():
    assert found("谷歌云业务增长") == [("google", "谷歌")]
    assert found("谷歌云业务增长", ENTITIES + [GOOGLE_CLOUD]) == [("google-cloud", "谷歌云")]


def test_mixed_script_alias_with_a_space_matches():
    assert found("Quill 3发布，Atlas X1加速器上市") == [("quill-3", "Quill 3"), ("atlas-x1", "Atlas X1加速器")]


def test_mentions_in_content_reports_language_part_index_and_field():
    content = {
        "en": {
            "title": "Meta and Google",
            "tldr": ["x", "Li Wei spoke"],
            "key_data": [{"entity": None, "info": "Google revenue", "metric": "1"}],
            "faq": [{"q": "Who?", "a": "Zhang Min"}],
        },
        "zh-hans": {"analysis": "第一段。\n\n李伟说，谷歌将投资。"},
    }
    got = [
        (m.entity, m.language, m.part, m.index, m.field, m.start, m.end)
        for m in mentions_in_content(content=content, entities=ENTITIES)
    ]
    assert got == [
        ("meta", "en", "title", None, None, 0, 4),
        ("google", "en", "title", None, None, 9, 15),
        ("li-wei", "en", "tldr", 1, None, 0, 6),
        ("google", "en", "key_data", 0, "info", 0, 6),
        ("zhang-min", "en", "faq", 0, "a", 0, 9),
        ("li-wei", "zh-hans", "analysis", None, None, 6, 8),
        ("google", "zh-hans", "analysis", None, None, 10, 12),
    ]
