"""Foundation point 4: an edit to a live article never changes the live version's rows."""

import pytest
from django.db import connection

from articles import workflow
from articles.models import ArticleVersion, FaqItem, Insight, KeyDataRow, TldrItem
from articles.tests.factories import EntityFactory, SectionFactory, TagFactory, published_article, with_image

pytestmark = pytest.mark.django_db


def live_snapshot(version_id):
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM articles_articleversion WHERE id = %s", [version_id])
        version_row = cursor.fetchall()
    tables = [
        "articles_tldritem",
        "articles_keydatarow",
        "articles_insight",
        "articles_faqitem",
        "articles_articleversion_tags",
        "articles_articleversion_entities",
    ]
    rows = {}
    for table in tables:
        column = "articleversion_id" if table.endswith(("_tags", "_entities")) else "version_id"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {table} WHERE {column} = %s ORDER BY id", [version_id])
            rows[table] = cursor.fetchall()
    return version_row, rows


def test_editing_every_kind_of_field_of_a_live_article_leaves_the_live_rows_unchanged(editor):
    acme, other = EntityFactory(), EntityFactory()
    article = published_article(tags=[TagFactory()], entities=[acme])
    live_id = article.live_version_id
    before = live_snapshot(live_id)

    draft = workflow.article_start_draft(article=article, by=editor)
    draft.title_en, draft.title_zh_hans = "Changed", "已更改"
    draft.summary_zh_hans = "新的摘要"
    draft.analysis_en = "Rewritten."
    draft.hot_score, draft.quality_score, draft.impact_score = 1, 2, 3
    draft.ai_generated = True
    draft.section = SectionFactory()
    draft.save()
    draft.tags.set([TagFactory()])
    draft.entities.set([other])
    TldrItem.objects.filter(version=draft).update(text_en="changed")
    TldrItem.objects.create(version=draft, position=9, text_en="added")
    KeyDataRow.objects.filter(version=draft).update(entity=other, entity_override_zh_hans=acme, metric_zh_hans="2吉瓦")
    Insight.objects.filter(version=draft).delete()
    FaqItem.objects.filter(version=draft).update(answer_zh_hans="后年。")
    workflow.version_saved(version=draft, by=editor)

    assert live_snapshot(live_id) == before
    article.refresh_from_db()
    assert article.live_version_id == live_id


def test_a_copy_has_the_same_content_in_both_languages():
    acme, chinese = EntityFactory(), EntityFactory()
    article = published_article(n_rows=3, tags=[TagFactory(), TagFactory()], entities=[acme])
    live = article.live_version
    KeyDataRow.objects.filter(version=live, position=1).update(entity_override_zh_hans=chinese)
    copy = workflow.article_start_draft(article=article)
    row = KeyDataRow.objects.get(version=copy, position=1)
    assert (row.entity_in("en"), row.entity_in("zh-hans")) == (acme, chinese)  # the row's one entity and its override
    assert copy.title_zh_hans == live.title_zh_hans and copy.analysis_en == live.analysis_en
    assert set(copy.tags.all()) == set(live.tags.all())
    assert set(copy.entities.all()) == {acme}
    for model in (TldrItem, KeyDataRow, Insight, FaqItem):
        columns = [f.attname for f in model._meta.concrete_fields if f.name not in {"id", "version"}]
        assert list(model.objects.filter(version=copy).values_list(*columns)) == list(
            model.objects.filter(version=live).values_list(*columns)
        )
    assert copy.based_on_id == live.pk and not copy.analysis_html_en


def test_a_new_draft_keeps_the_image_by_reference_and_replacing_it_leaves_the_live_image_unchanged():
    article = published_article()
    live = with_image(article.live_version)
    live_row = live_snapshot(live.pk)
    folder = live.image.name.rsplit("/", 1)[0]
    files_before = sorted(live.image.storage.listdir(folder)[1])

    draft = workflow.article_start_draft(article=article)
    assert draft.image.name == live.image.name  # the same file, not a copy of it
    assert (draft.image_width, draft.image_height) == (live.image_width, live.image_height) == (1200, 675)
    assert (draft.image_alt_zh_hans, draft.image_credit_en) == (live.image_alt_zh_hans, live.image_credit_en)
    assert sorted(live.image.storage.listdir(folder)[1]) == files_before

    with_image(draft, name="replacement.png", image_format="PNG", width=900, height=600, alt_en="Replaced")
    assert draft.image.name != live.image.name
    assert live_snapshot(live.pk) == live_row
    live.refresh_from_db()
    assert live.image.storage.exists(live.image.name) and live.image_alt_en != "Replaced"
    assert ArticleVersion.objects.filter(pk=live.pk).values_list("image_width", "image_height").get() == (1200, 675)
