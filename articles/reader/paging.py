"""
Listing pages whose cost does not grow with their depth or with the archive.

A page is one query of ``per_page + 1`` rows (the extra row only says whether a next page exists)
and one bounded count: at most ``MAX_PAGES × per_page + 1`` ids are counted, so past that the
pager says "Page N" without a total instead of counting the whole archive on every page.

The pager's links carry a keyset cursor: ``after`` (the sort key of the last article shown) for
the next page, ``before`` (that of the first) for the previous one. The page query then starts
at the cursor in the listing's order instead of skipping ``OFFSET`` rows, so page 50 costs
what page 1 does. Cursors are plain whole numbers (scores, microseconds since the epoch, the
trending key of ``articles.reader.ranking``, ids), the same in both languages. A ``?page=N`` URL
without a cursor (the URLs published before cursors existed) is read by ``OFFSET``.

Each page is one query in two steps (``ArticleQuerySet.window``): a subquery picks the page's
ids in the listing's order, reading only the articles and the versions' covering index
(``version_listing_keys``), and the query around it loads the full rows of those ids only.
"""

import datetime
import re
from dataclasses import dataclass
from functools import reduce
from operator import or_
from urllib.parse import urlencode

from django.db.models import Q
from django.http import Http404

MAX_PAGES = 50

# The sort keys of the sorts that page by cursor, all descending, unique thanks to the id.
KEYSET_SORTS = {
    "latest": ("published_at", "pk"),
    "trending": ("trending_key", "published_at", "pk"),
    "quality": ("live_version__quality_score", "published_at", "pk"),
    "impact": ("live_version__impact_score", "published_at", "pk"),
}
CURSOR_PARAMS = ("after", "before")
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_MICROSECOND = datetime.timedelta(microseconds=1)
# Sixteen digits: microseconds up to the year 2286, well inside every database's integers; a
# minus for times before 1970 and the trending key of articles with no heat.
_NUMBER = re.compile(r"-?\d{1,16}")
_MAX_PAGE_DIGITS = 9


@dataclass
class ListingPage:
    """One page of a listing, with what the pager needs (``num_pages`` is None past ``MAX_PAGES``)."""

    object_list: list
    number: int
    num_pages: int | None
    has_next: bool
    has_previous: bool
    next_query: str
    previous_query: str

    def has_other_pages(self):
        return self.has_next or self.has_previous


def listing_page(*, ordered, counted, sort, per_page, number="1", after=None, before=None):
    """
    Page ``number`` of ``ordered`` (a queryset sorted by ``sort``), starting after or before a
    cursor when one is given. Raises ``Http404`` for a bad number or cursor and for a page past
    the end; page 1 always exists, empty or not. ``counted`` is the plain filtered queryset.
    """
    number = _page_number(number)
    keys = KEYSET_SORTS.get(sort)
    cursor = after or before
    if cursor and (keys is None or (after and before)):
        raise Http404("This listing takes no cursor here.")
    values = _parse_cursor(cursor, keys) if cursor else None
    limit = MAX_PAGES * per_page
    total = counted.order_by().values("pk")[: limit + 1].count()
    num_pages = max(1, -(-total // per_page)) if total <= limit else None
    if not cursor and num_pages is not None and number > num_pages:
        raise Http404("That page is past the end of the listing.")
    if cursor:
        rows = _rows_from_cursor(ordered, keys, values, per_page=per_page, forward=bool(after))
    else:
        start = (number - 1) * per_page
        rows = ordered.window(start, start + per_page + 1)
    if before:
        has_previous = len(rows) > per_page
        items = rows[-per_page:]
        has_next = True
    else:
        items = rows[:per_page]
        has_next = len(rows) > per_page
        has_previous = number > 1
    if not items and (number > 1 or cursor):
        raise Http404("That page is past the end of the listing.")
    has_previous = has_previous and number > 1
    return ListingPage(
        object_list=items,
        number=number,
        num_pages=num_pages,
        has_next=has_next,
        has_previous=has_previous,
        next_query=_link(sort, number + 1, keys, "after", items[-1] if items else None),
        previous_query=_link(sort, number - 1, keys, "before", items[0] if items else None),
    )


def _page_number(value):
    if (
        not isinstance(value, str)
        or not value.isascii()
        or not value.isdigit()
        or len(value) > _MAX_PAGE_DIGITS
        or int(value) < 1
    ):
        raise Http404("That page number is not a positive whole number.")
    return int(value)


def _parse_cursor(cursor, keys):
    parts = cursor.split("_")
    if len(parts) != len(keys) or not all(_NUMBER.fullmatch(part) for part in parts):
        raise Http404("That page cursor is not one this listing writes.")
    values = [int(part) for part in parts]
    return [
        _EPOCH + value * _MICROSECOND if key == "published_at" else value
        for key, value in zip(keys, values, strict=True)
    ]


def _rows_from_cursor(ordered, keys, values, *, per_page, forward):
    # Rows strictly past the cursor in the listing's order: (k1, k2, …) < (v1, v2, …) when going
    # forward over a descending order, spelt out as an OR of prefixes (no row-value syntax needed).
    lookup = "lt" if forward else "gt"
    past = reduce(
        or_,
        (
            Q(
                **{key: value for key, value in zip(keys[:i], values[:i], strict=True)},
                **{f"{keys[i]}__{lookup}": values[i]},
            )
            for i in range(len(keys))
        ),
    )
    queryset = ordered.filter(past)
    if forward:
        return queryset.window(0, per_page + 1)
    return list(reversed(queryset.reverse().window(0, per_page + 1)))


def _cursor(article, keys):
    values = []
    for key in keys:
        value = article
        for part in key.split("__"):
            value = getattr(value, part)
        values.append((value - _EPOCH) // _MICROSECOND if key == "published_at" else value)
    return "_".join(str(value) for value in values)


def _link(sort, number, keys, direction, article):
    params = [("sort", sort), ("page", number)]
    # Page 1 is the listing's own URL: no cursor, so it stays one cached page.
    if keys is not None and article is not None and number > 1:
        params.append((direction, _cursor(article, keys)))
    return urlencode(params)
