"""The migration that gives a key-data row one entity for every language, run both ways on real rows."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.models import ArticleVersion, KeyDataRow, PageSnapshot
from articles.reader.snapshots import attach_page_parts, store_snapshots
from articles.tests.factories import EntityFactory, KeyDataRowFactory, published_article

pytestmark = pytest.mark.django_db(transaction=True)
NAME = "_key_data_one_entity"  # the migration, whatever number it is given when branches merge


def nodes():
    """``(migration, the one before it)`` as graph keys."""
    graph = MigrationExecutor(connection).loader.graph
    [key] = [key for key in graph.nodes if key[0] == "articles" and key[1].endswith(NAME)]
    [parent] = [parent.key for parent in graph.node_map[key].parents if parent.key[0] == "articles"]
    return key, parent


def migrate(target):
    """Migrate ``articles`` to ``target`` (``None``: every migration) and return the models of that state."""
    executor = MigrationExecutor(connection)
    targets = [target] if target else executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def test_rows_keep_one_entity_and_a_chinese_override_only_where_the_languages_differ_both_ways():
    acme, globex = EntityFactory(slug="acme"), EntityFactory(slug="globex")
    article = published_article(n_rows=0)
    version = article.live_version
    make = KeyDataRowFactory
    rows = {
        "same": make(version=version, position=0, entity=acme),
        "differ": make(version=version, position=1, entity=acme, entity_override_zh_hans=globex),
        "english_only": make(version=version, position=2, entity=acme, info_zh_hans="", metric_zh_hans=""),
        "entity_only": make(
            version=version, position=3, entity=globex, info_en="", metric_en="", info_zh_hans="", metric_zh_hans=""
        ),
        "none": make(version=version, position=4, entity=None),
    }
    ids = {name: row.pk for name, row in rows.items()}
    store_snapshots([version.pk])
    migration, before = nodes()

    try:
        old = migrate(before).get_model("articles", "KeyDataRow")
        per_language = {
            name: tuple(old.objects.filter(pk=pk).values_list("entity_en__slug", "entity_zh_hans__slug").get())
            for name, pk in ids.items()
        }
        assert per_language == {
            "same": ("acme", "acme"),
            "differ": ("acme", "globex"),
            "english_only": ("acme", None),  # not shown in Chinese: no entity there
            "entity_only": ("globex", "globex"),
            "none": (None, None),
        }
        snapshot = migrate(before).get_model("articles", "PageSnapshot").objects.get(version_id=version.pk)
        assert snapshot.data["format"] == 1
        assert [(r["entity_en_id"], r["entity_zh_hans_id"]) for r in snapshot.data["key_data_rows"]] == [
            (acme.pk, acme.pk),
            (acme.pk, globex.pk),
            (acme.pk, None),
            (globex.pk, globex.pk),
            (None, None),
        ]
        # What the old model allowed: one language blank while the other names an entity.
        old.objects.filter(pk=ids["same"]).update(entity_en=None)
        old.objects.filter(pk=ids["none"]).update(entity_en=globex.pk, entity_zh_hans=globex.pk)

        migrate(migration)
    finally:
        migrate(None)

    stored = {
        name: tuple(KeyDataRow.objects.filter(pk=pk).values_list("entity__slug", "entity_override_zh_hans__slug").get())
        for name, pk in ids.items()
    }
    assert stored == {
        "same": ("acme", None),  # the Chinese entity, now the row's
        "differ": ("acme", "globex"),
        "english_only": ("acme", None),
        "entity_only": ("globex", None),
        "none": ("globex", None),
    }
    # The snapshot was rewritten too: the page reads it (no fallback to prefetching) and names the same entities.
    assert PageSnapshot.objects.get(version=version).data["format"] == 2
    loaded = attach_page_parts(ArticleVersion.objects.get(pk=version.pk))
    names = [(row.entity_in("en"), row.entity_in("zh-hans")) for row in loaded.key_data_rows.all()]
    assert names == [(acme, acme), (acme, globex), (acme, None), (globex, globex), (None, None)]
