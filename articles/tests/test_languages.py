import re
from pathlib import Path

from django.conf import settings

from articles import languages
from articles.models import Section

ARTICLES = Path(languages.__file__).parent
HAND_BUILT_COLUMN = re.compile(r"""["'][a-z]\w*_(?:en|zh_hans)["']""")


def test_the_registry_has_one_row_per_configured_language_in_settings_order():
    assert languages.LANGUAGE_CODES == tuple(code for code, _name in settings.LANGUAGES)
    assert set(languages.LANGUAGES) == set(languages.LANGUAGE_CODES)


def test_each_language_fact_is_read_from_the_registry():
    chinese = languages.language("zh-hans")
    assert (chinese.html_lang, chinese.og_locale, chinese.news_language) == ("zh-Hans", "zh_CN", "zh-cn")
    assert (chinese.search_config, chinese.snippet_chars, chinese.by_character) == ("simple", 90, True)
    english = languages.language("en")
    assert (english.html_lang, english.og_locale, english.search_config) == ("en", "en_US", "english")
    assert languages.NATIVE_NAMES == {"en": "English", "zh-hans": "中文"}


def test_html_lang_returns_an_unknown_code_unchanged():
    assert languages.html_lang("zh-hans") == "zh-Hans"
    assert languages.html_lang("fr") == "fr"


def test_columns_name_a_field_in_every_language_in_site_order():
    assert languages.column("title", "zh-hans") == "title_zh_hans"
    assert languages.columns("title") == ("title_en", "title_zh_hans")


def test_translated_reads_the_column_of_the_asked_language():
    section = Section(slug="tech", name_en="Technology", name_zh_hans="科技")
    assert languages.translated(section, "name", "en") == "Technology"
    assert languages.translated(section, "name", "zh-hans") == "科技"


def test_no_application_module_spells_a_per_language_column_by_hand():
    offenders = []
    for path in ARTICLES.rglob("*.py"):
        relative = path.relative_to(ARTICLES).as_posix()
        if relative == "languages.py" or relative.startswith(("tests/", "migrations/", "management/commands/bench_")):
            continue  # the registry itself; fixtures and recorded schema spell columns out
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if HAND_BUILT_COLUMN.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []


def test_no_module_takes_language_facts_from_a_template_tag_module():
    for path in ARTICLES.rglob("*.py"):
        if "tests" in path.parts:
            continue
        assert "from articles.templatetags" not in path.read_text(encoding="utf-8"), path
