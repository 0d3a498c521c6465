import pytest
from modeltranslation.translator import translator

from articles import parts
from articles.exchange.importing import CONTENT_KEYS
from articles.models import ArticleVersion
from articles.models.versions import VersionRow
from articles.review.queue import PART_LABELS
from articles.tests.factories import EntityFactory, full_version


def test_parts_are_listed_in_page_order_which_is_the_exchange_formats_order():
    assert parts.PART_NAMES == ("title", "summary", "tldr", "key_data", "analysis", "insights", "faq")
    assert CONTENT_KEYS == parts.PART_NAMES


def test_each_list_part_names_a_translated_row_model_of_a_version():
    for part in parts.LIST_PARTS:
        assert issubclass(part.model, VersionRow)
        translated = translator.get_options_for_model(part.model).fields
        # The texts are per language; a key-data row's entity is one for every language.
        assert set(part.fields) - {part.entity_field} <= set(translated), part.name
        assert part.entity_field not in translated
        assert set(part.text_fields) <= set(part.fields)
        assert bool(part.text_field) != bool(part.exchange_keys), part.name


def test_each_text_part_is_a_translated_column_of_a_version():
    translated = translator.get_options_for_model(ArticleVersion).fields
    assert all(part.name in translated for part in parts.TEXT_PARTS)


def test_every_part_label_is_translated_into_chinese():
    from django.utils import translation

    english = {part.name: (str(part.label), str(part.item_label)) for part in parts.PARTS}
    with translation.override("zh-hans"):
        for part in parts.PARTS:
            assert str(part.label) != english[part.name][0], part.name
            assert str(part.item_label) != english[part.name][1], part.name
    assert PART_LABELS["key_data"] is parts.PARTS_BY_NAME["key_data"].label


@pytest.mark.django_db
def test_with_rows_loads_every_list_and_key_data_entity_in_fixed_queries(django_assert_num_queries):
    small = full_version(n_rows=1, entities=[EntityFactory()])
    large = full_version(n_rows=6, entities=[EntityFactory()])
    for version in (small, large):
        version.key_data_rows.filter(position=0).update(entity_override_zh_hans=EntityFactory())
        # The version, four lists, the rows' entity and their Chinese overrides.
        with django_assert_num_queries(1 + len(parts.LIST_PARTS) + 2):
            loaded = ArticleVersion.objects.with_rows().get(pk=version.pk)
            for part in parts.LIST_PARTS:
                rows = list(getattr(loaded, part.related_name).all())
                if part.entity_field:
                    assert all(row.entity_in("en") and row.entity_in("zh-hans") for row in rows)
                    assert rows[0].entity_in("en") != rows[0].entity_in("zh-hans")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_part_of_a_version_is_in_its_search_document_as_plain_text(language):
    from articles.search.documents import article_documents, article_for_indexing
    from articles.tests.factories import published_article

    article = article_for_indexing(published_article().pk)
    version = article.live_version
    (document,) = [doc for doc in article_documents(article) if doc.language == language]
    for part in parts.PARTS:
        texts = parts.part_texts(version, part, language)
        assert texts, part.name
        for text in texts:
            assert "<" not in text, part.name  # the analysis is searched as text, not HTML
            where = {"title": document.title, "summary": document.summary}.get(part.name, document.body)
            assert text in where, part.name
