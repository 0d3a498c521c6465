import datetime
import json
import os

import pytest

from articles import workflow
from articles.exchange.exporting import ExportError, dumps, export_entries
from articles.exchange.importing import import_file
from articles.models import Article
from articles.tests.factories import (
    EntityAliasFactory,
    EntityFactory,
    FaqItemFactory,
    KeyDataRowFactory,
    TagFactory,
    TldrItemFactory,
    full_version,
    published_article,
    with_image,
)
from articles.tests.importing_helpers import DATA, wipe_content

pytestmark = pytest.mark.django_db


def newsroom():
    """A varied database: bilingual, revised, English-only, Chinese-shorter lists, drafts."""
    acme = EntityFactory(slug="acme", name_en="Acme", name_zh_hans="艾克米")
    EntityAliasFactory(entity=acme, language="zh-hans", alias="艾克米公司")
    EntityAliasFactory(entity=acme, language="en", alias="Acme Corp")
    tags = [TagFactory(slug="llm"), TagFactory(slug="chips", name_zh_hans="")]
    revised = published_article(
        tags=tags, entities=[acme], published_at=datetime.datetime(2026, 11, 20, 8, tzinfo=datetime.UTC)
    )
    draft = workflow.article_start_draft(article=revised)
    TldrItemFactory(version=draft, position=5, text_en="A late English point.", text_zh_hans="")
    workflow.version_submit(version=draft)
    workflow.version_publish(
        version=draft, updated_at=datetime.datetime(2026, 11, 21, 9, 30, 15, 123456, tzinfo=datetime.UTC)
    )
    english_only = full_version(n_rows=1, title_zh_hans="", summary_zh_hans="", analysis_zh_hans="")
    english_only.tldr_items.update(text_zh_hans="")
    english_only.key_data_rows.update(info_zh_hans="", metric_zh_hans="")
    english_only.insights.update(text_zh_hans="")
    english_only.faq_items.update(question_zh_hans="", answer_zh_hans="")
    workflow.version_submit(version=english_only)
    workflow.version_publish(version=english_only)
    chinese_first = full_version(n_rows=2, entities=[acme])
    # Key data: a row whose Chinese side names another entity, and an English-only row with an entity.
    globex = EntityFactory(slug="globex", name_en="Globex", name_zh_hans="环球")
    KeyDataRowFactory(version=chinese_first, position=3, entity=acme, entity_override_zh_hans=globex)
    KeyDataRowFactory(version=chinese_first, position=4, entity=globex, info_zh_hans="", metric_zh_hans="")
    FaqItemFactory(
        version=chinese_first,
        position=2,
        question_en="",
        answer_en="",
        question_zh_hans="还有吗？",
        answer_zh_hans="没有。",
    )
    return revised, english_only, chinese_first


def test_exporting_twice_gives_byte_identical_files():
    newsroom()
    assert dumps(export_entries(state="all")) == dumps(export_entries(state="all"))


def test_export_writes_the_documented_key_order_and_sorted_lists():
    revised, _english_only, _draft = newsroom()
    entry = export_entries(state="live", slugs=[revised.slug])[0]
    assert list(entry) == [
        "slug",
        "section",
        "published_at",
        "updated_at",
        "scores",
        "views",
        "ai_generated",
        "tags",
        "entities",
        "content",
    ]
    assert [tag["slug"] for tag in entry["tags"]] == ["chips", "llm"]
    assert list(entry["tags"][0]["name"]) == ["en"]  # a blank name is left out
    assert entry["entities"][0]["aliases"] == {"en": ["Acme Corp"], "zh-hans": ["艾克米公司"]}
    assert entry["published_at"] == "2026-11-20T08:00:00Z"
    assert entry["updated_at"] == "2026-11-21T09:30:15.123456Z"
    assert list(entry["content"]["en"]) == ["title", "summary", "tldr", "key_data", "analysis", "insights", "faq"]


def test_each_language_gets_its_non_blank_rows_in_order():
    revised, english_only, chinese_first = newsroom()
    live = export_entries(state="live", slugs=[revised.slug])[0]["content"]
    assert live["en"]["tldr"][-1] == "A late English point."
    assert len(live["zh-hans"]["tldr"]) == len(live["en"]["tldr"]) - 1
    draft = export_entries(state="draft", slugs=[chinese_first.article.slug])[0]["content"]
    assert [row["q"] for row in draft["zh-hans"]["faq"]] == ["何时开业？", "何时开业？", "还有吗？"]
    assert len(draft["en"]["faq"]) == 2
    assert [row["entity"] for row in draft["en"]["key_data"]] == ["acme", "acme", "acme", "globex"]
    assert [row["entity"] for row in draft["zh-hans"]["key_data"]] == ["acme", "acme", "globex"]


def test_a_single_language_article_exports_only_that_language():
    _revised, english_only, _draft = newsroom()
    entry = export_entries(state="live", slugs=[english_only.article.slug])[0]
    assert list(entry["content"]) == ["en"]


def test_times_are_written_only_for_published_articles():
    revised, _english_only, chinese_first = newsroom()
    assert "published_at" not in export_entries(state="draft", slugs=[chinese_first.article.slug])[0]
    entries = {entry["slug"]: entry for entry in export_entries(state="all")}
    assert "published_at" in entries[revised.slug] and "published_at" not in entries[chinese_first.article.slug]


def test_states_choose_which_articles_and_versions_are_exported():
    revised, english_only, chinese_first = newsroom()
    assert [e["slug"] for e in export_entries(state="live")] == sorted([revised.slug, english_only.article.slug])
    assert [e["slug"] for e in export_entries(state="draft")] == [chinese_first.article.slug]
    assert len(export_entries(state="all")) == 3


def test_asking_for_a_missing_article_or_version_is_an_error():
    _revised, _english_only, chinese_first = newsroom()
    with pytest.raises(ExportError, match="No article with the slug ghost"):
        export_entries(slugs=["ghost"])
    with pytest.raises(ExportError, match="has no live version"):
        export_entries(state="live", slugs=[chinese_first.article.slug])


def test_export_needs_the_same_number_of_queries_for_more_articles(django_assert_max_num_queries):
    newsroom()
    with django_assert_max_num_queries(16):
        export_entries(state="all")
    for _ in range(4):
        published_article(entities=[EntityFactory()], tags=[TagFactory()])
    with django_assert_max_num_queries(16):
        assert len(export_entries(state="all")) == 7


def round_trip(tmp_path, state, publish):
    first = dumps(export_entries(state=state))
    wipe_content()
    path = tmp_path / "export.json"
    path.write_text(first, encoding="utf-8")
    import_file(path, publish=publish)
    return first, dumps(export_entries(state=state))


def test_published_articles_survive_export_import_export_unchanged(tmp_path):
    newsroom()
    views = Article.objects.filter(live_version__isnull=False).first()
    Article.objects.filter(pk=views.pk).update(views=1234)
    first, second = round_trip(tmp_path, "live", publish=True)
    assert len(json.loads(first)) == 2
    assert second == first


def test_drafts_survive_export_import_export_unchanged(tmp_path):
    newsroom()
    first, second = round_trip(tmp_path, "draft", publish=False)
    assert len(json.loads(first)) == 1
    assert second == first


def test_an_imported_file_exports_back_in_the_same_form(tmp_path):
    import_file(DATA / "chipmaker.json", publish=True)
    first, second = round_trip(tmp_path, "live", publish=True)
    assert second == first
    entry = json.loads(first)[0]
    assert entry["content"]["zh-hans"]["tldr"] == ["晶圆厂已开业。"]
    assert entry["content"]["en"]["tldr"] == ["The fab is open.", "It doubles capacity.", "Prices may fall."]


def test_images_are_not_exported_and_reimporting_an_article_keeps_its_image(tmp_path):
    article = published_article()
    image_name = with_image(article.live_version).image.name
    text = dumps(export_entries(state="live", slugs=[article.slug]))
    assert "image" not in text and "wafer" not in text.lower()
    entries = json.loads(text)
    entries[0]["content"]["en"]["title"] = "Acme opens a second fab"
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    import_file(path)
    article.refresh_from_db()
    updated = article.draft or article.live_version
    assert updated.title_en == "Acme opens a second fab"
    assert updated.image.name == image_name and updated.image_alt_zh_hans


def test_a_backup_made_with_export_articles_restores_into_an_empty_database(tmp_path):
    """The documented backup (docs/operations.md): live and draft exports, restored with import_articles."""
    from django.core.management import call_command

    newsroom()
    live, drafts = tmp_path / "live.json", tmp_path / "drafts.json"
    call_command("export_articles", "--state", "live", "--output", str(live), stderr=open(os.devnull, "w"))
    call_command("export_articles", "--state", "draft", "--output", str(drafts), stderr=open(os.devnull, "w"))
    before = {
        "live": dumps(export_entries(state="live")),
        "draft": dumps(export_entries(state="draft")),
        "slugs": sorted(Article.objects.values_list("slug", flat=True)),
    }
    wipe_content()
    assert not Article.objects.exists()
    call_command("import_articles", str(live), "--publish", stdout=open(os.devnull, "w"))
    call_command("import_articles", str(drafts), stdout=open(os.devnull, "w"))
    after = {
        "live": dumps(export_entries(state="live")),
        "draft": dumps(export_entries(state="draft")),
        "slugs": sorted(Article.objects.values_list("slug", flat=True)),
    }
    assert after == before
