"""
A key-data row names one entity for every language (``KeyDataRow.entity``) instead of one per
language (``entity_en``, ``entity_zh_hans``). Rows whose languages name the same entity, or where
only one language names one, keep that entity; rows whose languages name different entities keep
the English one and the Chinese one as ``entity_override_zh_hans``. The page snapshots, which
store rows by column, are rewritten the same way. Reversible: going back writes each language's
entity where the row is shown in that language.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Q

BATCH = 500


def one_entity(english, chinese):
    """``(entity, Chinese override)`` from the two languages' entity ids."""
    entity = english if english is not None else chinese
    return entity, (chinese if None not in (english, chinese) and chinese != english else None)


def per_language(entity, override, info_and_metric):
    """
    ``(English entity, Chinese entity)``: a row blank in a language while it has text in the
    other is not shown there, so it names no entity there (``KeyDataRow.entity_in``).
    """
    texts = {suffix: any((value or "").strip() for value in values) for suffix, values in info_and_metric.items()}
    shown = {suffix: texts[suffix] or not any(texts.values()) for suffix in texts}
    return (entity if shown["en"] else None), ((override or entity) if shown["zh_hans"] else None)


def _foreign_keys_checked_now(schema_editor):
    """
    PostgreSQL checks the rewritten foreign keys at commit, and until then refuses to alter the
    table the columns come from: check them now, so the column changes that follow can run.
    """
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _texts(get):
    return {suffix: (get(f"info_{suffix}"), get(f"metric_{suffix}")) for suffix in ("en", "zh_hans")}


def one_entity_per_row(apps, schema_editor):
    KeyDataRow = apps.get_model("articles", "KeyDataRow")
    named = Q(entity_en__isnull=False) | Q(entity_zh_hans__isnull=False) | Q(entity__isnull=False)
    changed = []
    for row in KeyDataRow.objects.filter(named).order_by("pk").iterator(chunk_size=BATCH):
        row.entity_id, row.entity_override_zh_hans_id = one_entity(row.entity_en_id, row.entity_zh_hans_id)
        changed.append(row)
    KeyDataRow.objects.bulk_update(changed, ["entity", "entity_override_zh_hans"], batch_size=BATCH)
    _foreign_keys_checked_now(schema_editor)


def one_entity_per_language(apps, schema_editor):
    KeyDataRow = apps.get_model("articles", "KeyDataRow")
    changed = []
    for row in KeyDataRow.objects.filter(entity__isnull=False).order_by("pk").iterator(chunk_size=BATCH):
        texts = _texts(lambda name, row=row: getattr(row, name))
        row.entity_en_id, row.entity_zh_hans_id = per_language(row.entity_id, row.entity_override_zh_hans_id, texts)
        changed.append(row)
    KeyDataRow.objects.bulk_update(changed, ["entity_en", "entity_zh_hans"], batch_size=BATCH)
    _foreign_keys_checked_now(schema_editor)


def _snapshot_forward(values):
    english, chinese = values.pop("entity_en_id", None), values.pop("entity_zh_hans_id", None)
    values["entity_id"], values["entity_override_zh_hans_id"] = one_entity(english, chinese)
    return values


def _snapshot_backward(values):
    override = values.pop("entity_override_zh_hans_id", None)
    values["entity_en_id"], values["entity_zh_hans_id"] = per_language(
        values.get("entity_id"), override, _texts(values.get)
    )
    return values


def _rewrite_snapshots(apps, convert, page_format):
    """Page snapshots (``articles.reader.snapshots``) store key-data rows as their columns."""
    PageSnapshot = apps.get_model("articles", "PageSnapshot")
    changed = []
    for snapshot in PageSnapshot.objects.order_by("pk").iterator(chunk_size=BATCH):
        rows = snapshot.data.get("key_data_rows")
        if rows is None:
            continue
        snapshot.data["key_data_rows"] = [convert(dict(values)) for values in rows]
        snapshot.data["format"] = page_format
        changed.append(snapshot)
    PageSnapshot.objects.bulk_update(changed, ["data"], batch_size=BATCH)


def snapshots_forward(apps, schema_editor):
    _rewrite_snapshots(apps, _snapshot_forward, 2)


def snapshots_backward(apps, schema_editor):
    _rewrite_snapshots(apps, _snapshot_backward, 1)


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0015_reader_links"),
    ]

    operations = [
        migrations.AddField(
            model_name="keydatarow",
            name="entity_override_zh_hans",
            field=models.ForeignKey(
                blank=True,
                help_text="Leave empty when the Chinese row names the same entity.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="key_data_overrides",
                to="articles.entity",
                verbose_name="entity in Chinese, where it differs",
            ),
        ),
        migrations.RunPython(one_entity_per_row, one_entity_per_language),
        migrations.RunPython(snapshots_forward, snapshots_backward),
        migrations.RemoveField(
            model_name="keydatarow",
            name="entity_en",
        ),
        migrations.RemoveField(
            model_name="keydatarow",
            name="entity_zh_hans",
        ),
        migrations.AddConstraint(
            model_name="keydatarow",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("entity_override_zh_hans__isnull", True),
                    models.Q(
                        ("entity__isnull", False),
                        models.Q(("entity_override_zh_hans", models.F("entity")), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="key_data_override_differs",
            ),
        ),
    ]
