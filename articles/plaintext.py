"""
The one rule for what a stored text may contain, used by the admin's forms, the importer (and so
the API) and, for text stored before the rule, by every XML output.

Text may hold any character except control characters other than tab and line breaks (C0 and
C1 controls, DEL), lone surrogates and the non-characters U+FFFE/U+FFFF: they cannot be written
in XML (feeds, sitemaps), PostgreSQL refuses NUL, and none of them is typed on purpose.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALLOWED_CONTROLS = "\t\n\r"  # a text area sends its line breaks as CR LF
FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029]")


def forbidden_character(value):
    """The first character ``value`` must not contain, or None."""
    match = FORBIDDEN.search(value)
    return match.group() if match else None


def problem(value):
    """A sentence saying what is wrong with ``value``, or "" when it is acceptable text."""
    character = forbidden_character(value)
    if character is None:
        return ""
    return _(
        "contains the invisible control character U+%(code)04X at position %(position)d; only tabs and line "
        "breaks are allowed"
    ) % {"code": ord(character), "position": value.index(character) + 1}


def xml_safe(value):
    """``value`` without the characters XML cannot carry (for text saved before the rule above)."""
    return FORBIDDEN.sub("", value) if value else value


class PlainTextMixin:
    """
    For forms: a blank text is cleaned to "" (never None, which Django's form fields produce for
    the nullable per-language columns), and a text holding a forbidden character is refused with
    a message naming the field.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            if isinstance(form_field, forms.CharField) and form_field.empty_value is None:
                form_field.empty_value = ""

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            found = problem(value) if isinstance(value, str) else ""
            if found:
                label = self.fields[name].label if name in self.fields else name
                self.add_error(
                    name, ValidationError("%(field)s: %(problem)s.", params={"field": label, "problem": found})
                )
        return cleaned


def printable(value):
    """``value`` on one line, each forbidden character, tab or line break written as an escape (``\\u000b``)."""
    return ONE_LINE.sub(lambda match: f"\\u{ord(match.group()):04x}", value)
