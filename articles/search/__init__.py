"""
Site search: one interface over the SQLite FTS5 and PostgreSQL backends.

- ``index_article(article)`` / ``remove_article(article)`` keep one article's rows current; the
  workflow signals call them on commit (``articles.search.receivers``). ``index_articles(ids)``
  does the same for many at once (an import run's articles: one pass at the end, rows written
  with ``executemany``).
- ``rebuild()`` re-creates the whole index (``manage.py rebuild_search_index``), in chunks of
  ``INDEX_CHUNK`` articles: loaded with a fixed number of queries per chunk, segmented with the
  bulk tokenizer, written with one ``executemany`` per chunk.
- ``search(query, language, filters, page)`` returns a page of public articles.

Every index row a search reads must pass ``Article.objects.public(language)`` (and the filters),
checked in the same SQL, so a draft, a scheduled article before its time or an unpublished one
never appears, even while the index is stale. A search's cost is bounded: the index is walked
newest first per match tier and the walk stops after the rows the page needs (``ranked``), and
the count stops at ``MAX_RESULTS + 1``.
"""

import datetime
from dataclasses import dataclass, field
from functools import lru_cache

from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import get_language

from articles.models import Article
from articles.search.backends import TIER_BODY, TIER_SUMMARY, TIER_TITLE, TIERS, get_backend
from articles.search.documents import article_documents, articles_for_indexing
from articles.search.results import page_results
from articles.search.segmentation import query_terms, refresh_vocabulary

PAGE_SIZE = 10
# Articles loaded, segmented and written together when indexing in bulk.
INDEX_CHUNK = 200
# A search lists at most this many results (50 pages); past it the count says "more than".
MAX_RESULTS = 500

__all__ = [
    "MAX_RESULTS",
    "PAGE_SIZE",
    "SearchFilters",
    "SearchResults",
    "count_matches",
    "index_article",
    "index_articles",
    "matching_ids",
    "ranked",
    "rebuild",
    "remove_article",
    "search",
]


def index_article(article):
    """Replace ``article``'s index rows with its live version's text (none when it has no live version)."""
    index_articles([article.pk])


def index_articles(article_ids):
    """
    Replace the index rows of every article in ``article_ids`` with its live version's text (none
    for one without a live version, or deleted), a chunk at a time: the text is loaded and
    segmented first, then each chunk's old rows are deleted and its new ones written in one
    transaction. More than one article is segmented with the bulk tokenizer (the same words).
    """
    ids = sorted({int(pk) for pk in article_ids})
    if not ids:
        return
    refresh_vocabulary()
    backend = get_backend()
    bulk = len(ids) > 1
    for start in range(0, len(ids), INDEX_CHUNK):
        chunk = ids[start : start + INDEX_CHUNK]
        rows = backend.prepare(_documents(chunk), bulk=bulk)
        with transaction.atomic():
            backend.remove_many(chunk)
            backend.insert(rows)


def _documents(article_ids):
    return [document for article in articles_for_indexing(article_ids) for document in article_documents(article)]


def remove_article(article):
    get_backend().remove(article.pk)


def rebuild(progress=None):
    """Index every article that has a live version, from scratch; return the number of rows."""
    refresh_vocabulary()
    backend = get_backend()
    with transaction.atomic():
        backend.clear()
        ids = list(Article.objects.filter(live_version__isnull=False).order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), INDEX_CHUNK):
            chunk = ids[start : start + INDEX_CHUNK]
            backend.insert(backend.prepare(_documents(chunk), bulk=True))
            if progress:
                progress(start + len(chunk), len(ids))
        return backend.count()


@dataclass(frozen=True)
class SearchFilters:
    """Narrowing a search: slugs of a section, tag and entity; a publication date range (inclusive)."""

    section: str = ""
    tag: str = ""
    entity: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    def apply(self, queryset):
        if self.section:
            queryset = queryset.filter(live_version__section__slug=self.section)
        if self.tag:
            queryset = queryset.filter(live_version__tags__slug=self.tag)
        if self.entity:
            queryset = queryset.filter(live_version__entities__slug=self.entity)
        if self.date_from and (start := _midnight(self.date_from)):
            queryset = queryset.filter(published_at__gte=start)
        if self.date_to and (end := _midnight(self.date_to, days_later=1)):
            queryset = queryset.filter(published_at__lt=end)
        return queryset


def _midnight(day, *, days_later=0):
    """
    The start of ``day`` (plus ``days_later``) in the current time zone, or None when that lies
    beyond the times Python and the database can hold (year 1 or 9999): no bound is needed there.
    """
    try:
        start = datetime.datetime.combine(day + datetime.timedelta(days=days_later), datetime.time.min)
        start = timezone.make_aware(start, timezone.get_current_timezone())
        start.astimezone(datetime.UTC)  # the database stores UTC
    except OverflowError:
        return None
    return start


@dataclass
class SearchResults:
    query: str
    terms: list
    page: object = None  # a Paginator page of articles, each with .title_html and .snippet
    paginator: object = None  # counts at most MAX_RESULTS; ``more`` says when there were more
    results: list = field(default_factory=list)
    more: bool = False
    sample: list = field(default_factory=list)  # ids of the newest matches, when asked for

    @property
    def searched(self):
        return bool(self.terms)


def public_condition(language, filters=None):
    """
    A function giving ``EXISTS (…)`` for an index row's article id: the article is in
    ``Article.objects.public(language)`` and passes the filters. Correlated on the id, it costs one
    primary-key lookup per index row read. The ORM compiles it once per language and filters in
    a process (``_public_sql``); each tier's walk only puts its own id expression in.
    """
    sql, params = _public_sql(
        connection.vendor, language or get_language(), filters or SearchFilters(), timezone.get_current_timezone_name()
    )

    def condition(article_id_sql):
        return f"EXISTS ({sql.replace(_ARTICLE_ID, article_id_sql)})", list(params)

    return condition


# Stands for the index row's article id in the compiled condition; no identifier the ORM writes
# looks like it, and user input only ever reaches the parameters.
_ARTICLE_ID = "__search_row_article_id__"


@lru_cache(maxsize=256)
def _public_sql(vendor, language, filters, time_zone):
    """
    The public-and-filtered condition on one article id, compiled: ``(sql, params)``. It depends
    on nothing else (the time is the database's ``Now()``; ``vendor`` and ``time_zone``, which
    the SQL and the date bounds depend on, are in the key).
    """
    base = filters.apply(Article.objects.public(language)).order_by()
    sql, params = base.filter(pk=RawSQL(_ARTICLE_ID, ())).values("pk").query.sql_with_params()
    return sql, tuple(params)


def _tier_limits(wanted):
    """
    How many rows each tier's newest-first walk reads so that the first ``wanted`` results are
    ranked exactly. The tiers nest: a title match is also a summary-tier and a body-tier match.
    When the title walk finds ``t < wanted`` rows, those are all the title matches, and the first
    ``wanted`` rows of the summary walk hold at most ``t`` of them, so at least ``wanted - t``
    summary-only matches, the newest ones, which is all the ranking needs; the same holds for the
    body walk. The body walk also reads ``MAX_RESULTS + 1`` rows: that is the bounded count.
    """
    return {TIER_TITLE: wanted, TIER_SUMMARY: wanted, TIER_BODY: max(wanted, MAX_RESULTS + 1)}


def ranked(terms, language, filters=None, wanted=PAGE_SIZE, sample=0):
    """
    ``(ids, total, sample_ids)``: the ids of the first ``wanted`` public matches in rank order
    (tier, then newest first), the number of matches, counted up to ``MAX_RESULTS + 1``, and the
    ids of the newest ``sample`` matches (none when ``sample`` is 0: the facets count those). One
    query; it reads at most ``2 × wanted + max(MAX_RESULTS + 1, sample)`` index rows, whatever the
    archive holds: the sample comes from the same body-tier walk as the count.
    """
    backend = get_backend()
    condition = public_condition(language, filters)
    ctes, params = [], []
    limits = _tier_limits(wanted)
    limits[TIER_BODY] = max(limits[TIER_BODY], sample)
    for tier, limit in limits.items():
        sql, tier_params = backend.tier_sql(terms, language, tier, condition, limit)
        ctes.append(f"tier{tier} AS ({sql})")
        params.extend(tier_params)
    union = " UNION ALL ".join(f"SELECT article_id, sort_key, {tier} AS tier FROM tier{tier}" for tier in TIERS)
    order = f"tier, {backend.order_by}"
    # Each part numbers its rows (``position``): a UNION ALL need not keep its parts' order.
    sql = (
        f"WITH {', '.join(ctes)} "
        f"SELECT article_id, tier, position, total FROM ("
        f"SELECT article_id, tier, ROW_NUMBER() OVER (ORDER BY {order}) AS position, "
        f"(SELECT COUNT(*) FROM tier{TIER_BODY}) AS total "
        f"FROM (SELECT article_id, MIN(tier) AS tier, sort_key FROM ({union}) AS found GROUP BY article_id, sort_key) "
        f"AS grouped ORDER BY {order} LIMIT %s) AS page"
    )
    params.append(wanted)
    if sample:
        sql += (
            f" UNION ALL SELECT article_id, {SAMPLE}, ROW_NUMBER() OVER (ORDER BY {backend.order_by}), 0 FROM "
            f"(SELECT article_id, sort_key FROM tier{TIER_BODY} ORDER BY {backend.order_by} LIMIT %s) AS newest"
        )
        params.append(sample)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    page = sorted((row for row in rows if row[1] != SAMPLE), key=lambda row: row[2])
    newest = sorted((row for row in rows if row[1] == SAMPLE), key=lambda row: row[2])
    return [row[0] for row in page], (page[0][3] if page else 0), [row[0] for row in newest]


# The tier number that marks ``ranked()``'s sample rows (the real tiers are 0-2).
SAMPLE = 9


def matching_ids(terms, language, filters=None, limit=MAX_RESULTS):
    """
    SQL (``RawSQL``) selecting the ids of the newest ``limit`` public matches: all of them when
    there are no more than ``limit``. For facets and other bounded summaries of a search.
    """
    sql, params = get_backend().tier_sql(terms, language, TIER_BODY, public_condition(language, filters), limit)
    return RawSQL(f"SELECT article_id FROM ({sql}) AS matches", params)


def count_matches(terms, language, filters=None):
    """The number of public matches, counted up to ``MAX_RESULTS + 1`` (one query)."""
    condition = public_condition(language, filters)
    sql, params = get_backend().tier_sql(terms, language, TIER_BODY, condition, MAX_RESULTS + 1)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) AS matches", params)
        return cursor.fetchone()[0]


def _page_number(page):
    """The page asked for, as Django's ``Paginator.get_page`` reads it: 1 when it is not a number."""
    try:
        number = int(page)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), -(-MAX_RESULTS // PAGE_SIZE))


def search(query, language, filters=None, page=1, sample=0):
    """
    Search public articles in ``language``. Any input is accepted: operators and punctuation are
    ignored, long input is cut, and a query with nothing searchable gives an empty result. At
    most ``MAX_RESULTS`` results are listed (``results.more`` says there were more).
    ``results.sample`` holds the ids of the newest ``sample`` matches (for the facets), read by the
    same query.
    """
    terms = query_terms(query, language)
    results = SearchResults(query=query or "", terms=terms)
    if not terms:
        return results
    number = _page_number(page)
    ids, total, results.sample = ranked(terms, language, filters, wanted=number * PAGE_SIZE, sample=sample)
    results.more = total > MAX_RESULTS
    results.paginator = Paginator(range(min(total, MAX_RESULTS)), PAGE_SIZE)
    results.page = results.paginator.get_page(number)  # past the end: the last page
    page_ids = ids[results.page.start_index() - 1 : results.page.end_index()] if total else []
    articles = page_results(page_ids, terms, language)
    results.page.object_list = articles
    results.results = articles
    return results
