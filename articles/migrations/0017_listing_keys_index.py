from django.db import migrations, models


def analyze_on_sqlite(apps, schema_editor):
    # SQLite's planner only prefers a covering index over the table's own rows once it has
    # statistics (sqlite_stat1); without them it reads each version row, overflow pages and all.
    # `manage.py publish_scheduled` keeps them current with PRAGMA optimize.
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("ANALYZE")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0016_key_data_one_entity"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="articleversion",
            index=models.Index(
                fields=[
                    "id",
                    "title_en",
                    "title_zh_hans",
                    "section",
                    "state",
                    "hot_score",
                    "quality_score",
                    "impact_score",
                    "modified_at",
                ],
                name="version_listing_keys",
            ),
        ),
        migrations.RunPython(analyze_on_sqlite, migrations.RunPython.noop, elidable=True),
    ]
