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

Every search starts from ``Article.objects.public(language)`` and only joins the index against
it, so a draft, a scheduled article before its time or an unpublished one never appears, even
while the index is stale.
"""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone

from articles.languages import translated
from articles.models import Article
from articles.search.backends import TIER_BODY, TIER_SUMMARY, TIER_TITLE, get_backend
from articles.search.documents import article_documents, articles_for_indexing
from articles.search.highlight import highlight, snippet, terms_pattern
from articles.search.segmentation import query_terms, refresh_vocabulary

PAGE_SIZE = 10
# Articles loaded, segmented and written together when indexing in bulk.
INDEX_CHUNK = 200

__all__ = [
    "PAGE_SIZE",
    "SearchFilters",
    "SearchResults",
    "index_article",
    "index_articles",
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
    paginator: object = None
    results: list = field(default_factory=list)

    @property
    def searched(self):
        return bool(self.terms)


def matching(terms, language, filters=None):
    """Public articles in ``language`` matching every term, best first (match tier, then newest)."""
    backend = get_backend()

    def ids(tier):
        return RawSQL(*backend.matching_sql(terms, language, tier))

    queryset = (filters or SearchFilters()).apply(Article.objects.public(language))
    return (
        queryset.filter(pk__in=ids(TIER_BODY))
        .annotate(
            search_tier=Case(
                When(pk__in=ids(TIER_TITLE), then=Value(TIER_TITLE)),
                When(pk__in=ids(TIER_SUMMARY), then=Value(TIER_SUMMARY)),
                default=Value(TIER_BODY),
                output_field=IntegerField(),
            )
        )
        .order_by("search_tier", "-published_at", "-pk")
    )


def search(query, language, filters=None, page=1):
    """
    Search public articles in ``language``. Any input is accepted: operators and punctuation are
    ignored, long input is cut, and a query with nothing searchable gives an empty result.
    """
    terms = query_terms(query, language)
    results = SearchResults(query=query or "", terms=terms)
    if not terms:
        return results
    queryset = matching(terms, language, filters).for_listing()
    results.paginator = Paginator(queryset, PAGE_SIZE)
    results.page = results.paginator.get_page(page)
    articles = list(results.page.object_list)
    plain = get_backend().plain_texts([article.pk for article in articles], language)
    pattern = terms_pattern(terms)
    for article in articles:
        version = article.live_version
        article.title_html = highlight(translated(version, "title", language), pattern)
        article.snippet = snippet(plain.get(article.pk) or translated(version, "summary", language), pattern, language)
    results.page.object_list = articles
    results.results = articles
    return results
