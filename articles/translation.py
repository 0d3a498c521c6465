"""modeltranslation registration: one column per language for every reader-facing text."""

from modeltranslation.translator import TranslationOptions, register

from articles.models import ArticleVersion, Entity, FaqItem, Insight, KeyDataRow, Section, Tag, TldrItem


@register(Section)
class SectionTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Tag)
class TagTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Entity)
class EntityTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(ArticleVersion)
class ArticleVersionTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "analysis", "analysis_html", "image_alt", "image_credit")


@register(TldrItem)
class TldrItemTranslationOptions(TranslationOptions):
    fields = ("text",)


@register(KeyDataRow)
class KeyDataRowTranslationOptions(TranslationOptions):
    fields = ("info", "metric")  # the entity is shared by the languages (``KeyDataRow.entity_in``)


@register(Insight)
class InsightTranslationOptions(TranslationOptions):
    fields = ("text",)


@register(FaqItem)
class FaqItemTranslationOptions(TranslationOptions):
    fields = ("question", "answer")
