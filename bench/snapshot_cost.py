"""
CPU cost of storing page snapshots (fragments and page shells): ``python -m bench.snapshot_cost``.

Runs one pytest node (by default the 300-article query budget test, which stores 306 snapshots)
with each step of storing a snapshot wrapped in a CPU clock (``time.process_time``: the
machine's load moves it much less than wall time; no profiler, so no profiler overhead), and
prints per step its calls, its CPU seconds and milliseconds per snapshot, plus the CPU of the
whole run.

    python -m bench.snapshot_cost [NODE]

To measure another tree (``main`` before a change), run this file from that tree's directory:
``cd /path/to/tree && python /path/to/bench/snapshot_cost.py``; a step that tree lacks is left out.
"""

import functools
import importlib
import sys
import time

NODE = (
    "articles/tests/test_query_budget.py::"
    "test_reader_pages_cost_the_same_queries_for_three_and_three_hundred_articles[en]"
)
# (module, function): storing snapshots, one snapshot, and its parts (each called through its
# module's attribute, so wrapping the attribute times every call).
STEPS = (
    ("articles.reader.snapshots", "store_snapshots"),
    ("articles.reader.snapshots", "snapshot_data"),
    ("articles.reader.snapshots", "page_bodies"),
    ("articles.reader.snapshots", "page_fragments"),
    ("articles.reader.shell", "render_shells"),
)


def timed(function, costs):
    """``function`` adding its calls and CPU seconds to ``costs`` (the outermost call only when it recurses)."""
    depth = [0]

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        depth[0] += 1
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            depth[0] -= 1
            if not depth[0]:
                costs[0] += 1
                costs[1] += time.process_time() - started

    return wrapper


def install():
    """Wrap every step this tree has; return ``{step: [calls, seconds]}``."""
    costs = {}
    for module_name, name in STEPS:
        module = importlib.import_module(module_name)
        if hasattr(module, name):
            costs[(module_name, name)] = [0, 0.0]
            setattr(module, name, timed(getattr(module, name), costs[(module_name, name)]))
    return costs


def main(argv=None):
    import pytest

    args = sys.argv[1:] if argv is None else argv
    node = args[0] if args else NODE

    class Timing:
        costs = {}

        def pytest_sessionstart(self, session):  # Django is set up by then
            Timing.costs = install()

    started = time.process_time()
    code = pytest.main(["-q", "-p", "no:cacheprovider", node], plugins=[Timing()])
    total = time.process_time() - started
    snapshots = Timing.costs.get(STEPS[1], [0])[0] or 1
    print(f"\n{node}\nCPU of the run: {total:.2f} s; snapshots stored: {snapshots}")
    print(f"{'step':<45} {'calls':>6} {'CPU s':>8} {'ms/snapshot':>12}")
    for step in STEPS:
        if step in Timing.costs:
            calls, seconds = Timing.costs[step]
            print(f"{step[0] + '.' + step[1]:<45} {calls:>6} {seconds:>8.2f} {1000 * seconds / snapshots:>12.1f}")
    return code


if __name__ == "__main__":
    sys.exit(main())
