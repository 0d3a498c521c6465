"""
Listing items ("cards"), whole, rendered once per process for each distinct content.

A card is a pure function of a few values: the language, the time zone, the script prefix and
media URL, the article's slug and publication and update times, the live version's title,
summary, scores and image (file, size, renditions record), its section's slug and name and its
tags' slugs and names. Everything but the relative times ("5h ago", "5小时前") is rendered once
per process for each distinct set of those values and kept in a bounded in-process memo; a
request puts the two relative times into the stored HTML and joins twenty strings. Nothing can go
stale: any change to a value (a publication, a revision, a renamed tag or section, a new image
rendition, another language) is a different key, and the old entry ages out. Templates and
translations are read when a process starts, so a deploy (new processes) starts an empty memo.
See docs/benchmarks.md, "Listings".

The functions below are the card API other pages (the search results) can use; their names
are kept stable:

- ``attach_card_tags(articles)``: one query (none for an empty list) giving each article's live
  version ``card_tags``, its tags as ``(slug, label)`` in the active language;
- ``card_html(article)``: one card, for an article whose live version and section are loaded
  (``ArticleQuerySet.for_cards()``) and whose tags are attached (else read from
  ``version.tags.all()``: prefetch them);
- ``cards_html(articles)``: the cards of a page (tags attached first unless they are), as one
  safe string.
"""

import json
from functools import lru_cache

from django.conf import settings
from django.db import connections, router
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from articles import timefmt
from articles.languages import column

# Distinct cards kept per process (about 2–4 kB each): a few pages of every listing and sort.
MEMO_SIZE = 4096

# Where a stored card takes its relative times; characters no template or text prints.
_PUBLISHED = "\x00published\x00"
_UPDATED = "\x00updated\x00"
# Where the tags query takes its ids' placeholders.
_IDS = "/*ids*/"


def attach_card_tags(articles):
    """Give each article's live version ``card_tags`` [(slug, label)] in the active language: one query, none when empty."""
    versions = {article.live_version_id: article.live_version for article in articles}
    if not versions:
        return articles
    from articles.models import ArticleVersion

    for version in versions.values():
        version.card_tags = []
    alias = router.db_for_read(ArticleVersion)
    ids = list(versions)
    with connections[alias].cursor() as cursor:
        cursor.execute(_tags_sql(alias, get_language()).replace(_IDS, ", ".join(["%s"] * len(ids))), ids)
        for version_id, slug, label in cursor.fetchall():
            versions[version_id].card_tags.append((slug, label or slug))
    return articles


@lru_cache(maxsize=16)
def _tags_sql(alias, language):
    """
    The tags of some versions, in the tags' own order (``Tag.Meta.ordering``, as a prefetch gives
    them): plain SQL written once per process and language (building the ORM query cost more
    than running it), with ``_IDS`` where the ids' placeholders go.
    """
    from articles.models import ArticleVersion, Tag

    quote = connections[alias].ops.quote_name
    through = ArticleVersion.tags.through._meta
    tag = Tag._meta
    version_column = through.get_field("articleversion").column
    tag_column = through.get_field("tag").column
    order = ", ".join(f"{quote('tag')}.{quote(tag.get_field(name).column)}" for name in tag.ordering)
    return (
        f"SELECT {quote('link')}.{quote(version_column)}, {quote('tag')}.{quote(tag.get_field('slug').column)}, "
        f"{quote('tag')}.{quote(tag.get_field(column('name', language)).column)} "
        f"FROM {quote(through.db_table)} {quote('link')} "
        f"INNER JOIN {quote(tag.db_table)} {quote('tag')} ON {quote('tag')}.{quote(tag.pk.column)} = {quote('link')}.{quote(tag_column)} "
        f"WHERE {quote('link')}.{quote(version_column)} IN ({_IDS}) ORDER BY {order}"
    )


def cards_html(articles):
    """The cards of ``articles`` (loaded with ``for_cards()``), their tags attached in one query unless they are, as one safe string."""
    if any(not hasattr(article.live_version, "card_tags") for article in articles):
        attach_card_tags(articles)
    now = timezone.now()
    context = _context()
    return SafeString("".join(card_html(article, now=now, context=context) for article in articles))


def _context():
    # What a card depends on besides its own values: the language, the time zone (absolute times
    # in the tooltips), the script prefix (URLs) and the media URL (pictures).
    return (get_language(), timezone.get_current_timezone_name(), get_script_prefix(), settings.MEDIA_URL)


def card_html(article, *, now=None, context=None):
    """One listing item for ``article`` in the active language, its relative times as of ``now``."""
    context = context or _context()
    language = context[0]
    version = article.live_version
    section = version.section
    tags = getattr(version, "card_tags", None)
    if tags is None:
        tags = [(tag.slug, tag.name or tag.slug) for tag in version.tags.all()]
    published_at, updated_at = article.published_at, article.updated_at
    updated_at = updated_at if timefmt.is_meaningful_update(published_at, updated_at) else None
    renditions = version.image_renditions
    section_name = getattr(section, column("name", language))
    parts = _card(
        context,
        article.slug,
        published_at,
        updated_at,
        (
            getattr(version, column("title", language)) or "",
            getattr(version, column("summary", language)) or "",
            version.hot_score,
            version.quality_score,
            version.impact_score,
        ),
        (
            version.image.name if version.image else "",
            version.image_width,
            version.image_height,
            json.dumps(renditions, sort_keys=True) if renditions else "",
        ),
        (section.slug, section_name or section.slug),
        tuple(tags),
    )
    now = now or timezone.now()
    published = escape(timefmt.relative_time(published_at, now)) if published_at else ""
    if len(parts) < 3:
        return parts[0] + published + parts[1]
    updated = escape(timefmt.updated_label(timefmt.relative_time(updated_at, now)))
    return parts[0] + published + parts[1] + updated + parts[2]


@lru_cache(maxsize=MEMO_SIZE)
def _card(context, slug, published_at, updated_at, texts, image, section, tags):
    """The card's HTML cut where its relative times go: (before, after) or (before, between, after)."""
    # context (language, time zone, script prefix, media URL) is the active one: the URLs, the
    # labels and the absolute times in the tooltips depend on it.
    from articles.images import markup

    title, summary, hot, quality, impact = texts
    image_name, width, height, renditions = image
    section_slug, section_name = section
    thumbnail = None
    if image_name:
        from django.db.models.fields.files import FieldFile

        from articles.models import ArticleVersion

        file = FieldFile(None, ArticleVersion._meta.get_field("image"), image_name)
        thumbnail = markup.picture(
            json.loads(renditions) if renditions else {},
            file,
            kind="thumb",
            target=240,
            width=width,
            height=height,
            sizes=markup.THUMB_SIZES,
        )
    html = render_to_string(
        "articles/includes/article_card.html",
        {
            "thumbnail": thumbnail,
            "section_url": reverse("articles:section", kwargs={"slug": section_slug}),
            "section_name": section_name,
            "published": _time(published_at, "published", _PUBLISHED),
            "updated": _time(updated_at, "updated", _UPDATED),
            "url": reverse("articles:detail", kwargs={"slug": slug}),
            "title": title,
            "summary": summary,
            "hot": hot,
            "quality": quality,
            "impact": impact,
            "tags": [(reverse("articles:tag", kwargs={"slug": tag_slug}), label) for tag_slug, label in tags],
        },
    )
    return tuple(html.replace(_UPDATED, _PUBLISHED).split(_PUBLISHED))


def _time(value, kind, marker):
    # The markup of ``{% reltime %}`` (articles.templatetags.reader), its text left to the request.
    if not value:
        return ""
    return format_html(
        '<time datetime="{}" title="{}" data-reltime="{}">{}</time>',
        value.isoformat(),
        timefmt.absolute_time(value),
        kind,
        marker,
    )
