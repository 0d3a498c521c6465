"""Helpers for admin tests: read a rendered admin form like a browser would, and post it back."""

import re
from html.parser import HTMLParser

from django.test import Client


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields = []  # (name, value) pairs in document order, like a browser's form data set
        self.names = set()  # every field name, including the inline templates ("__prefix__")
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            self.names.add(name)
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._add(name, attrs.get("value", "on" if kind in ("checkbox", "radio") else ""))
        elif tag == "textarea" and name:
            self.names.add(name)
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self.names.add(name)
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self._add(self._select, attrs.get("value", ""))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            name, value = self._textarea
            self._add(name, value[1:] if value.startswith("\n") else value)
            self._textarea = None
        elif tag == "select":
            self._select = None

    def _add(self, name, value):
        if "__prefix__" not in name:
            self.fields.append((name, value))


class AdminForm:
    """The data a browser would send for a form on an admin page, editable before posting."""

    def __init__(self, html, form_id):
        reader = _FormReader(form_id)
        reader.feed(html)
        if not reader.fields:
            raise AssertionError(f"No form #{form_id} on the page")
        self.names = reader.names
        self.data = {}
        for name, value in reader.fields:
            self.data.setdefault(name, []).append(value)

    def __getitem__(self, name):
        values = self.data[name]
        return values[0] if len(values) == 1 else values

    def __setitem__(self, name, value):
        if name not in self.names:
            raise KeyError(f"The form has no field {name!r}")
        self.data[name] = [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]

    def uncheck(self, name):
        if name not in self.names:
            raise KeyError(f"The form has no field {name!r}")
        self.data.pop(name, None)

    def add_row(self, prefix, **values):
        """Like "Add another": a new row of inline ``prefix`` built from its template; returns its index."""
        index = int(self[f"{prefix}-TOTAL_FORMS"])
        for name in sorted(self.names):
            if name.startswith(f"{prefix}-__prefix__-"):
                field = name.split("-", 2)[2]
                self.names.add(f"{prefix}-{index}-{field}")
                self.data[f"{prefix}-{index}-{field}"] = [""] if field not in ("position",) else ["0"]
        self.data.pop(f"{prefix}-{index}-DELETE", None)
        self.data[f"{prefix}-{index}-version"] = [""]
        self.data[f"{prefix}-TOTAL_FORMS"] = [str(index + 1)]
        for field, value in values.items():
            self[f"{prefix}-{index}-{field}"] = value
        return index

    def rows(self, prefix):
        return int(self[f"{prefix}-TOTAL_FORMS"])

    def post_data(self):
        return {name: values if len(values) != 1 else values[0] for name, values in self.data.items()}


def browser(user):
    """A client that enforces CSRF like the real site, logged in as ``user``."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def open_form(client, url, form_id="articleversion_form"):
    response = client.get(url, follow=True)
    assert response.status_code == 200, response.status_code
    return response, AdminForm(response.content.decode(), form_id)


def csrf_token(response):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())
    assert match, "no CSRF token on the page"
    return match.group(1)


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


def hidden_values(response, prefix):
    """The hidden inputs of a rendered page whose name starts with ``prefix``: {name: value}."""
    html = response.content.decode()
    return dict(re.findall(rf'<input type="hidden" name="({re.escape(prefix)}[^"]*)" value="([^"]*)"', html))
