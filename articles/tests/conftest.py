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
