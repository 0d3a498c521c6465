"""Template helpers for reader pages: relative times, scores, language links."""

from django import template
from django.utils.translation import gettext

from articles import languages, timefmt
from articles.languages import NATIVE_NAMES
from articles.reader import cards, counting, header

register = template.Library()

# BCP 47 tags for lang/hreflang attributes (Django's codes are lowercase).


@register.filter
def timeago(value):
    """``{{ article.published_at|timeago }}`` → "5h ago" / "5小时前" (text only)."""
    if not value:
        return ""
    return timefmt.relative_time(value)


@register.filter
def since(value):
    """``{{ version.submitted_at|since }}`` → "3 hours, 5 minutes ago", or "just now" under a minute."""
    if not value:
        return ""
    return timefmt.time_since(value)


@register.filter
def absolute(value):
    """``{{ version.go_live_at|absolute }}`` → "May 5, 2026, 4:30 a.m. UTC": date, time and zone."""
    if not value:
        return ""
    return timefmt.absolute_time(value)


@register.simple_tag
def reltime(value, kind="published"):
    """
    ``{% reltime article.published_at %}`` renders
    ``<time datetime="…" title="absolute time" data-reltime>5h ago</time>``; with
    ``kind="updated"`` the text is "Updated 2h ago" / "更新于 2小时前" (``timefmt.time_element``).
    """
    return timefmt.time_element(value, kind)


@register.filter
def html_lang(code):
    return languages.html_lang(code)


@register.filter
def native_name(code):
    return NATIVE_NAMES.get(code, code)


@register.simple_tag
def views_label(count):
    return counting.views_label(count)


@register.simple_tag
def score_text(label, value):
    return gettext("%(label)s: %(value)s out of 100") % {"label": label, "value": value}


@register.simple_tag
def article_card(article):
    """``{% article_card article %}``: one listing item (``articles.reader.cards.card_html``)."""
    return cards.card_html(article)


@register.simple_tag
def listing_cards(articles):
    """``{% listing_cards page.object_list %}``: a page's listing items, tags read in one query (``articles.reader.cards``)."""
    return cards.cards_html(articles)


@register.simple_tag(takes_context=True)
def site_header(context):
    """``{% site_header %}``: the site header of ``includes/site_header.html``, from the page's context (``articles.reader.header``)."""
    return header.site_header_html(context)


@register.filter
def is_meaningful_update_of(updated_at, published_at):
    """``{% if article.updated_at|is_meaningful_update_of:article.published_at %}`` — show "Updated"?"""
    return timefmt.is_meaningful_update(published_at, updated_at)
