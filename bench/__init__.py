"""
The benchmark harness (``make bench``, docs/benchmarks.md).

Builds a throwaway corpus, serves it under gunicorn with production settings, drives it with
``wrk`` from a separate process and compares every figure with two references serving the same
bytes: a one-row plain Django view (the floor) and nginx serving a static file (the ceiling).
Modules: ``corpus`` (bulk corpus, runs inside Django), ``load`` (wrk and its output),
``servers`` (gunicorn, nginx, RSS), ``report`` (ratios, Markdown and JSON), ``wagtail_site``
(the stock Wagtail comparison), ``run`` (the orchestration; ``python -m bench``).
"""
