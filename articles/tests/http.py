"""Test clients that enforce CSRF like a browser would meet it."""

from django.middleware.csrf import _get_new_csrf_string
from django.test import Client


class CsrfClient(Client):
    """A client with ``enforce_csrf_checks=True`` whose ``submit`` sends the CSRF token like a form would."""

    def __init__(self, user=None, **kwargs):
        super().__init__(enforce_csrf_checks=True, **kwargs)
        self.token = _get_new_csrf_string()
        self.cookies["csrftoken"] = self.token
        if user is not None:
            self.force_login(user)

    def submit(self, url, data=None, **kwargs):
        return self.post(url, {**(data or {}), "csrfmiddlewaretoken": self.token}, **kwargs)
