"""The Editors and Moderators groups (``articles.roles``)."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from articles import roles


def codenames(name):
    return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))


@pytest.mark.django_db
def test_each_group_has_exactly_its_roles_permissions():
    assert codenames(roles.EDITORS) == set(roles.EDITOR_PERMISSIONS)
    assert codenames(roles.MODERATORS) == set(roles.MODERATOR_PERMISSIONS)
    assert "publish_article" not in roles.EDITOR_PERMISSIONS


@pytest.mark.django_db
def test_ensure_groups_restores_a_permission_taken_away():
    Group.objects.get(name=roles.MODERATORS).permissions.clear()
    roles.ensure_groups()
    assert codenames(roles.MODERATORS) == set(roles.MODERATOR_PERMISSIONS)


@pytest.mark.django_db(transaction=True)
def test_a_flushed_database_gets_the_groups_back():
    call_command("flush", interactive=False, verbosity=0)
    assert codenames(roles.EDITORS) == set(roles.EDITOR_PERMISSIONS)
    assert codenames(roles.MODERATORS) == set(roles.MODERATOR_PERMISSIONS)
