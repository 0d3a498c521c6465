"""Settings come from the environment; production mode refuses to start half-configured."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def start(**env):
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"}}
    environment.update(env, DJANGO_SETTINGS_MODULE="newsroom.settings")
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_debug_off_without_a_secret_key_stops_start_up_naming_the_variable():
    result = start(DEBUG="0", ALLOWED_HOSTS="news.example.com")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_debug_off_without_allowed_hosts_stops_start_up_naming_the_variable():
    result = start(DEBUG="0", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_debug_off_with_both_set_starts():
    result = start(DEBUG="0", SECRET_KEY="x" * 50, ALLOWED_HOSTS="news.example.com")
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_a_malformed_boolean_is_refused_with_its_name():
    result = start(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


@pytest.mark.parametrize("variable", ["DATABASE_URL", "REDIS_URL"])
def test_scale_out_variables_switch_backends(variable):
    value = {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/x", "REDIS_URL": "redis://127.0.0.1:6379/3"}[variable]
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    environment[variable] = value
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'])",
        ],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "newsroom.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    expected = "postgresql" if variable == "DATABASE_URL" else "RedisCache"
    assert expected in result.stdout, result.stderr


@pytest.mark.parametrize("variable", ["NEWSROOM_WORKERS", "WEB_CONCURRENCY"])
def test_several_workers_on_the_in_process_cache_are_refused_naming_the_fix(variable):
    environment = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "NEWSROOM_WORKERS", "WEB_CONCURRENCY"}}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env={**environment, variable: "2", "DJANGO_SETTINGS_MODULE": "newsroom.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0 and "REDIS_URL" in result.stderr and variable in result.stderr.replace("/", " ")


def test_one_worker_or_redis_starts():
    assert start(NEWSROOM_WORKERS="1").stdout.strip() == "started"
    assert start(NEWSROOM_WORKERS="3", REDIS_URL="redis://127.0.0.1:1/0").stdout.strip() == "started"


def test_database_connections_are_health_checked():
    from django.conf import settings

    assert all(database.get("CONN_HEALTH_CHECKS") for database in settings.DATABASES.values())


def _sqlite_conn_max_age(**env):
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DB_CONN_MAX_AGE"}}
    environment.update(env, DJANGO_SETTINGS_MODULE="newsroom.settings")
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings as s; print(s.DATABASES['default']['CONN_MAX_AGE'])"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return int(result.stdout)


def test_sqlite_connections_are_kept_between_requests_unless_configured_otherwise():
    # Opening the SQLite file and reading its schema per request cost more than a cached page.
    assert _sqlite_conn_max_age() == 60
    assert _sqlite_conn_max_age(DB_CONN_MAX_AGE="0") == 0
