"""
The full-text search index (see articles/search/backends.py and docs/search.md): an FTS5 table
on SQLite; on PostgreSQL a table of weighted tsvector columns with GIN indexes. The SQL is
written out here so this migration keeps meaning what it meant when it was written.
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS articles_search_index USING fts5("
    "article_id UNINDEXED, language UNINDEXED, title, entities, summary, tags, body, plain UNINDEXED, "
    "tokenize='porter unicode61 remove_diacritics 2')",
]

POSTGRESQL = [
    "CREATE TABLE IF NOT EXISTS articles_search_index ("
    "article_id bigint NOT NULL, language varchar(10) NOT NULL, plain text NOT NULL, "
    "vector_a tsvector NOT NULL, vector_ab tsvector NOT NULL, document tsvector NOT NULL, "
    "PRIMARY KEY (article_id, language))",
    "CREATE INDEX IF NOT EXISTS articles_search_index_document ON articles_search_index USING GIN (document)",
    "CREATE INDEX IF NOT EXISTS articles_search_index_vector_a ON articles_search_index USING GIN (vector_a)",
    "CREATE INDEX IF NOT EXISTS articles_search_index_vector_ab ON articles_search_index USING GIN (vector_ab)",
]

STATEMENTS = {"sqlite": SQLITE, "postgresql": POSTGRESQL}


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise RuntimeError(f"Search supports SQLite and PostgreSQL, not {vendor}.")
    for statement in STATEMENTS[vendor]:
        schema_editor.execute(statement)


def drop_index(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS articles_search_index")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_groups"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index),
    ]
