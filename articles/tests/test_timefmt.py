"""Relative, localized times: minutes, hours, days, then a date; "Updated" only when it matters."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from articles import timefmt

NOW = datetime.datetime(2026, 11, 28, 12, 0, tzinfo=datetime.UTC)

CASES = [
    (datetime.timedelta(seconds=20), "just now", "刚刚"),
    (datetime.timedelta(minutes=5), "5 min ago", "5分钟前"),
    (datetime.timedelta(minutes=59, seconds=59), "59 min ago", "59分钟前"),
    (datetime.timedelta(hours=5), "5h ago", "5小时前"),
    (datetime.timedelta(hours=23, minutes=59), "23h ago", "23小时前"),
    (datetime.timedelta(days=3), "3d ago", "3天前"),
    (datetime.timedelta(days=6, hours=23), "6d ago", "6天前"),
    (datetime.timedelta(days=8), "Nov 20, 2026", "2026年11月20日"),
    (datetime.timedelta(days=400), "Oct 24, 2025", "2025年10月24日"),
]


@pytest.mark.parametrize(("ago", "english", "chinese"), CASES)
def test_relative_time_in_both_languages(ago, english, chinese):
    with translation.override("en"):
        assert timefmt.relative_time(NOW - ago, now=NOW) == english
    with translation.override("zh-hans"):
        assert timefmt.relative_time(NOW - ago, now=NOW) == chinese


def test_updated_label_is_translated():
    with translation.override("en"):
        assert timefmt.updated_label("2h ago") == "Updated 2h ago"
    with translation.override("zh-hans"):
        assert timefmt.updated_label("2小时前") == "更新于 2小时前"


@pytest.mark.parametrize(
    ("published", "updated", "shown"),
    [
        (NOW, None, False),
        (NOW, NOW + datetime.timedelta(minutes=5), False),
        (NOW, NOW + datetime.timedelta(minutes=30), True),
        (NOW, NOW + datetime.timedelta(hours=3), True),
        (None, NOW, False),
    ],
)
def test_an_update_is_shown_only_when_meaningfully_later(published, updated, shown):
    assert timefmt.is_meaningful_update(published, updated) is shown


def test_the_reltime_tag_carries_the_absolute_time():
    moment = timezone.now() - datetime.timedelta(hours=2)
    template = Template('{% load reader %}{% reltime moment %}|{% reltime moment "updated" %}|{{ moment|timeago }}')
    with translation.override("zh-hans"):
        rendered = template.render(Context({"moment": moment}))
    published, updated, plain = rendered.split("|")
    assert published.startswith(f'<time datetime="{moment.isoformat()}" title="')
    assert 'data-reltime="published">2小时前</time>' in published
    assert 'data-reltime="updated">更新于 2小时前</time>' in updated
    assert plain == "2小时前"
    assert Template("{% load reader %}{% reltime none %}").render(Context({"none": None})) == ""


def test_the_script_gets_the_patterns_of_every_language():
    with translation.override("en"):
        strings = timefmt.relative_time_strings()
    assert strings["zh-hans"]["hours"] == "%(count)s小时前" and strings["zh-hans"]["updated"] == "更新于 %(when)s"
    assert strings["en"]["hours"] == "%(count)sh ago"


@pytest.mark.parametrize(
    ("ago", "english", "chinese"),
    [
        (datetime.timedelta(seconds=0), "just now", "刚刚"),
        (datetime.timedelta(seconds=59), "just now", "刚刚"),
        (datetime.timedelta(minutes=1), "1\xa0minute ago", "1\xa0分钟前"),
        (datetime.timedelta(hours=3, minutes=5), "3\xa0hours, 5\xa0minutes ago", "3\xa0小时，5\xa0分钟前"),
    ],
)
def test_time_since_for_staff_screens_says_just_now_under_a_minute(ago, english, chinese):
    with translation.override("en"):
        assert timefmt.time_since(NOW - ago, now=NOW) == english
    with translation.override("zh-hans"):
        assert timefmt.time_since(NOW - ago, now=NOW) == chinese
