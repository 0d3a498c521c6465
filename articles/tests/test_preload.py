import gc
import runpy
from pathlib import Path

import pytest
from django.db import connections

from articles.entities import dictionary
from articles.search import segmentation
from articles.tests.factories import EntityFactory
from newsroom.preload import preload

CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"


@pytest.fixture
def _unfreeze():
    yield
    gc.unfreeze()


@pytest.mark.django_db(transaction=True)
def test_preloading_loads_the_dictionaries_and_the_vocabulary_and_closes_the_connections(_unfreeze, monkeypatch):
    EntityFactory(name_en="Acme", name_zh_hans="艾克米公司")
    closed = []
    close_all = connections.close_all
    monkeypatch.setattr(connections, "close_all", lambda: closed.append(True) or close_all())
    loaded = preload()
    assert loaded == ["jieba dictionary", "entity vocabulary", "reader templates"]
    assert closed == [True]  # nothing for the forked workers to share (an in-memory test database stays open)
    assert gc.get_freeze_count() > 0
    assert dictionary.plain_tokenizer().initialized
    assert "艾克米公司" in segmentation.refresh_vocabulary()


def test_the_gunicorn_settings_preload_the_site_in_the_master(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.setenv("NEWSROOM_WORKERS", "3")
    settings = runpy.run_path(str(CONFIG))
    assert settings["preload_app"] is True
    assert settings["worker_class"] == "sync"
    assert settings["workers"] == 3  # the variable the settings check against REDIS_URL
    assert 0 < settings["timeout"] <= 120


def test_the_gunicorn_settings_run_the_preload_when_ready(monkeypatch):
    calls = []
    monkeypatch.setattr("newsroom.preload.preload", lambda: calls.append("preload") or ["x"])
    logged = []

    class Log:
        def info(self, message, *args):
            logged.append(message % args)

    class Server:
        log = Log()

    runpy.run_path(str(CONFIG))["when_ready"](Server())
    assert calls == ["preload"] and logged == ["Preloaded before forking: x"]
