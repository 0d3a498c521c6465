"""
Listing orders, computed by the database. Trending is the hot score halved every
``TRENDING_HALF_LIFE_HOURS`` of age (see docs/trending.md):

    trending = hot_score × 0.5 ^ (max(age_hours, 0) / TRENDING_HALF_LIFE_HOURS)

Listings order by ``trending_key`` instead, which gives the same order without the clock: both
articles' scores decay at the same rate, so comparing them today is comparing
``ln(hot) + ln 2 × published_hours / TRENDING_HALF_LIFE_HOURS`` (hours since 1970), a number
fixed at publication. It is kept as a whole number of millionths, so pager cursors can carry it.
"""

import math

from django.core.exceptions import ImproperlyConfigured
from django.db.models import BigIntegerField, Case, F, FloatField, Func, Value, When
from django.db.models.functions import Cast, Greatest, Ln, Power

TRENDING_HALF_LIFE_HOURS = 24.0

SORTS = ("latest", "trending", "quality", "impact")
DEFAULT_SORT = "latest"


class _HoursFunc(Func):
    """A float of hours, spelt per database (``templates``: vendor → SQL with ``%(expressions)s``)."""

    output_field = FloatField()
    arity = 1
    templates = {}

    def as_sql(self, compiler, connection, **extra):
        template = self.templates.get(connection.vendor)
        if template is None:
            raise ImproperlyConfigured(f"{type(self).__name__} has no SQL for the {connection.vendor} database.")
        return super().as_sql(compiler, connection, template=template, **extra)


class HoursSince(_HoursFunc):
    """Hours between a timestamp column and the database's current time."""

    templates = {
        # Django stores UTC timestamps as text on SQLite; julianday() reads them.
        "sqlite": "((julianday('now') - julianday(%(expressions)s)) * 24.0)",
        "postgresql": "(EXTRACT(EPOCH FROM (STATEMENT_TIMESTAMP() - %(expressions)s)) / 3600.0)",
    }


class HoursSinceEpoch(_HoursFunc):
    """Hours from 1970-01-01 UTC to a timestamp column."""

    templates = {
        "sqlite": "((julianday(%(expressions)s) - 2440587.5) * 24.0)",
        "postgresql": "(EXTRACT(EPOCH FROM %(expressions)s) / 3600.0)",
    }


# Below every real key: a hot score of 0 decays to 0 at any age, so those articles tie (and go
# newest first, like equal scores).
NO_HEAT_KEY = -(10**15)
_KEY_SCALE = 10**6


def trending_key_expression():
    """The time-invariant trending key (module docstring): a whole number, larger is hotter."""
    rate = math.log(2) / TRENDING_HALF_LIFE_HOURS
    key = (
        Ln(Cast(F("live_version__hot_score"), FloatField())) + HoursSinceEpoch("published_at") * Value(rate)
    ) * Value(float(_KEY_SCALE))
    return Case(
        When(live_version__hot_score__gt=0, then=Cast(key, BigIntegerField())),
        default=Value(NO_HEAT_KEY),
        output_field=BigIntegerField(),
    )


def trending_expression():
    age = Greatest(HoursSince("published_at"), Value(0.0))
    decay = Power(Value(0.5), age / Value(TRENDING_HALF_LIFE_HOURS))
    return Cast(F("live_version__hot_score"), FloatField()) * decay


def sort_articles(queryset, sort):
    """Order an Article queryset by one of ``SORTS``; ties go to the newer article."""
    if sort == "trending":
        return queryset.annotate(trending=trending_expression(), trending_key=trending_key_expression()).order_by(
            "-trending_key", "-published_at", "-pk"
        )
    if sort == "quality":
        return queryset.order_by("-live_version__quality_score", "-published_at", "-pk")
    if sort == "impact":
        return queryset.order_by("-live_version__impact_score", "-published_at", "-pk")
    if sort == "latest":
        return queryset.order_by("-published_at", "-pk")
    raise ValueError(f"Unknown sort {sort!r}; expected one of {', '.join(SORTS)}.")
