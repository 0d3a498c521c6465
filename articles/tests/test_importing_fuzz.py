"""
Hostile exchange files (issue 11, findings 4 and 15): whatever a file holds, ``import_articles``
answers with clear error lines, a non-zero exit and nothing saved, never a traceback.

Each generated file is a valid article with one hostile value planted at a random place: text
with a control character or a lone surrogate, an integer too large for any column, a float,
deep nesting, or a raw JSON text Python cannot read (too deep, a number of 5,000 digits).
"""

import copy
import io
import json

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.exchange.importing import ImportFailed, parse_articles
from articles.models import Article, ArticleVersion, Entity, Section, Tag
from articles.plaintext import FORBIDDEN
from articles.tests.importing_helpers import sample_article

pytestmark = pytest.mark.django_db

DECLARATION = {"generator": {"name": "pipeline", "version": "1"}, "sources": ["https://example.com/a"]}
# Every character the rule forbids lies below U+10000.
FORBIDDEN_CHARACTERS = [chr(code) for code in range(0x10000) if FORBIDDEN.match(chr(code))]

hostile_text = st.builds(
    lambda head, character, tail: head + character + tail,
    st.text(max_size=20),
    st.sampled_from(FORBIDDEN_CHARACTERS),
    st.text(max_size=20),
)
huge_integer = st.one_of(st.integers(min_value=2**63), st.integers(max_value=-(2**63)))
deep = st.integers(min_value=1, max_value=400).map(lambda depth: _nest(depth))
hostile_value = st.one_of(
    hostile_text,
    huge_integer,
    st.floats(allow_nan=True, allow_infinity=True),
    deep,
    st.lists(hostile_text, min_size=1, max_size=3),
    st.dictionaries(hostile_text, st.integers(), min_size=1, max_size=2),
)
# Texts ``json.loads`` itself refuses, planted where a value goes.
RAW_TEXTS = ["[" * 20_000 + "]" * 20_000, "1" * 5000, '"\\ud800', "[1,]", "\ufeff{}"]


def _nest(depth):
    value = []
    for _ in range(depth):
        value = [value]
    return value


def _paths(value, path=()):
    """Every place a value sits in ``value`` (the root included)."""
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


def _plant(document, path, value):
    if not path:
        return value
    target = document
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return document


@st.composite
def hostile_files(draw):
    document = [sample_article(provenance=copy.deepcopy(DECLARATION))]
    paths = list(_paths(document))
    path = draw(st.sampled_from(paths))
    if draw(st.integers(min_value=0, max_value=9)) == 0:
        marker = "\x00MARKER\x00"
        text = json.dumps(_plant(document, path, marker), ensure_ascii=False)
        return text.replace(json.dumps(marker), draw(st.sampled_from(RAW_TEXTS)))
    as_key = draw(st.booleans()) and path and isinstance(path[-1], str)
    if as_key:  # a hostile key next to the value instead
        parent = document
        for step in path[:-1]:
            parent = parent[step]
        parent[draw(hostile_text)] = parent[path[-1]]
        return json.dumps(document, ensure_ascii=draw(st.booleans()))
    return json.dumps(_plant(document, path, draw(hostile_value)), ensure_ascii=True)


def _nothing_saved():
    return not any(model.objects.exists() for model in (Article, ArticleVersion, Section, Tag, Entity))


def test_the_untouched_base_file_is_valid(tmp_path):
    # Otherwise every hostile file would fail for a reason unrelated to the planted value.
    assert parse_articles([sample_article(provenance=DECLARATION)], source="base")


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=hostile_files())
def test_a_hostile_file_gets_clear_errors_a_failing_exit_and_saves_nothing(tmp_path, text):
    path = tmp_path / "hostile.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    stderr = io.StringIO()
    with pytest.raises(CommandError, match="not imported"):
        call_command("import_articles", str(path), stdout=io.StringIO(), stderr=stderr)
    lines = stderr.getvalue().splitlines()
    assert lines and lines[-1].startswith(f"{path}: nothing saved")
    assert all(line.startswith(str(path)) for line in lines), lines
    assert "Traceback" not in stderr.getvalue()
    assert not FORBIDDEN.search(stderr.getvalue())  # the messages themselves are printable
    assert _nothing_saved()


@pytest.mark.parametrize(
    ("planted", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ("9" * 5000, "a number is too long"),
    ],
)
def test_json_python_cannot_read_is_one_clear_error(tmp_path, planted, message):
    path = tmp_path / "a.json"
    path.write_text(json.dumps([sample_article()]).replace('"views": 48', f'"views": {planted}'), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_articles", str(path), stdout=io.StringIO(), stderr=(stderr := io.StringIO()))
    assert message in stderr.getvalue() and _nothing_saved()


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"views": 2**64}, "views: too large to store (at most 9223372036854775807), got 18446744073709551616"),
        ({"views": 10**400}, "views: too large to store (at most 9223372036854775807), got a 401-digit number"),
        ({"published_at": "0001-01-01T00:00:00+05:00"}, "published_at: expected an ISO 8601 time"),
        ({"slug": "bad\ud800slug"}, "bad\\ud800slug: slug:"),
    ],
)
def test_values_the_database_cannot_hold_are_refused_by_name(overrides, expected):
    with pytest.raises(ImportFailed) as failure:
        parse_articles([sample_article(**overrides)], source="f.json")
    assert any(expected in line for line in failure.value.errors), failure.value.errors


@pytest.mark.parametrize("character", ["\x00", "\x0b", "\x1b", "\x7f", "\ud800", "\ufffe"])
def test_a_control_character_in_any_text_is_refused_naming_the_field(character):
    article = sample_article()
    article["content"]["zh-hans"]["faq"][0]["a"] = f"回答{character}"
    article["section"]["name"]["en"] = f"AI{character}News"
    with pytest.raises(ImportFailed) as failure:
        parse_articles([article], source="f.json")
    errors = "\n".join(failure.value.errors)
    code = f"U+{ord(character):04X}"
    assert f"content.zh-hans.faq[0].a: contains the invisible control character {code}" in errors
    assert f"section.name.en: contains the invisible control character {code}" in errors


def test_tabs_and_line_breaks_are_text():
    article = sample_article()
    article["content"]["en"]["analysis"] = "Line one\r\n\tindented\nline three"
    assert parse_articles([article], source="f.json")
