"""
Relative times for readers: "just now", "5 min ago", "5h ago", "3d ago", then a date.

The same thresholds are used by ``static/js/site.js`` to refresh the text on cached pages; the
translated patterns it needs come from ``relative_time_strings()``.
"""

import datetime
import functools

from django.utils import timezone
from django.utils.dateformat import format as date_format_string
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import get_language, gettext, override, pgettext

MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR
# After this many days a relative time becomes a date.
DAYS_BEFORE_DATE = 7
# "Updated …" is shown only when the update came at least this long after publication.
MEANINGFUL_UPDATE = datetime.timedelta(minutes=30)


def date_pattern():
    # Translators: a PHP-style date format for dates older than a week (Django's "date" filter).
    return pgettext("short date format", "M j, Y")


def relative_time(value, now=None):
    """Localized relative text for a past moment (in the active language)."""
    now = now or timezone.now()
    seconds = int((now - value).total_seconds())
    if seconds < MINUTE:
        return gettext("just now")
    if seconds < HOUR:
        return gettext("%(count)s min ago") % {"count": seconds // MINUTE}
    if seconds < DAY:
        return gettext("%(count)sh ago") % {"count": seconds // HOUR}
    if seconds < DAYS_BEFORE_DATE * DAY:
        return gettext("%(count)sd ago") % {"count": seconds // DAY}
    return _date_text(value, get_language(), timezone.get_current_timezone_name())


@functools.lru_cache(maxsize=4096)
def _date_text(value, language, zone):
    # A moment older than a week reads as its date, whatever the clock says: remembered per
    # moment, language and time zone (a listing prints twenty of them on every request).
    return date_format_string(timezone.localtime(value), date_pattern())


def time_since(value, now=None):
    """
    Precise elapsed time for staff screens: "just now" under a minute (never "0 minutes ago"),
    else Django's "3 hours, 5 minutes ago", translated.
    """
    now = now or timezone.now()
    if (now - value).total_seconds() < MINUTE:
        return gettext("just now")
    return gettext("%(since)s ago") % {"since": timesince(value, now)}


def absolute_time(value):
    """The full localized date and time, for the tooltip."""
    return _absolute_time(value, get_language(), timezone.get_current_timezone_name())


@functools.lru_cache(maxsize=4096)
def _absolute_time(value, language, zone):
    # Remembered per moment, language and time zone: a page prints the same few times on every
    # request (its own, its related articles'), and localized date formatting is slow.
    local = timezone.localtime(value)
    return f"{date_format(local, 'DATETIME_FORMAT')} {local.tzname()}"


def updated_label(text):
    return gettext("Updated %(when)s") % {"when": text}


def is_meaningful_update(published_at, updated_at):
    return bool(published_at and updated_at and updated_at - published_at >= MEANINGFUL_UPDATE)


def relative_time_strings():
    """
    The translated patterns ``site.js`` uses to refresh relative times, per language (keyed by
    lowercase language tag), since one page may hold both languages (bilingual reading).
    """
    from articles.languages import LANGUAGE_CODES

    return _relative_time_strings(tuple(LANGUAGE_CODES))


@functools.cache
def _relative_time_strings(codes):
    # The same on every page: built once per process (translations do not change while it runs).
    strings = {}
    for code in codes:
        with override(code):
            strings[code] = _patterns()
    return strings


def _patterns():
    return {
        "now": gettext("just now"),
        "minutes": gettext("%(count)s min ago"),
        "hours": gettext("%(count)sh ago"),
        "days": gettext("%(count)sd ago"),
        "updated": gettext("Updated %(when)s"),
        "daysBeforeDate": DAYS_BEFORE_DATE,
    }


def time_element(value, kind="published"):
    """
    ``<time datetime="…" title="absolute time" data-reltime="published">5h ago</time>``; with
    ``kind="updated"`` the text is "Updated 2h ago" / "更新于 2小时前". ``site.js`` refreshes the
    text from ``datetime`` so cached pages stay right. Empty for no time.
    """
    if not value:
        return ""
    text = relative_time(value)
    if kind == "updated":
        text = updated_label(text)
    return format_html(
        '<time datetime="{}" title="{}" data-reltime="{}">{}</time>',
        value.isoformat(),
        absolute_time(value),
        kind,
        text,
    )
