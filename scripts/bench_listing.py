"""
Time the listing selector alone (count + page query + tags prefetch), page 1 against the last page.

Run on a bench_pages database::

    SQLITE_PATH=/tmp/listing-bench.sqlite3 .venv/bin/python manage.py shell < scripts/bench_listing.py

On a checkout without ``articles/reader/paging.py`` it times the former ``Paginator`` (COUNT + OFFSET).
"""

import statistics
import time
from urllib.parse import parse_qs

from django.core.paginator import Paginator
from django.utils.translation import override

from articles.models import Article
from articles.reader.ranking import SORTS, sort_articles

CALLS = 40
PER_PAGE = 20


def median_ms(call):
    runs = []
    for _ in range(CALLS):
        started = time.perf_counter()
        call()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs) * 1000


def paginator_page(ordered, number):
    paginator = Paginator(ordered, PER_PAGE)
    return paginator.count, list(paginator.page(number).object_list)


def main():
    try:
        from articles.reader.paging import listing_page
    except ImportError:
        listing_page = None
    with override("en"):
        public = Article.objects.public()
        last = -(-public.count() // PER_PAGE)
        for sort in SORTS:
            ordered = sort_articles(public.for_listing(), sort)
            if listing_page is None:
                first = median_ms(lambda o=ordered: paginator_page(o, 1))
                deep = median_ms(lambda o=ordered: paginator_page(o, last))
                print(f"{sort}: COUNT + OFFSET p1 {first:.1f} ms, p{last} {deep:.1f} ms")
                continue

            def page(number, after=None, o=ordered, s=sort):
                return listing_page(
                    ordered=o, counted=public, sort=s, per_page=PER_PAGE, number=str(number), after=after
                )

            after = parse_qs(page(last - 1).next_query).get("after", [None])[0]
            print(
                f"{sort}: p1 {median_ms(lambda: page(1)):.1f} ms, p{last} ?page=N {median_ms(lambda: page(last)):.1f} ms, "
                f"p{last} by cursor {median_ms(lambda a=after: page(last, a)):.1f} ms"
            )


main()
