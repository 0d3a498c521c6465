"""
The API's typed schemas (Pydantic, through django-ninja). The OpenAPI document is generated from
these same classes, so what is documented is what is checked.

``ExchangeArticle`` describes the exchange format (docs/article-import.md) for the OpenAPI
document only: the drafts endpoint validates its body with the importer's own checks
(``articles.importing.check_article``) so that its messages are those of ``import_articles``.
"""

from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import ConfigDict, Field

Language = Literal["en", "zh-hans"]
Sort = Literal["latest", "trending", "quality", "impact"]


# The exchange format (request body of POST /drafts/) ------------------------------------------


class Strict(Schema):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Names(Strict):
    en: str | None = Field(None, max_length=120)
    zh_hans: str | None = Field(None, alias="zh-hans", max_length=120)


class Aliases(Strict):
    en: list[str] | None = None
    zh_hans: list[str] | None = Field(None, alias="zh-hans")


class SectionIn(Strict):
    slug: str = Field(pattern=r"^[-a-zA-Z0-9_]+$", min_length=1, max_length=80)
    name: Names | None = None


class TagIn(Strict):
    slug: str = Field(pattern=r"^[-a-zA-Z0-9_]+$", min_length=1, max_length=80)
    name: Names | None = None


class EntityIn(Strict):
    slug: str = Field(pattern=r"^[-a-zA-Z0-9_]+$", min_length=1, max_length=80)
    kind: Literal["company", "person", "product", "model", "organization", "other"] | None = None
    name: Names | None = None
    aliases: Aliases | None = None


class Scores(Strict):
    hot: int = Field(50, ge=0, le=100)
    quality: int = Field(50, ge=0, le=100)
    impact: int = Field(50, ge=0, le=100)


class KeyDataIn(Strict):
    entity: str | None = None
    info: str = Field("", max_length=300)
    metric: str = Field("", max_length=200)


class FaqIn(Strict):
    q: str = Field("", max_length=300)
    a: str = Field("", max_length=3000)


class ContentIn(Strict):
    title: str = Field("", max_length=200)
    summary: str = Field("", max_length=600)
    tldr: list[str] = []
    key_data: list[KeyDataIn] = []
    analysis: str = Field("", max_length=60000)
    insights: list[str] = []
    faq: list[FaqIn] = []


class ContentByLanguage(Strict):
    en: ContentIn | None = None
    zh_hans: ContentIn | None = Field(None, alias="zh-hans")


class Generator(Strict):
    name: str = Field(min_length=1, max_length=100, description="The model or program that wrote the draft.")
    version: str | None = Field(None, max_length=100)


class Declaration(Strict):
    """The pipeline's own statement of how the draft was made."""

    generator: Generator
    sources: list[str] = Field([], max_length=50, description="http(s) URLs the draft is based on.")
    generated_at: datetime | None = None


class ExchangeArticle(Strict):
    """One article in the exchange format (docs/article-import.md)."""

    slug: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", min_length=1, max_length=120)
    section: SectionIn
    published_at: datetime | None = None
    updated_at: datetime | None = None
    scores: Scores | None = None
    views: int | None = Field(None, ge=0)
    ai_generated: bool = False
    provenance: Declaration | None = None
    tags: list[TagIn] = []
    entities: list[EntityIn] = []
    content: ContentByLanguage


# Drafts responses -----------------------------------------------------------------------------


class Problem(Schema):
    path: str = Field(
        description='JSON path of the value at fault, like "content.zh-hans.faq[2].a"; "" for the whole body.'
    )
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[Problem] = []


class Finding(Schema):
    kind: str
    severity: str
    language: str
    part: str
    message: str


class LanguageCompleteness(Schema):
    language: str
    filled: list[str]
    missing: list[str]


class ConsistencyReport(Schema):
    errors: int
    warnings: int
    findings: list[Finding]
    completeness: list[LanguageCompleteness]


class DraftOut(Schema):
    slug: str
    outcome: Literal["created", "updated", "unchanged"]
    version: int
    state: str
    admin_url: str
    consistency: ConsistencyReport


class FieldEdit(Schema):
    field: str
    by: str
    at: str


class ConflictOut(Schema):
    detail: str
    fields: list[str] = Field(description="JSON paths where the newsroom's draft and the submitted article differ.")
    edits: list[FieldEdit] = Field(description="Fields people changed since the last ingestion, by whom and when.")
    admin_url: str


# Read API -------------------------------------------------------------------------------------


class Named(Schema):
    slug: str
    name: str


class NamedBoth(Schema):
    slug: str
    name: dict[str, str] = Field(description="The name per language code, where it is set.")


class SectionOut(NamedBoth):
    description: dict[str, str]


class TagOut(NamedBoth):
    pass


class Disclaimer(Schema):
    kind: Literal["newsroom", "ai_reviewed", "ai_edited"]
    text: str = Field(description="What the reader is told, in the response's language.")


class ProvenanceOut(Schema):
    disclaimer: Disclaimer
    generator: str
    sources: list[str]


class ScoresOut(Schema):
    hot: int
    quality: int
    impact: int


class ArticleItem(Schema):
    slug: str
    language: Language
    url: str
    title: str
    summary: str
    section: Named
    tags: list[Named]
    published_at: datetime
    updated_at: datetime | None
    scores: ScoresOut
    provenance: ProvenanceOut


class ArticlePage(Schema):
    items: list[ArticleItem]
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next page; null on the last page.")


class KeyDataOut(Schema):
    entity: Named | None
    info: str
    metric: str


class FaqOut(Schema):
    question: str
    answer: str


class ArticleText(Schema):
    url: str
    title: str
    summary: str
    analysis_html: str = Field(description="The analysis rendered from Markdown and sanitised.")
    tldr: list[str]
    key_data: list[KeyDataOut]
    insights: list[str]
    faq: list[FaqOut]
    section: Named
    tags: list[Named]
    entities: list[Named]
    provenance: ProvenanceOut


class ArticleDetail(Schema):
    slug: str
    published_at: datetime
    updated_at: datetime | None
    views: int
    scores: ScoresOut
    languages: dict[str, ArticleText] = Field(description="Keyed by language code: the languages asked for that exist.")


class EntityOut(Schema):
    slug: str
    kind: str
    name: dict[str, str]
    aliases: dict[str, list[str]]
    description: dict[str, str]
