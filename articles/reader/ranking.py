"""
Listing orders, computed by the database. Trending is the hot score halved every
``TRENDING_HALF_LIFE_HOURS`` of age (see docs/trending.md):

    trending = hot_score × 0.5 ^ (max(age_hours, 0) / TRENDING_HALF_LIFE_HOURS)
"""

from django.core.exceptions import ImproperlyConfigured
from django.db.models import F, FloatField, Func, Value
from django.db.models.functions import Cast, Greatest, Power

TRENDING_HALF_LIFE_HOURS = 24.0

SORTS = ("latest", "trending", "quality", "impact")
DEFAULT_SORT = "latest"


class HoursSince(Func):
    """Hours between a timestamp column and the database's current time (a float)."""

    output_field = FloatField()
    arity = 1

    def as_sqlite(self, compiler, connection, **extra):
        # Django stores UTC timestamps as text on SQLite; julianday() reads them.
        template = "((julianday('now') - julianday(%(expressions)s)) * 24.0)"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        template = "(EXTRACT(EPOCH FROM (STATEMENT_TIMESTAMP() - %(expressions)s)) / 3600.0)"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_sql(self, compiler, connection, **extra):
        if "template" not in extra:
            raise ImproperlyConfigured(f"HoursSince has no SQL for the {connection.vendor} database.")
        return super().as_sql(compiler, connection, **extra)


def trending_expression():
    age = Greatest(HoursSince("published_at"), Value(0.0))
    decay = Power(Value(0.5), age / Value(TRENDING_HALF_LIFE_HOURS))
    return Cast(F("live_version__hot_score"), FloatField()) * decay


def sort_articles(queryset, sort):
    """Order an Article queryset by one of ``SORTS``; ties go to the newer article."""
    if sort == "trending":
        return queryset.annotate(trending=trending_expression()).order_by("-trending", "-published_at", "-pk")
    if sort == "quality":
        return queryset.order_by("-live_version__quality_score", "-published_at", "-pk")
    if sort == "impact":
        return queryset.order_by("-live_version__impact_score", "-published_at", "-pk")
    if sort == "latest":
        return queryset.order_by("-published_at", "-pk")
    raise ValueError(f"Unknown sort {sort!r}; expected one of {', '.join(SORTS)}.")
