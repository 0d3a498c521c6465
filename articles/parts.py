"""
The parts of an article, in one table: its translated texts and its ordered row lists.

Each part has one name, used as the key in the exchange format (docs/article-import.md), in
consistency findings (``part``) and in diffs; ``PARTS`` is in the order a reader sees them on the
page, which is also the order of the exchange format's ``content`` object, of diffs and of checks.
Everything that walks "every part of an article" reads this table: the exchange format, copying
a version, diffs, the review checks, the admin inlines and completeness column, the search
documents and the eager loading ``ArticleVersion.objects.with_rows()``.

Adding a list part: one ``ListPart`` here, its row model (``articles/models/versions.py``, a
``VersionRow`` with a ``related_name``) registered for translation (``articles/translation.py``),
a migration and its block in the article template; see docs/architecture.md.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class TextPart:
    """A translated text column of ``ArticleVersion``."""

    name: str  # the exchange key and the model field
    label: str  # the part as a whole ("summary")
    item_label: str  # where a finding points ("analysis paragraph")
    required: bool = True  # the review checks want it in every language
    html_field: str = ""  # the rendered HTML column, when the text is Markdown (searched as plain text)
    is_list = False


@dataclass(frozen=True)
class ListPart:
    """An ordered list of ``VersionRow`` rows on ``ArticleVersion``."""

    name: str  # the exchange key
    related_name: str  # ``ArticleVersion.<related_name>``
    fields: tuple  # the row's translated fields, in order
    label: str  # the list as a whole ("TL;DR")
    item_label: str  # one row ("TL;DR item")
    # Exchange format: a list of strings (``text_field``) or of objects {exchange key: field}.
    exchange_keys: dict = field(default_factory=dict)
    text_field: str = ""
    # The fields whose text makes a row count as present in a language (completeness, review).
    text_fields: tuple = ()
    # The row's foreign key to Entity, shared by the languages (``KeyDataRow.entity_in(language)``
    # reads it, with the per-language overrides), loaded with the rows.
    entity_field: str = ""
    is_list = True

    @property
    def model(self):
        from articles.models import ArticleVersion

        return ArticleVersion._meta.get_field(self.related_name).related_model

    @property
    def entity_columns(self):
        """The row's entity and its per-language overrides (``()`` for a part without an entity)."""
        return self.model.ENTITY_COLUMNS if self.entity_field else ()


PARTS = (
    TextPart("title", _("title"), _("title")),
    TextPart("summary", _("summary"), _("summary")),
    ListPart(
        "tldr",
        "tldr_items",
        ("text",),
        _("TL;DR"),
        _("TL;DR item"),
        text_field="text",
        text_fields=("text",),
    ),
    ListPart(
        "key_data",
        "key_data_rows",
        ("entity", "info", "metric"),
        _("key data"),
        _("key-data row"),
        exchange_keys={"info": "info", "metric": "metric"},
        text_fields=("info", "metric"),
        entity_field="entity",
    ),
    TextPart("analysis", _("analysis"), _("analysis paragraph"), html_field="analysis_html"),
    ListPart(
        "insights",
        "insights",
        ("text",),
        _("industry insights"),
        _("insight"),
        text_field="text",
        text_fields=("text",),
    ),
    ListPart(
        "faq",
        "faq_items",
        ("question", "answer"),
        _("FAQ"),
        _("FAQ entry"),
        exchange_keys={"q": "question", "a": "answer"},
        text_fields=("question", "answer"),
    ),
)

PARTS_BY_NAME = {part.name: part for part in PARTS}
TEXT_PARTS = tuple(part for part in PARTS if not part.is_list)
LIST_PARTS = tuple(part for part in PARTS if part.is_list)
PART_NAMES = tuple(part.name for part in PARTS)
# Labels of the fields inside a row, by exchange key and by field name, for findings and forms.
FIELD_LABELS = {
    "q": _("question"),
    "a": _("answer"),
    "info": _("key info"),
    "metric": _("data / metric"),
    "entity": _("entity"),
}


def row_lookups(prefix="", entities=True):
    """
    ``prefetch_related`` lookups for every list part (and, with ``entities``, the entity each
    key-data row names and its per-language overrides): one query per list and per entity column.
    """
    lookups = []
    for part in LIST_PARTS:
        if entities and part.entity_field:
            lookups.extend(f"{prefix}{part.related_name}__{name}" for name in part.entity_columns)
        else:
            lookups.append(f"{prefix}{part.related_name}")
    return lookups


def part_texts(version, part, language):
    """
    The texts of ``part`` of ``version`` in ``language`` as plain text, one per item (the text
    part itself, or one row with its fields joined), blanks dropped. Rows come from the
    prefetched lists (``row_lookups``), so nothing here queries once they are loaded.
    """
    from django.utils.html import strip_tags

    from articles.languages import translated

    def clean(obj, name):
        return (translated(obj, name, language) or "").strip()

    if not part.is_list:
        html = clean(version, part.html_field) if part.html_field else ""
        text = strip_tags(html).strip() if html else clean(version, part.name)
        return [text] if text else []
    texts = []
    for row in getattr(version, part.related_name).all():
        text = "\n".join(value for name in part.text_fields if (value := clean(row, name)))
        if text:
            texts.append(text)
    return texts
