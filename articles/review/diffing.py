"""
A structured diff of two versions of an article, for reviewers and the history screen.

``version_diff(old, new)`` compares everything an editor edits: section, scores and flags, the
lead image (by file), tags and entities (as sets), and per language the title, summary, analysis,
image description and credit, and the child rows (TL;DR, key data, insights, FAQ) matched by position, so added and removed rows show as such. Text is
compared word by word in English and character by character in Chinese; ``TextChange.html``
escapes both sides first and then marks removed text with ``<del>`` and added text with ``<ins>``.
``old`` may be ``None`` (nothing live yet): everything then shows as added.
"""

import difflib
import re
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from articles.languages import LANGUAGE_CODES, LANGUAGES, NATIVE_NAMES, column, translated
from articles.models import ArticleVersion
from articles.parts import LIST_PARTS

# Words, runs of spaces and single punctuation marks: joined back they give the text unchanged.
WORD_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")

# Child rows: (part, related name, model, fields compared per language).
ROW_PARTS = tuple((part.name, part.related_name, part.model, part.fields) for part in LIST_PARTS)
TEXT_FIELDS = ("title", "summary", "analysis", "image_alt", "image_credit")
SCORE_FIELDS = ("hot_score", "quality_score", "impact_score")


def versions_for_diff():
    """Versions with everything a diff reads, in a fixed number of queries whatever their size."""
    return (
        ArticleVersion.objects.select_related("article", "section", "created_by", "approved_by")
        .with_rows()
        .prefetch_related("tags", "entities")
    )


def tokens(text, language):
    """Chinese is compared character by character, other languages word by word."""
    if LANGUAGES[language].by_character:
        return list(text)
    return WORD_TOKENS.findall(text)


def mark_changes(old, new, language="en"):
    """HTML of ``new`` with the text removed since ``old`` in ``<del>`` and the text added in ``<ins>``."""
    old, new = old or "", new or ""
    a, b = tokens(old, language), tokens(new, language)
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        removed, added = escape("".join(a[i1:i2])), escape("".join(b[j1:j2]))
        if tag == "equal":
            out.append(added)
            continue
        if removed:
            out.append(f"<del>{removed}</del>")
        if added:
            out.append(f"<ins>{added}</ins>")
    return mark_safe("".join(out))


@dataclass
class TextChange:
    """One field in one language (``language`` is "" for fields that have no language)."""

    part: str
    label: str
    language: str
    old: str
    new: str

    @property
    def changed(self):
        return self.old != self.new

    @cached_property
    def html(self):
        if self.language:
            return mark_changes(self.old, self.new, self.language)
        if not self.changed:
            return escape(self.new)
        # Whole values (scores, section, flag) read "96 → 88": struck old, arrow, added new — never "9688".
        removed = f"<del>{escape(self.old)}</del>" if self.old else ""
        added = f"<ins>{escape(self.new)}</ins>" if self.new else ""
        arrow = ' <span class="diff-arrow">→</span> ' if removed and added else ""
        return mark_safe(f"{removed}{arrow}{added}")


@dataclass
class ImageChange:
    """The lead image: compared by file (a new draft shares its source's file until replaced)."""

    part: str
    label: str
    old: object
    new: object

    @property
    def changed(self):
        return _file_name(self.old) != _file_name(self.new)

    @cached_property
    def html(self):
        if not self.changed:
            return _image_html(self.new)
        return mark_safe(
            "".join(
                [
                    f"<del>{_image_html(self.old)}</del>" if self.old else "",
                    f" <ins>{_image_html(self.new)}</ins>" if self.new else "",
                ]
            )
        )


def _file_name(file):
    return file.name if file else ""


def _image_html(file):
    if not file:
        return ""
    return format_html(
        '<img class="diff-image" src="{}" alt="" width="120"> {}', file.url, file.name.rsplit("/", 1)[-1]
    )


@dataclass
class RowChange:
    """A child row at one position, in one language: added, removed, changed or unchanged."""

    part: str
    position: int
    status: str
    fields: list

    @property
    def changed(self):
        return self.status != "unchanged"


@dataclass
class PartChange:
    part: str
    label: str
    rows: list

    @property
    def changed_rows(self):
        return [row for row in self.rows if row.changed]

    @property
    def changed(self):
        return bool(self.changed_rows)


@dataclass
class SetChange:
    """Tags or entities: the names added and removed."""

    part: str
    label: str
    added: list
    removed: list
    kept: list

    @property
    def changed(self):
        return bool(self.added or self.removed)


@dataclass
class LanguageDiff:
    language: str
    name: str
    fields: list
    parts: list

    @property
    def changed_fields(self):
        return [f for f in self.fields if f.changed]

    @property
    def changed_parts(self):
        return [p for p in self.parts if p.changed]

    @property
    def changed(self):
        return bool(self.changed_fields or self.changed_parts)


@dataclass
class VersionDiff:
    old: ArticleVersion | None
    new: ArticleVersion
    common: list = field(default_factory=list)
    sets: list = field(default_factory=list)
    languages: list = field(default_factory=list)

    @property
    def changed_common(self):
        return [c for c in self.common if c.changed]

    @property
    def changed_sets(self):
        return [s for s in self.sets if s.changed]

    @property
    def has_changes(self):
        return bool(self.changed_common or self.changed_sets or any(lang.changed for lang in self.languages))

    def language(self, code):
        return next(lang for lang in self.languages if lang.language == code)


def version_diff(old, new):
    """Compare ``old`` (or ``None``) with ``new``; load both with ``versions_for_diff()``."""
    diff = VersionDiff(old=old, new=new)
    diff.common.append(
        TextChange("section", _label("section"), "", _name(old.section) if old else "", _name(new.section))
    )
    for name in SCORE_FIELDS:
        diff.common.append(
            TextChange(name, _label(name), "", str(getattr(old, name)) if old else "", str(getattr(new, name)))
        )
    diff.common.append(ImageChange("image", _label("image"), old.image if old else None, new.image))
    # The focal point decides every crop readers and social networks get.
    diff.common.append(TextChange("image_focus", _("focal point"), "", _focus(old) if old else "", _focus(new)))
    diff.common.append(
        TextChange(
            "ai_generated",
            _label("ai_generated"),
            "",
            _yes_no(old.ai_generated) if old else "",
            _yes_no(new.ai_generated),
        )
    )
    for part in ("tags", "entities"):
        before = [_name(item) for item in getattr(old, part).all()] if old else []
        after = [_name(item) for item in getattr(new, part).all()]
        diff.sets.append(
            SetChange(
                part,
                _label(part),
                added=[n for n in after if n not in before],
                removed=[n for n in before if n not in after],
                kept=[n for n in after if n in before],
            )
        )
    for language in LANGUAGE_CODES:
        fields = [
            TextChange(name, _label(name), language, _text(old, name, language), _text(new, name, language))
            for name in TEXT_FIELDS
        ]
        parts = [
            PartChange(
                part,
                capfirst(model._meta.verbose_name_plural),
                _row_changes(old, new, part, related, model, names, language),
            )
            for part, related, model, names in ROW_PARTS
        ]
        diff.languages.append(LanguageDiff(language, NATIVE_NAMES.get(language, language), fields, parts))
    return diff


def _row_changes(old, new, part, related, model, names, language):
    before = list(getattr(old, related).all()) if old else []
    after = list(getattr(new, related).all())
    changes = []
    for index in range(max(len(before), len(after))):
        a = before[index] if index < len(before) else None
        b = after[index] if index < len(after) else None
        fields = [
            TextChange(
                f"{part}.{name}",
                capfirst(model._meta.get_field(name).verbose_name),
                language,
                _row_value(a, name, language),
                _row_value(b, name, language),
            )
            for name in names
        ]
        blank_before = not any(f.old for f in fields)
        blank_after = not any(f.new for f in fields)
        if blank_before and blank_after:
            continue  # a row with no text in this language in either version shows nothing here
        if b is None or blank_after:
            status = "removed"
        elif a is None or blank_before:
            status = "added"
        elif any(f.changed for f in fields):
            status = "changed"
        else:
            status = "unchanged"
        changes.append(RowChange(part, index + 1, status, fields))
    return changes


def _row_value(row, name, language):
    if row is None:
        return ""
    if name == "entity":
        value = row.entity_in(language)
        return _name(value, language) if value is not None else ""
    return translated(row, name, language) or ""


def _text(version, name, language):
    return (translated(version, name, language) or "") if version is not None else ""


def _name(item, language=None):
    """A section, tag or entity by its name in ``language`` (the active one by default), else its slug."""
    name = getattr(item, column("name", language), None) if language else item.name
    return name or item.slug


def _label(name):
    return capfirst(ArticleVersion._meta.get_field(name).verbose_name)


def _yes_no(value):
    return _("yes") if value else _("no")


def _focus(version):
    """A version's focal point as the diff shows it ("25% / 80%", across / down), blank without an image."""
    if not version.image:
        return ""
    if version.image_focus_x is None or version.image_focus_y is None:
        return _("centre")
    return f"{round(version.image_focus_x * 100)}% / {round(version.image_focus_y * 100)}%"
