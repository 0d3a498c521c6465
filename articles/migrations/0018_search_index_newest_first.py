"""
The search index in publication order (see articles/search/backends.py and docs/search.md), so a
search reads its matches newest first and stops after the rows its page needs.

- SQLite: an FTS5 row's rowid becomes (publication second, article id, language) instead of
  ``article_id × 8 + language``; ``articles_search_rows`` records which rowids hold an article, to
  remove them; ``articles_search_heads`` is a second FTS5 table with only the title, entities,
  summary and tags, for the title and summary tiers. Existing rows are renumbered in place and
  copied (FTS5 re-reads their stored, already segmented text; jieba does not run).
- PostgreSQL: the index rows get the article's ``published_at`` and a B-tree on
  (language, published_at, article_id).

The SQL is written out here so this migration keeps meaning what it meant when it was written.
"""

from django.db import migrations

ID_BITS, LANGUAGE_BITS = 26, 2
LANGUAGES = ("en", "zh-hans")  # settings.LANGUAGES when this was written: the rowid's language number


def _sqlite_key(article_id, language, published_at):
    seconds = min(max(int(published_at.timestamp()) if published_at else 0, 0), (1 << 33) - 1)
    return (seconds << (ID_BITS + LANGUAGE_BITS)) | (article_id << LANGUAGE_BITS) | LANGUAGES.index(language)


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE articles_search_index ADD COLUMN IF NOT EXISTS published_at timestamptz")
        schema_editor.execute(
            "UPDATE articles_search_index AS s SET published_at = a.published_at "
            "FROM articles_article AS a WHERE a.id = s.article_id"
        )
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS articles_search_index_newest ON articles_search_index "
            "(language, published_at DESC NULLS LAST, article_id DESC)"
        )
        return
    if connection.vendor != "sqlite":
        raise RuntimeError(f"Search supports SQLite and PostgreSQL, not {connection.vendor}.")
    schema_editor.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS articles_search_heads USING fts5("
        "title, entities, summary, tags, tokenize='porter unicode61 remove_diacritics 2')"
    )
    schema_editor.execute(
        "CREATE TABLE IF NOT EXISTS articles_search_rows ("
        "article_id integer NOT NULL, language varchar(10) NOT NULL, row_key integer NOT NULL, "
        "PRIMARY KEY (article_id, language))"
    )
    Article = apps.get_model("articles", "Article")
    with connection.cursor() as cursor:
        cursor.execute("SELECT rowid, article_id, language FROM articles_search_index")
        rows = cursor.fetchall()
        published = dict(
            Article.objects.filter(pk__in={row[1] for row in rows}).values_list("pk", "published_at").iterator()
        )
        for rowid, article_id, language in rows:
            key = _sqlite_key(int(article_id), language, published.get(int(article_id)))
            if key != rowid:
                cursor.execute("UPDATE articles_search_index SET rowid = %s WHERE rowid = %s", [key, rowid])
            cursor.execute(
                "INSERT OR REPLACE INTO articles_search_rows (article_id, language, row_key) VALUES (%s, %s, %s)",
                [article_id, language, key],
            )
        cursor.execute("DELETE FROM articles_search_heads")
        cursor.execute(
            "INSERT INTO articles_search_heads (rowid, title, entities, summary, tags) "
            "SELECT rowid, title, entities, summary, tags FROM articles_search_index"
        )


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS articles_search_index_newest")
        schema_editor.execute("ALTER TABLE articles_search_index DROP COLUMN IF EXISTS published_at")
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT rowid, article_id, language FROM articles_search_index")
        for rowid, article_id, language in cursor.fetchall():
            cursor.execute(
                "UPDATE articles_search_index SET rowid = %s WHERE rowid = %s",
                [int(article_id) * 8 + LANGUAGES.index(language), rowid],
            )
    schema_editor.execute("DROP TABLE IF EXISTS articles_search_rows")
    schema_editor.execute("DROP TABLE IF EXISTS articles_search_heads")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0017_listing_keys_index"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
