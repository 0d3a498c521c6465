import pytest


@pytest.fixture(autouse=True)
def _clear_cache():
    """Tests never see each other's cached pages."""
    try:
        from django.core.cache import cache

        cache.clear()
    except Exception:  # noqa: BLE001 - pure-Python tests run without Django configured
        cache = None
    yield
    if cache is not None:
        cache.clear()
