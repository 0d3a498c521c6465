"""
Queries compiled once per process: ``PreparedQuery``.

Building the SQL of an ORM query (resolving lookups, joins, ``select_related``, ``only``…) costs
thousands of Python calls per request, while the SQL itself is the same on every request but for
one value (the article's slug or id). A ``PreparedQuery`` builds its queryset once per database
alias and ``variant`` (for example the language, when the query names a language's column) with
a marker in place of that value, keeps the compiled SQL and its parameters, and on each call
runs that SQL with the value put where the marker was. The rows become model instances exactly
as ``QuerySet`` iteration makes them (``from_db``, ``select_related`` populators, converters), so
callers get the objects the queryset would have given.

Only the marker varies between calls: the queryset must not hold anything else that changes per
request (use ``Now()`` for the time, as ``published_q`` does, never a Python ``now``).
"""

import copy
import threading

from django.db import connections, router
from django.db.models.query import get_related_populators

# Stand-ins for the value while compiling; a parameter equal to one of them is the value's place.
MARKERS = {str: "\x00prepared-value\x00", int: -7_319_455_062_817}


class PreparedQuery:
    """``PreparedQuery(model, build, kind=str, rows=False)``; ``query(value, variant=…)`` → a list of model instances (or row tuples)."""

    def __init__(self, model, build, *, kind=str, rows=False):
        self.model = model
        self.rows = rows  # True: the rows as tuples (a ``values_list()`` query), not model instances
        self.build = build  # build(marker, variant) -> a QuerySet of ``model``
        self.marker = MARKERS[kind]
        self._compiled = {}
        self._lock = threading.Lock()

    def __call__(self, value, *, variant=None):
        alias = router.db_for_read(self.model)
        queryset, compiler, sql, params, index = self._entry(variant, alias)
        compiler = copy.copy(compiler)
        compiler.connection = connections[alias]
        params = list(params)
        params[index] = value
        compiler.as_sql = lambda *args, **kwargs: (sql, tuple(params))
        if self.rows:
            return list(compiler.results_iter(compiler.execute_sql()))
        return list(_instances(queryset, compiler, alias))

    def _entry(self, variant, alias):
        key = (variant, alias, connections[alias].vendor)
        entry = self._compiled.get(key)
        if entry is None:
            with self._lock:
                queryset = self.build(self.marker, variant).using(alias)
                compiler = queryset.query.get_compiler(using=alias)
                sql, params = compiler.as_sql()
                found = [i for i, param in enumerate(params) if param == self.marker]
                if len(found) != 1:
                    raise ValueError(
                        f"The prepared query must hold its marker once in its parameters, not {len(found)}."
                    )
                entry = self._compiled[key] = (queryset, compiler, sql, tuple(params), found[0])
        return entry

    def sql(self, variant=None):
        """The compiled SQL (with its marker parameter): for tests and profiling."""
        _queryset, _compiler, sql, params, _index = self._entry(variant, router.db_for_read(self.model))
        return sql, params


def _instances(queryset, compiler, alias):
    # What django.db.models.query.ModelIterable does, with a compiler whose SQL is ready.
    results = compiler.execute_sql()
    select, klass_info, annotation_col_map = compiler.select, compiler.klass_info, compiler.annotation_col_map
    model_cls = klass_info["model"]
    select_fields = klass_info["select_fields"]
    start, end = select_fields[0], select_fields[-1] + 1
    init_list = [f[0].target.attname for f in select[start:end]]
    populators = get_related_populators(klass_info, select, alias)
    for row in compiler.results_iter(results):
        obj = model_cls.from_db(alias, init_list, row[start:end])
        for populator in populators:
            populator.populate(row, obj)
        if annotation_col_map:
            for name, position in annotation_col_map.items():
                setattr(obj, name, row[position])
        yield obj
