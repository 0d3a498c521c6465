import itertools
import time

import pytest

from articles.tests.factories import EditorFactory, ModeratorFactory, UserFactory


@pytest.fixture
def editor(db):
    return EditorFactory()


@pytest.fixture
def moderator(db):
    return ModeratorFactory()


@pytest.fixture
def superuser(db):
    return UserFactory(username="chief", is_superuser=True)


@pytest.fixture(scope="session")
def _media_base(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


_media_numbers = itertools.count()


@pytest.fixture(autouse=True)
def _media_root(settings, _media_base):
    """
    Uploaded files go to a directory of the test's own, never into the repository. The directory
    is only named here: the storage makes it on the first upload, so the many tests that upload
    nothing cost no directory (``tmp_path`` would make and list one per test).
    """
    settings.MEDIA_ROOT = _media_base / str(next(_media_numbers))


@pytest.fixture(autouse=True)
def _empty_view_buffer():
    """Each test starts with no buffered views and a fresh flush interval."""
    from articles.reader import counting

    counting._local._pending.clear()
    counting._local._size = 0
    counting._local._last_flush = time.time()
    counting._buffers.clear()


@pytest.fixture
def recorded(monkeypatch):
    """The calls the receivers' deferred work makes: search index, mention index, reader links."""
    from articles.entities import mention_index
    from articles.reader import links
    from articles.search import receivers

    calls = {"search": [], "mentions": [], "links": []}
    for module, name, key in (
        (receivers, "index_articles", "search"),
        (mention_index, "reindex_versions", "mentions"),
        (links, "refresh_articles_links", "links"),
    ):
        real = getattr(module, name)

        def spy(items, real=real, key=key):
            calls[key].append(set(items))
            return real(items)

        monkeypatch.setattr(module, name, spy)
    return calls
