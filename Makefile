# Newsroom: `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-postgres worker lint messages demo bench clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

run: $(VENV)/.installed
	$(PY) manage.py compilemessages --ignore=.venv >/dev/null
	$(PY) manage.py migrate --noinput
	NEWSROOM_DEMO=1 $(PY) manage.py load_demo --address $(HOST):$(PORT)
	$(PY) manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed
	$(PY) manage.py compilemessages --ignore=.venv >/dev/null
	$(PY) -m pytest $(PYTEST_ARGS)

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

# Reader page benchmark in a throwaway SQLite database (see docs/benchmarks.md).
bench: $(VENV)/.installed
	rm -f /tmp/bench.sqlite3 /tmp/bench.sqlite3-wal /tmp/bench.sqlite3-shm
	SQLITE_PATH=/tmp/bench.sqlite3 $(PY) manage.py migrate --noinput -v0
	SQLITE_PATH=/tmp/bench.sqlite3 $(PY) manage.py bench_pages --seed --articles $${ARTICLES:-500} --requests $${REQUESTS:-30}

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles
