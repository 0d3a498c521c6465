"""
The two index implementations behind ``articles.search``: SQLite FTS5 and PostgreSQL full-text
search. Both store one row per article and language in ``articles_search_index`` (created by
migration 0003, ordered by publication time since 0020), hold text pre-segmented by
``segmentation.index_text`` and answer "the newest articles matching these terms in this tier"
as SQL that reads the index in publication order and stops after a fixed number of rows.

Why publication order: the ranking is tier, then newest first (``docs/search.md``). When the
index can be walked newest first, the best N matches of a tier are the first N public rows the
walk meets, so a search page costs about N index rows whatever the number of matches or the
size of the archive. On SQLite the FTS5 rowid is the order key (publication second, article id,
language), and FTS5 returns matches in rowid order, newest first, stopping at the ``LIMIT``; on
PostgreSQL a B-tree on (language, published_at, article_id) gives the same walk, and the planner
picks the GIN index instead when a term is rare.

User input never reaches SQL as text: the terms are passed as parameters, and for FTS5 each term
is a quoted string so nothing in it is read as query syntax.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from articles.languages import LANGUAGE_CODES, LANGUAGES
from articles.search.segmentation import index_text

TABLE = "articles_search_index"
HEADS_TABLE = "articles_search_heads"  # SQLite: title, entities, summary and tags only
ROWS_TABLE = "articles_search_rows"  # SQLite: which FTS5 rowids hold an article (to remove them)

# Match tiers, best first: the whole query found in title/entity names, else in those plus
# summary/tag names, else anywhere.
TIER_TITLE = 0
TIER_SUMMARY = 1
TIER_BODY = 2
TIERS = (TIER_TITLE, TIER_SUMMARY, TIER_BODY)

# The SQLite order key: seconds since 1970 (33 bits, to the year 2242), then the article id
# (26 bits), then the language (2 bits), so rowid order is newest first, then highest id.
_LANGUAGE_BITS = 2
_ID_BITS = 26
MAX_ARTICLE_ID = (1 << _ID_BITS) - 1
_LANGUAGE_MASK = (1 << _LANGUAGE_BITS) - 1
_MAX_SECONDS = (1 << 33) - 1


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

    def count(self):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")
            return cursor.fetchone()[0]


class SqliteBackend(IndexTable):
    """
    FTS5 over the ``porter unicode61`` tokenizer (case-insensitive, English stemming). Two FTS5
    tables with the same rowids: ``articles_search_index`` (every column, the body tier and the
    snippet text) and ``articles_search_heads`` (title, entities, summary, tags only), so that the
    title and summary tiers walk lists of articles whose *heads* hold a term, not of every
    article whose body mentions it.
    """

    vendor = "sqlite"
    tier_tables = {
        TIER_TITLE: (HEADS_TABLE, "{title entities}"),
        TIER_SUMMARY: (HEADS_TABLE, None),
        TIER_BODY: (TABLE, None),
    }
    order_by = "sort_key DESC"

    @staticmethod
    def row_key(article_id, language, published_at):
        """The rowid of an article's row: newer publications sort after older ones."""
        if not 0 < article_id <= MAX_ARTICLE_ID:
            raise ValueError(f"The search index holds article ids up to {MAX_ARTICLE_ID}; got {article_id}.")
        seconds = int(published_at.timestamp()) if published_at else 0
        seconds = min(max(seconds, 0), _MAX_SECONDS)
        return (
            (seconds << (_ID_BITS + _LANGUAGE_BITS)) | (article_id << _LANGUAGE_BITS) | LANGUAGE_CODES.index(language)
        )

    def clear(self):
        with connection.cursor() as cursor:
            for table in (TABLE, HEADS_TABLE, ROWS_TABLE):
                cursor.execute(f"DELETE FROM {table}")

    def remove(self, article_id):
        self.remove_many([article_id])

    def remove_many(self, article_ids):
        article_ids = list(article_ids)
        with connection.cursor() as cursor:
            for start in range(0, len(article_ids), CHUNK):
                chunk = list(article_ids[start : start + CHUNK])
                marks = ", ".join(["%s"] * len(chunk))
                for table in (TABLE, HEADS_TABLE):
                    cursor.execute(
                        f"DELETE FROM {table} WHERE rowid IN "
                        f"(SELECT row_key FROM {ROWS_TABLE} WHERE article_id IN ({marks}))",
                        chunk,
                    )
                cursor.execute(f"DELETE FROM {ROWS_TABLE} WHERE article_id IN ({marks})", chunk)

    def prepare(self, documents, *, bulk=False):
        """The rows to insert for ``documents``: segmentation done here, outside any write."""
        rows = []
        for doc in documents:
            heads = [
                index_text(doc.title, bulk=bulk),
                index_text(doc.entities, bulk=bulk),
                index_text(doc.summary, bulk=bulk),
                index_text(doc.tags, bulk=bulk),
            ]
            key = self.row_key(doc.article_id, doc.language, doc.published_at)
            rows.append((key, doc.article_id, doc.language, heads, index_text(doc.body, bulk=bulk), doc.plain))
        return rows

    def insert(self, rows):
        if not rows:
            return
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {TABLE} (rowid, article_id, language, title, entities, summary, tags, body, plain) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                [
                    [key, article_id, language, *heads, body, plain]
                    for key, article_id, language, heads, body, plain in rows
                ],
            )
            cursor.executemany(
                f"INSERT INTO {HEADS_TABLE} (rowid, title, entities, summary, tags) VALUES (%s, %s, %s, %s, %s)",
                [[key, *heads] for key, _, _, heads, _, _ in rows],
            )
            cursor.executemany(
                f"INSERT INTO {ROWS_TABLE} (article_id, language, row_key) VALUES (%s, %s, %s)",
                [[article_id, language, key] for key, article_id, language, _, _, _ in rows],
            )

    @staticmethod
    def _match(terms):
        # Each term becomes an FTS5 string ("…", quotes doubled): never an operator or a column.
        return " ".join('"' + term.replace('"', '""') + '"' for term in terms)

    def tier_sql(self, terms, language, tier, condition, limit):
        """
        SQL and parameters selecting ``(article_id, sort_key)`` of the newest ``limit`` rows
        matching every term within ``tier`` and ``condition(article_id_sql)`` (an SQL condition
        on the row's article id, with its parameters), newest first.
        """
        table, columns = self.tier_tables[tier]
        match = self._match(terms)
        if columns:
            match = f"{columns} : ({match})"
        article_id = f"(({table}.rowid >> {_LANGUAGE_BITS}) & {MAX_ARTICLE_ID})"
        where, where_params = condition(article_id)
        return (
            f"SELECT {article_id} AS article_id, {table}.rowid AS sort_key FROM {table} "
            f"WHERE {table} MATCH %s AND ({table}.rowid & {_LANGUAGE_MASK}) = %s AND {where} "
            f"ORDER BY {table}.rowid DESC LIMIT %s",
            [match, LANGUAGE_CODES.index(language), *where_params, limit],
        )

    def plain_texts(self, article_ids, language):
        if not article_ids:
            return {}
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT r.article_id, i.plain FROM {ROWS_TABLE} r JOIN {TABLE} i ON i.rowid = r.row_key "
                f"WHERE r.language = %s AND r.article_id IN ({', '.join(['%s'] * len(article_ids))})",
                [language, *article_ids],
            )
            return dict(cursor.fetchall())


class PostgresBackend(IndexTable):
    """
    ``tsvector`` columns weighted A (title, entities), B (summary, tags), C (body), GIN-indexed,
    and the article's publication time, B-tree-indexed with the language for the newest-first walk.
    Chinese uses the ``simple`` configuration over jieba-segmented text; English uses ``english``.
    """

    vendor = "postgresql"
    tier_columns = {TIER_TITLE: "vector_a", TIER_SUMMARY: "vector_ab", TIER_BODY: "document"}
    order_by = "sort_key DESC NULLS LAST, article_id DESC"

    def config(self, language):
        return LANGUAGES[language].search_config

    def clear(self):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")

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
                    doc.published_at,
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
                f"INSERT INTO {TABLE} (article_id, language, published_at, plain, vector_a, vector_ab, document) "
                "SELECT %s, %s, %s, %s, a, a || b, a || b || c FROM (SELECT "
                "setweight(to_tsvector(%s::regconfig, %s), 'A') AS a, "
                "setweight(to_tsvector(%s::regconfig, %s), 'B') AS b, "
                "setweight(to_tsvector(%s::regconfig, %s), 'C') AS c) AS parts",
                rows,
            )

    def tier_sql(self, terms, language, tier, condition, limit):
        column = self.tier_columns[tier]
        where, where_params = condition(f"{TABLE}.article_id")
        # plainto_tsquery reads its input as plain words joined by AND: no operator syntax at all.
        return (
            f"SELECT {TABLE}.article_id AS article_id, {TABLE}.published_at AS sort_key FROM {TABLE} "
            f"WHERE {TABLE}.language = %s AND {TABLE}.{column} @@ plainto_tsquery(%s::regconfig, %s) AND {where} "
            f"ORDER BY {TABLE}.published_at DESC NULLS LAST, {TABLE}.article_id DESC LIMIT %s",
            [language, self.config(language), " ".join(terms), *where_params, limit],
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
