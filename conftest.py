import hashlib
import os
import tempfile
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _clear_cache():
    """Tests never see each other's cached pages."""
    try:
        from django.core.cache import cache

        from articles import caching

        caching.reset()  # an outage simulated by one test is not remembered by the next
        cache.clear()
    except Exception:  # noqa: BLE001 - pure-Python tests run without Django configured
        cache = None
    yield
    if cache is not None:
        cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language: a request to /zh-hans/ (or with a Chinese
    Accept-Language) leaves Chinese active in the thread after the response."""
    try:
        from django.conf import settings
        from django.utils import translation

        translation.activate(settings.LANGUAGE_CODE)
    except Exception:  # noqa: BLE001 - pure-Python tests run without Django configured
        translation = None
    yield
    if translation is not None:
        translation.deactivate()


# The test database's schema ------------------------------------------------------------------
#
# Migrating an empty SQLite database (43 migrations and their data) costs each test process about
# seven seconds of CPU. The migrated database is kept as a file named by a hash of every migration
# file (and the Django and SQLite versions); the next process whose migrations hash the same copies
# it into its in-memory test database instead of migrating. Any change to a migration makes a new
# name, so the copy is always what migrating would give. PostgreSQL, --reuse-db and --nomigrations
# are left to pytest-django.

SCHEMA_CACHE = Path(tempfile.gettempdir()) / "newsroom-test-schema"


def _schema_key():
    import sqlite3
    import sys

    import django
    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    if any(list(apps.get_app_config(label).get_models()) for label in loader.unmigrated_apps):
        return None  # tables made from models without migrations: not covered by the hash
    digest = hashlib.sha256(f"{django.__version__} {sqlite3.sqlite_version}".encode())
    for key in sorted(loader.disk_migrations):
        digest.update(repr(key).encode())
        digest.update(Path(sys.modules[loader.disk_migrations[key].__module__].__file__).read_bytes())
    return digest.hexdigest()[:32]


def _migrate_or_copy(real_call_command, key):
    def call_command(name, *args, **options):
        if name != "migrate":
            return real_call_command(name, *args, **options)
        import sqlite3

        from django.db import connections

        connection = connections[options.get("database", "default")]
        connection.ensure_connection()
        template = SCHEMA_CACHE / f"{key}.sqlite3"
        if template.exists():
            source = sqlite3.connect(template)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
            return None
        result = real_call_command(name, *args, **options)
        SCHEMA_CACHE.mkdir(exist_ok=True)
        partial = SCHEMA_CACHE / f"{key}.{os.getpid()}.partial"
        target = sqlite3.connect(partial)
        try:
            connection.connection.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
        os.replace(partial, template)  # whole or absent: another process may be reading it
        return result

    return call_command


@pytest.fixture(scope="session")
def _schema_from_cache(request, django_db_use_migrations, django_db_keepdb):
    from django.db import connections

    patch = pytest.MonkeyPatch()
    connection = connections["default"]
    if (
        connection.vendor == "sqlite"
        and connection.creation.is_in_memory_db(connection.creation._get_test_db_name())
        and django_db_use_migrations
        and not django_db_keepdb
    ):
        key = _schema_key()
        if key:
            from django.core import management

            patch.setattr(management, "call_command", _migrate_or_copy(management.call_command, key))
    return patch


@pytest.fixture(scope="session")
def django_db_setup(_schema_from_cache, django_db_setup):
    """pytest-django's test databases, the SQLite one copied from the schema cache when it can be."""
    _schema_from_cache.undo()
    yield
