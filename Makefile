# Newsroom: `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-postgres worker lint messages demo bench bench-pages bench-images fonts clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

run: $(VENV)/.installed
	$(PY) manage.py compilemessages --ignore=.venv >/dev/null
	$(PY) manage.py migrate --noinput
	-$(PY) manage.py card_font  # without a CJK font: says so, and social cards are skipped
	NEWSROOM_DEMO=1 $(PY) manage.py load_demo --address $(HOST):$(PORT)
	$(PY) manage.py runserver $(HOST):$(PORT)

# The CJK font generated social cards are drawn with (docs/images.md): installs Debian's
# fonts-noto-cjk when run as root on Debian/Ubuntu, then prints the font found or how to get one.
fonts: $(VENV)/.installed
	@if ! fc-list :lang=zh 2>/dev/null | grep -q . && command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null; fi
	$(PY) manage.py card_font

# The compiled catalogues, remade only when a .po file changed (compiling costs a few seconds).
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))
locale/%.mo: locale/%.po
	$(PY) manage.py compilemessages --ignore=.venv >/dev/null

# Three processes by default on this 2-core machine: the browser tests spend about half their
# time waiting on chromium and the live server, and a third process fills those waits (measured:
# 4:10 against 4:24 with two, same tree, docs/benchmarks.md "The test suite"). TEST_WORKERS=0
# runs in one process. worksteal: an idle process takes tests from a busy one, so no single slow
# file sets the pace.
TEST_WORKERS ?= 3
test: $(VENV)/.installed $(MO_FILES)
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist worksteal) $(PYTEST_ARGS)

# The same suite against PostgreSQL (DATABASE_URL defaults to the local server).
test-postgres: $(VENV)/.installed
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/newsroom} $(MAKE) test

# Publishes scheduled updates whose time has come and writes buffered view counts, every minute
# (see docs/operations.md).
worker: $(VENV)/.installed
	while true; do $(PY) manage.py publish_scheduled; $(PY) manage.py flush_view_counts; sleep 60; done

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

messages: $(VENV)/.installed
	$(PY) manage.py makemessages -l zh_Hans --ignore=.venv --no-obsolete
	$(PY) manage.py makemessages -d djangojs -l zh_Hans --ignore=.venv --ignore=staticfiles --no-obsolete

# The benchmark harness (docs/benchmarks.md): N articles in a throwaway database, gunicorn + wrk,
# the floor, the nginx ceiling and micro-cache, and a stock Wagtail site; results in
# docs/benchmark-results/. Quick check: make bench N=200 ROUNDS=1 DURATION=3
N ?= 2000
ROUNDS ?= 3
DURATION ?= 10
DB ?= sqlite
BENCH_ARGS ?=
bench: $(VENV)/.installed
	$(PY) manage.py compilemessages --ignore=.venv >/dev/null
	$(PY) -m bench --articles $(N) --rounds $(ROUNDS) --duration $(DURATION) --db $(DB) $(BENCH_ARGS)

# The in-process reader page timings (manage.py bench_pages) in a throwaway SQLite database.
bench-pages: $(VENV)/.installed
	rm -f /tmp/bench.sqlite3 /tmp/bench.sqlite3-wal /tmp/bench.sqlite3-shm
	SQLITE_PATH=/tmp/bench.sqlite3 $(PY) manage.py migrate --noinput -v0
	SQLITE_PATH=/tmp/bench.sqlite3 $(PY) manage.py bench_pages --seed --articles $${ARTICLES:-500} --requests $${REQUESTS:-30}

# What renditions save on a listing page and cost to make, in a throwaway database (docs/benchmarks.md).
bench-images: $(VENV)/.installed
	rm -rf /tmp/bench-images.sqlite3* /tmp/bench-media
	SQLITE_PATH=/tmp/bench-images.sqlite3 MEDIA_ROOT=/tmp/bench-media $(PY) manage.py migrate --noinput -v0
	SQLITE_PATH=/tmp/bench-images.sqlite3 MEDIA_ROOT=/tmp/bench-media $(PY) manage.py bench_images

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles
