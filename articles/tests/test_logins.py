"""Admin logins (issue 11, finding 5): throttled per account and address by django-axes, unlocked in the admin; sessions expire."""

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse

from articles.tests.factories import EditorFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("admin:login")
PASSWORD = "correct horse battery staple"


@pytest.fixture
def account():
    user = EditorFactory(username="ed")
    user.set_password(PASSWORD)
    user.save()
    return user


def login(password, *, address="203.0.113.7", username="ed"):
    client = Client(REMOTE_ADDR=address)
    response = client.post(LOGIN_URL, {"username": username, "password": password, "next": "/admin/"})
    return client, response


def logged_in(client):
    return client.get(reverse("admin:index")).status_code == 200


def test_the_axes_backend_checks_every_login_first():
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


def test_after_the_failure_limit_even_the_right_password_is_refused_from_that_address(account):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _client, response = login("wrong")
        assert response.status_code == 200  # the login form again, with its error
    _client, response = login("wrong")
    assert response.status_code == 429

    client, response = login(PASSWORD)

    assert response.status_code == 429 and "Login locked" in response.content.decode()
    assert not logged_in(client)


def test_the_lock_is_per_account_and_address(account):
    EditorFactory(username="other").set_password(PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login("wrong")
    client, response = login(PASSWORD, address="198.51.100.2")  # the same account elsewhere
    assert response.status_code == 302 and logged_in(client)


def test_the_lock_ends_after_the_cool_off_time(account):
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC), tick=False) as clock:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            login("wrong")
        assert login(PASSWORD)[1].status_code == 429
        clock.shift(settings.AXES_COOLOFF_TIME + datetime.timedelta(seconds=1))
        client, response = login(PASSWORD)
        assert response.status_code == 302 and logged_in(client)


def test_an_administrator_unlocks_an_account_in_the_admin(account, superuser):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login("wrong")
    attempt = AccessAttempt.objects.get(username="ed")
    admin = Client()
    admin.force_login(superuser)
    changelist = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert changelist.status_code == 200 and "203.0.113.7" in changelist.content.decode()

    response = admin.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})

    assert response.status_code == 302
    client, response = login(PASSWORD)
    assert response.status_code == 302 and logged_in(client)


def test_a_successful_login_resets_the_count_of_failures(account):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login("wrong")
    assert login(PASSWORD)[1].status_code == 302
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login("wrong")
    assert login(PASSWORD)[1].status_code == 302


def test_a_staff_session_expires_after_the_configured_hours(account):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC), tick=False) as clock:
        client, response = login(PASSWORD)
        assert response.status_code == 302
        clock.shift(datetime.timedelta(hours=7, minutes=59))
        assert logged_in(client)
        clock.shift(datetime.timedelta(minutes=2))
        response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN_URL)
