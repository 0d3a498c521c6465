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
