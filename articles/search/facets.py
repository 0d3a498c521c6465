"""
Search facets: the tags and entities most common among a search's matches, to narrow it by.

They count the newest ``FACET_MATCHES`` public matches (all of them on most searches; a bounded
sample, not a scan of every match, when a query matches much of the archive), in **one** SQL
statement for every kind: the matches are walked once (``articles.search.matching_ids``, the same
newest-first walk as the results), joined to their live version's tags and entities, grouped and
cut to the ``FACET_SIZE`` most common of each kind (ties by slug). No Python runs per match.
"""

from django.db import connection

from articles.languages import columns
from articles.models import Article, ArticleVersion, Entity, Tag
from articles.search import matching_ids

FACET_SIZE = 8
FACET_MATCHES = 200

# name → (model, the live version's many-to-many field to it)
KINDS = {"tag": (Tag, "tags"), "entity": (Entity, "entities")}

# What a facet link shows: its slug and its name in every language (the model's ``name`` reads
# the active one, with the usual fallback).
FIELDS = ("id", "slug", "name", *columns("name"))


def facets(terms, language, filters, kinds=tuple(KINDS), article_ids=None):
    """
    ``{kind: [instance with .hits, …]}`` for each of ``kinds`` (the most common first, at most
    ``FACET_SIZE`` each) among the newest ``FACET_MATCHES`` public matches of ``terms`` in
    ``language`` that pass ``filters``. One query, none when ``kinds`` is empty. ``article_ids``:
    those matches when the caller has them already (``articles.search.ranked``'s sample, read by
    the ranking query's own walk); the statement then only joins them, it walks no index.
    """
    kinds = [kind for kind in kinds if kind in KINDS]
    if not kinds:
        return {}
    if article_ids is None:
        matched = matching_ids(terms, language, filters, limit=FACET_MATCHES)
        matched_sql, matched_params = matched.sql, list(matched.params)
    else:
        if not article_ids:
            return {kind: [] for kind in kinds}
        article = Article._meta
        matched_sql = (
            f"SELECT {article.pk.column} AS article_id FROM {article.db_table} "
            f"WHERE {article.pk.column} IN ({', '.join(['%s'] * len(article_ids))})"
        )
        matched_params = list(article_ids)
    parts = [f"SELECT * FROM ({_kind_sql(kind)}) AS {kind}_facet" for kind in kinds]
    sql = f"WITH matched AS MATERIALIZED ({matched_sql}) " + " UNION ALL ".join(parts)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*matched_params, *([FACET_SIZE] * len(kinds))])
        rows = cursor.fetchall()
    found = {kind: [] for kind in kinds}
    for kind, hits, *values in rows:
        model = KINDS[kind][0]
        instance = model.from_db(connection.alias, FIELDS, values)
        instance.hits = hits
        found[kind].append(instance)
    return found


def _kind_sql(kind):
    """The ``FACET_SIZE`` most common ``kind`` rows among ``matched``: (kind, hits, *FIELDS)."""
    model, field_name = KINDS[kind]
    through = ArticleVersion._meta.get_field(field_name).remote_field.through._meta
    version_column = through.get_field("articleversion").column
    target_column = through.get_field(model._meta.model_name).column
    article = Article._meta
    live_version = article.get_field("live_version").column
    selected = ", ".join(f"f.{model._meta.get_field(name).column}" for name in FIELDS)
    # CROSS JOIN fixes SQLite's join order (PostgreSQL plans it freely): from the few matches out,
    # not from every tag or entity row in.
    counted = (
        f"SELECT l.{target_column} AS target, COUNT(*) AS hits FROM matched "
        f"CROSS JOIN {article.db_table} a CROSS JOIN {through.db_table} l "
        f"WHERE a.{article.pk.column} = matched.article_id AND l.{version_column} = a.{live_version} "
        f"GROUP BY l.{target_column}"
    )
    return (
        f"SELECT '{kind}' AS kind, counted.hits, {selected} FROM ({counted}) AS counted "
        f"JOIN {model._meta.db_table} f ON f.{model._meta.pk.column} = counted.target "
        f"ORDER BY counted.hits DESC, f.slug LIMIT %s"
    )
