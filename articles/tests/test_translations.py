"""The Chinese interface is complete: every translatable message in the project has a translation."""

import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = Path(settings.BASE_DIR)
SOURCES = ("articles", "newsroom", "templates", "static")
ENTRY = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$')


def parse_po(path):
    """(flags, {keyword: text}) for every entry of a .po file, header excluded."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        flags, fields, key = "", {}, None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags += line
            elif match := ENTRY.match(line):
                key = match.group(1)
                fields[key] = match.group(2)
            elif line.startswith('"') and key:
                fields[key] += line[1:-1]
        if fields.get("msgid"):
            entries.append((flags, fields))
    return entries


def untranslated(path):
    problems = []
    for flags, fields in parse_po(path):
        translations = [value for key, value in fields.items() if key.startswith("msgstr")]
        if "fuzzy" in flags or not translations or not all(translations):
            problems.append(fields["msgid"])
    return problems


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_message_has_a_chinese_translation(tmp_path, monkeypatch, settings, domain):
    """Extract the messages afresh from a copy of the sources, merged with the committed .po."""
    if not shutil.which("xgettext"):
        pytest.fail("GNU gettext (xgettext) is required to check the translations.")
    for name in SOURCES:
        if (ROOT / name).exists():
            shutil.copytree(
                ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "tests", "vendor")
            )
    committed = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / f"{domain}.po"
    target = tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES"
    target.mkdir(parents=True)
    if committed.exists():
        shutil.copy(committed, target / committed.name)
    monkeypatch.chdir(tmp_path)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    call_command("makemessages", locale=["zh_Hans"], domain=domain, no_obsolete=True, verbosity=0)
    extracted = target / f"{domain}.po"
    if domain == "djangojs" and not extracted.exists():
        return  # no JavaScript messages: site.js gets its strings from the page
    missing = untranslated(extracted)
    assert missing == [], (
        f"{len(missing)} messages lack a Chinese translation in locale/zh_Hans/LC_MESSAGES/{domain}.po"
    )


def test_the_checker_reports_fuzzy_and_empty_entries(tmp_path):
    po = tmp_path / "x.po"
    po.write_text(
        'msgid ""\nmsgstr "Header"\n\nmsgid "Done"\nmsgstr "完成"\n\n#, fuzzy\nmsgid "Guess"\nmsgstr "猜"\n\n'
        'msgid "Empty"\nmsgstr ""\n\nmsgid "%(n)s view"\nmsgid_plural "%(n)s views"\nmsgstr[0] ""\n',
        encoding="utf-8",
    )
    assert untranslated(po) == ["Guess", "Empty", "%(n)s view"]
