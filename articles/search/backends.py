"""
The two index implementations behind ``articles.search``: SQLite FTS5 and PostgreSQL full-text
search. Both store one row per article and language in ``articles_search_index`` (created by
migration 0003), hold text pre-segmented by ``segmentation.index_text`` and answer "which
article ids match these terms" as SQL that the search joins against ``Article.objects.public()``.

User input never reaches SQL as text: the terms are passed as parameters, and for FTS5 each term
is a quoted string so nothing in it is read as query syntax.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from articles.languages import LANGUAGE_CODES, LANGUAGES
from articles.search.segmentation import index_text

TABLE = "articles_search_index"

# Match tiers, best first: the whole query found in title/entity names, else in those plus
# summary/tag names, else anywhere.
TIER_TITLE = 0
TIER_SUMMARY = 1
TIER_BODY = 2


# Article ids per DELETE statement (SQLite binds at most 32,766 parameters).
CHUNK = 500


class IndexTable:
    """
    What both backends do the same way on the one index table. Writing is split in two:
    ``prepare(documents)`` segments the text into rows (the slow part, done before any write
    lock is taken), ``insert(rows)`` writes them with one ``executemany``.
    """

    def add(self, documents, *, bulk=False):
        self.insert(self.prepare(documents, bulk=bulk))

    def clear(self):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")

    def count(self):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")
            return cursor.fetchone()[0]


class SqliteBackend(IndexTable):
    """FTS5 over the ``porter unicode61`` tokenizer (case-insensitive, English stemming)."""

    vendor = "sqlite"
    tier_columns = {
        TIER_TITLE: "{title entities}",
        TIER_SUMMARY: "{title entities summary tags}",
        TIER_BODY: None,
    }

    @staticmethod
    def _rowid(article_id, language):
        # A fixed rowid per (article, language) makes replacing a row a primary-key lookup.
        return article_id * 8 + LANGUAGE_CODES.index(language)

    def remove(self, article_id):
        self.remove_many([article_id])

    def remove_many(self, article_ids):
        rowids = [self._rowid(article_id, language) for article_id in article_ids for language in LANGUAGE_CODES]
        with connection.cursor() as cursor:
            for start in range(0, len(rowids), CHUNK):
                chunk = rowids[start : start + CHUNK]
                cursor.execute(f"DELETE FROM {TABLE} WHERE rowid IN ({', '.join(['%s'] * len(chunk))})", chunk)

    def prepare(self, documents, *, bulk=False):
        """The rows to insert for ``documents``: segmentation done here, outside any write."""
        return [
            [
                self._rowid(doc.article_id, doc.language),
                doc.article_id,
                doc.language,
                index_text(doc.title, bulk=bulk),
                index_text(doc.entities, bulk=bulk),
                index_text(doc.summary, bulk=bulk),
                index_text(doc.tags, bulk=bulk),
                index_text(doc.body, bulk=bulk),
                doc.plain,
            ]
            for doc in documents
        ]

    def insert(self, rows):
        if not rows:
            return
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {TABLE} (rowid, article_id, language, title, entities, summary, tags, body, plain) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                rows,
            )

    @staticmethod
    def _match(terms):
        # Each term becomes an FTS5 string ("…", quotes doubled): never an operator or a column.
        return " ".join('"' + term.replace('"', '""') + '"' for term in terms)

    def matching_sql(self, terms, language, tier):
        """SQL and parameters selecting the ids of articles matching every term within ``tier``."""
        match = self._match(terms)
        columns = self.tier_columns[tier]
        if columns:
            match = f"{columns} : ({match})"
        return f"SELECT article_id FROM {TABLE} WHERE {TABLE} MATCH %s AND language = %s", [match, language]

    def plain_texts(self, article_ids, language):
        if not article_ids:
            return {}
        rowids = [self._rowid(article_id, language) for article_id in article_ids]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT article_id, plain FROM {TABLE} WHERE rowid IN ({', '.join(['%s'] * len(rowids))})", rowids
            )
            return dict(cursor.fetchall())


class PostgresBackend(IndexTable):
    """
    ``tsvector`` columns weighted A (title, entities), B (summary, tags), C (body), GIN-indexed.
    Chinese uses the ``simple`` configuration over jieba-segmented text; English uses ``english``.
    """

    vendor = "postgresql"
    tier_columns = {TIER_TITLE: "vector_a", TIER_SUMMARY: "vector_ab", TIER_BODY: "document"}

    def config(self, language):
        return LANGUAGES[language].search_config

    def remove(self, article_id):
        self.remove_many([article_id])

    def remove_many(self, article_ids):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE article_id = ANY(%s)", [list(article_ids)])

    def prepare(self, documents, *, bulk=False):
        """The rows to insert for ``documents``: segmentation done here, outside any write."""
        rows = []
        for doc in documents:
            config = self.config(doc.language)
            rows.append(
                [
                    doc.article_id,
                    doc.language,
                    doc.plain,
                    config,
                    index_text(f"{doc.title}\n{doc.entities}", bulk=bulk),
                    config,
                    index_text(f"{doc.summary}\n{doc.tags}", bulk=bulk),
                    config,
                    index_text(doc.body, bulk=bulk),
                ]
            )
        return rows

    def insert(self, rows):
        if not rows:
            return
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {TABLE} (article_id, language, plain, vector_a, vector_ab, document) "
                "SELECT %s, %s, %s, a, a || b, a || b || c FROM (SELECT "
                "setweight(to_tsvector(%s::regconfig, %s), 'A') AS a, "
                "setweight(to_tsvector(%s::regconfig, %s), 'B') AS b, "
                "setweight(to_tsvector(%s::regconfig, %s), 'C') AS c) AS parts",
                rows,
            )

    def matching_sql(self, terms, language, tier):
        column = self.tier_columns[tier]
        # plainto_tsquery reads its input as plain words joined by AND: no operator syntax at all.
        return (
            f"SELECT article_id FROM {TABLE} WHERE language = %s AND {column} @@ plainto_tsquery(%s::regconfig, %s)",
            [language, self.config(language), " ".join(terms)],
        )

    def plain_texts(self, article_ids, language):
        if not article_ids:
            return {}
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT article_id, plain FROM {TABLE} WHERE language = %s AND article_id = ANY(%s)",
                [language, list(article_ids)],
            )
            return dict(cursor.fetchall())


BACKENDS = {backend.vendor: backend for backend in (SqliteBackend, PostgresBackend)}


def backend_for(vendor):
    try:
        return BACKENDS[vendor]()
    except KeyError:
        raise ImproperlyConfigured(
            f"Search supports SQLite (FTS5) and PostgreSQL; the database is {vendor!r}. "
            "Set DATABASE_URL to a PostgreSQL database or leave it unset for SQLite."
        ) from None


def get_backend():
    return backend_for(connection.vendor)
