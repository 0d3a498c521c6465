"""
Named querysets. ``published()`` is the one definition of what an anonymous reader may see:
the article page, listings, search, feeds, sitemaps and related links start from it.
"""

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Now
from django.utils.translation import get_language

from articles.languages import column, columns
from articles.parts import row_lookups

# The long texts of a version that lists (reader listings, the admin's changelist) never show.
LONG_TEXTS = (
    *(name for field in ("analysis", "analysis_html") for name in (field, *columns(field))),
    "provenance",
    "field_edits",
    "stale_translations",
    "review_note",
)

# What a listing item, the listing's structured data and its pager read: loading only these
# columns makes a page's rows a third as costly to build (each deferred column is skipped).
CARD_FIELDS = (
    "slug",
    "published_at",
    "updated_at",
    "live_version",
    *(
        f"live_version__{name}"
        for name in (
            *columns("title"),
            *columns("summary"),
            "hot_score",
            "quality_score",
            "impact_score",
            "image",
            "image_width",
            "image_height",
            "image_renditions",
            "section",
        )
    ),
    "live_version__section__slug",
    *(f"live_version__section__{name}" for name in columns("name")),
)
# What a listing's thumbnail reads of a version (articles.images.markup).
IMAGE_FIELDS = ("image", "image_width", "image_height", "image_focus_x", "image_focus_y", "image_renditions")


def published_q(prefix=""):
    """The ``published()`` rule as a ``Q`` on the article at ``prefix`` (e.g. ``"target__"``)."""
    return Q(
        **{
            f"{prefix}live_version__isnull": False,
            f"{prefix}published_at__isnull": False,
            f"{prefix}published_at__lte": Now(),
        }
    )


def in_language_q(language=None, prefix=""):
    """The ``in_language()`` rule as a ``Q`` on the article at ``prefix``."""
    language = language or get_language()
    # Translation columns are nullable: "> ''" rules out both NULL and the empty string.
    return Q(**{f"{prefix}live_version__{column('title', language)}__gt": ""})


def public_q(language=None, prefix=""):
    """The ``public()`` rule as a ``Q``: lets a query reach public articles through a join, not a subquery."""
    return published_q(prefix) & in_language_q(language, prefix)


class ArticleQuerySet(models.QuerySet):
    def window(self, start, stop):
        """
        ``self[start:stop]`` of an ordered queryset, as a list, in one query of two steps: a
        subquery picks the ids in order (reading only what the ordering and filters need), the
        query around it loads the full rows of those ids only. Sorting every candidate row with
        all its columns would read each version's analyses on SQLite, stored in the row before
        the scores, the section and the edit time.
        """
        return list(self.filter(pk__in=self.values("pk")[start:stop]))

    def published(self):
        """Articles with a live version whose (first) publication time has come."""
        return self.filter(published_q())

    def in_language(self, language=None):
        """Articles whose live version has a title in ``language`` (the current one by default)."""
        return self.filter(in_language_q(language))

    def public(self, language=None):
        """Published and readable in ``language``: what listings, feeds and search show."""
        return self.published().in_language(language)

    def live(self):
        """Articles with a live version, published or scheduled: what reader links are computed over."""
        return self.filter(live_version__isnull=False, published_at__isnull=False)

    def about_entity(self, entity):
        """
        Articles whose live version lists ``entity`` among its entities or mentions it in its text
        (a stored ``EntityMention``, in either language). Two EXISTS subqueries, no join: each
        article appears once, in one query whatever the number of mentions.
        """
        from articles.models import ArticleVersion, EntityMention

        listed = ArticleVersion.entities.through.objects.filter(
            articleversion_id=OuterRef("live_version_id"), entity=entity
        )
        mentioned = EntityMention.objects.filter(version_id=OuterRef("live_version_id"), entity=entity)
        return self.filter(Exists(listed) | Exists(mentioned))

    def for_listing(self):
        """Eager loading for listing items: section and tags, whatever the page size."""
        return self.select_related("live_version", "live_version__section").prefetch_related("live_version__tags")

    def for_cards(self):
        """
        The live version and its section for listing items, without the long texts a card never
        shows (the analyses, notes, provenance). Tags are not prefetched as model instances:
        ``articles.reader.cards.attach_card_tags`` reads them as plain values in one query.
        """
        return self.select_related("live_version", "live_version__section").only(*CARD_FIELDS)

    def for_feeds(self):
        """``for_listing()`` without the long texts a feed item never shows (the analyses, notes, provenance)."""
        return self.for_listing().defer(*(f"live_version__{name}" for name in LONG_TEXTS))

    def for_search_results(self):
        """
        A search's result page: of the article and its live version only what a result shows
        (address, date, title and summary in every language, the picture's fields), and the
        section. The tags are read as names by ``articles.search.results``, not as instances.
        """
        version = ("section", *columns("title"), *columns("summary"), *IMAGE_FIELDS)
        return self.select_related("live_version", "live_version__section").only(
            "slug", "published_at", "live_version", *(f"live_version__{name}" for name in version)
        )

    def for_detail(self):
        """Eager loading for the article page: every child row and related name in fixed queries."""
        return self.select_related("live_version", "live_version__section").prefetch_related(
            "live_version__tags",
            "live_version__entities",
            *row_lookups("live_version__"),
        )

    def for_page(self):
        """
        Eager loading for a reader's article page: the live version, its section and its page
        snapshot in one query (``articles.reader.snapshots.attach_page_parts`` does the rest).
        The analyses' Markdown sources are left out: a published version's page shows the HTML
        rendered at approval (a third of the row's bytes in each language otherwise).
        """
        return self.select_related("live_version", "live_version__section", "live_version__page_snapshot").defer(
            *(f"live_version__{name}" for name in ("analysis", *columns("analysis"), "analysis_html"))
        )

    def for_admin(self):
        return self.select_related("live_version", "live_version__section", "draft", "draft__section")

    def for_admin_rows(self):
        """``for_admin()`` without the long texts the changelist's columns never read (the staleness marks are read)."""
        return self.for_admin().defer(
            *(
                f"{version}__{name}"
                for version in ("live_version", "draft")
                for name in LONG_TEXTS
                if name != "stale_translations"
            )
        )


class VersionQuerySet(models.QuerySet):
    def with_rows(self):
        """
        The one eager loading of a version's list parts (``articles.parts``): every row list and
        the entity each key-data row names in each language, one query each, whatever the size.
        """
        return self.prefetch_related(*row_lookups())
