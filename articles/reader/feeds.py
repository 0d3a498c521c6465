"""
RSS 2.0 and Atom feeds per language (the URL prefix sets it): every article, or those of one
section, tag or entity. Items come from ``Article.objects.public(language)``, newest first.

Every text is plain text. Feed readers render RSS titles and descriptions and Atom's
``type="html"`` summary as HTML, so those carry the text HTML-escaped (``<b>`` arrives as the
four characters, not as markup); Atom titles and subtitles are ``type="text"`` and carry it as it
is. Characters XML cannot hold (``articles.plaintext``) are dropped from every field.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from articles.languages import translated
from articles.models import Article, Entity, Section, Tag
from articles.plaintext import xml_safe

FEED_ITEMS = 30


@dataclass(frozen=True)
class FeedSubject:
    """What one feed request is about: the language and, for a narrowed feed, the section, tag or entity."""

    language: str
    kind: str = ""  # "", "section", "tag" or "entity"
    obj: object = None

    @property
    def name(self):
        return (translated(self.obj, "name", self.language) or self.obj.slug) if self.obj else ""


class ArticleFeed(Feed):
    """RSS 2.0. Subclasses set ``kind``/``model`` to narrow it; ``AtomMixin`` makes it Atom."""

    feed_type = Rss201rev2Feed
    titles_are_html = True  # RSS: readers render titles as HTML; Atom titles are type="text"
    kind = ""
    model = None
    filters = {"section": "live_version__section", "tag": "live_version__tags", "entity": "live_version__entities"}

    def get_object(self, request, slug=None):
        obj = get_object_or_404(self.model, slug=slug) if self.model else None
        return FeedSubject(language=get_language(), kind=self.kind, obj=obj)

    def html(self, text):
        """Plain ``text`` for a field readers render as HTML."""
        return escape(xml_safe(text or ""))

    def heading(self, text):
        """Plain ``text`` for a title: escaped where titles are HTML (RSS), as it is where they are text (Atom)."""
        return self.html(text) if self.titles_are_html else xml_safe(text or "")

    def title(self, subject):
        if not subject.kind:
            return self.heading(_("%(site)s: latest articles") % {"site": settings.SITE_NAME})
        labels = {"section": _("Section"), "tag": _("Tag"), "entity": _("Entity")}
        return self.heading(
            _("%(site)s: %(kind)s %(name)s")
            % {"site": settings.SITE_NAME, "kind": labels[subject.kind], "name": subject.name}
        )

    def _description(self, subject):
        if not subject.kind:
            return _("The latest AI news and analysis from %(site)s.") % {"site": settings.SITE_NAME}
        return _("The latest articles filed under %(name)s.") % {"name": subject.name}

    def description(self, subject):
        return self.html(self._description(subject))  # RSS channel description: HTML

    def subtitle(self, subject):
        return xml_safe(self._description(subject))  # Atom subtitle: type="text"

    def link(self, subject):
        return subject.obj.get_absolute_url() if subject.obj else reverse("articles:home")

    def feed_copyright(self, subject):
        return xml_safe(settings.SITE_NAME)

    def items(self, subject):
        articles = Article.objects.public(subject.language).for_feeds()
        if subject.obj is not None:
            articles = articles.filter(**{self.filters[subject.kind]: subject.obj})
        return articles.order_by("-published_at", "-pk")[:FEED_ITEMS]

    def item_title(self, article):
        return self.heading(translated(article.live_version, "title", get_language()))

    def item_description(self, article):
        # RSS description and Atom summary (type="html") are both rendered as HTML.
        return self.html(translated(article.live_version, "summary", get_language()))

    def item_link(self, article):
        return article.get_absolute_url()

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at or article.published_at

    def item_categories(self, article):
        language = get_language()
        names = [translated(article.live_version.section, "name", language) or article.live_version.section.slug]
        names += [translated(tag, "name", language) or tag.slug for tag in article.live_version.tags.all()]
        return [xml_safe(name) for name in names]


class AtomMixin:
    feed_type = Atom1Feed
    titles_are_html = False


class SectionFeed(ArticleFeed):
    kind, model = "section", Section


class TagFeed(ArticleFeed):
    kind, model = "tag", Tag


class EntityFeed(ArticleFeed):
    kind, model = "entity", Entity


class AtomArticleFeed(AtomMixin, ArticleFeed):
    pass


class AtomSectionFeed(AtomMixin, SectionFeed):
    pass


class AtomTagFeed(AtomMixin, TagFeed):
    pass


class AtomEntityFeed(AtomMixin, EntityFeed):
    pass


def feed_links(kind="", slug=""):
    """The RSS and Atom links a page advertises: the site's, plus its section/tag/entity's."""
    links = [
        {"type": "application/rss+xml", "title": _("All articles (RSS)"), "url": reverse("feeds:rss")},
        {"type": "application/atom+xml", "title": _("All articles (Atom)"), "url": reverse("feeds:atom")},
    ]
    if kind and slug:
        links += [
            {
                "type": "application/rss+xml",
                "title": _("This page (RSS)"),
                "url": reverse(f"feeds:{kind}_rss", kwargs={"slug": slug}),
            },
            {
                "type": "application/atom+xml",
                "title": _("This page (Atom)"),
                "url": reverse(f"feeds:{kind}_atom", kwargs={"slug": slug}),
            },
        ]
    return links
