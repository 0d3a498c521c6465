"""
Sitemaps: an index (/sitemap.xml) of one article sitemap and one listing-page sitemap per
language, each entry with its hreflang alternates and lastmod, plus a Google News sitemap of
the last 48 hours; and robots.txt pointing at them. Everything starts from
``Article.objects.public(language)``.
"""

import datetime
from dataclasses import dataclass

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from django.views.decorators.http import require_safe

from articles.languages import LANGUAGE_CODES, LANGUAGES, translated
from articles.models import Article, Entity, Section, Tag
from articles.plaintext import xml_safe

NEWS_WINDOW = datetime.timedelta(hours=48)


class LanguageSitemap(Sitemap):
    """A sitemap of the pages in one language; each entry lists the languages the page exists in."""

    i18n = True
    alternates = True
    x_default = True

    def __init__(self, language):
        self.language = language

    def _items(self):
        # Django's i18n sitemaps repeat every item in every language; this one lists only its own
        # language, while the alternates still name every language the item is available in.
        return [(item, self.language) for item in self.items()]


class ArticleSitemap(LanguageSitemap):
    changefreq = "daily"

    def items(self):
        return list(
            Article.objects.public(self.language).select_related("live_version").order_by("-published_at", "-pk")
        )

    def get_languages_for_item(self, article):
        return [code for code in LANGUAGE_CODES if translated(article.live_version, "title", code)]

    def lastmod(self, article):
        return article.updated_at or article.published_at


@dataclass(frozen=True)
class Listing:
    url_name: str
    obj: object = None
    latest: datetime.datetime | None = None

    def get_absolute_url(self):
        return self.obj.get_absolute_url() if self.obj is not None else reverse(self.url_name)


class ListingSitemap(LanguageSitemap):
    """The home page and every section, tag and entity page with public articles in the language."""

    changefreq = "hourly"
    relations = ((Section, "versions__live_for"), (Tag, "versions__live_for"), (Entity, "versions__live_for"))

    def items(self):
        public = Article.objects.public(self.language)
        latest = public.aggregate(at=Max(Coalesce("updated_at", "published_at")))["at"]
        listings = [Listing("articles:home", None, latest)] if latest else []
        public_ids = public.values("pk")
        for model, path in self.relations:
            objects = (
                model.objects.filter(**{f"{path}__in": public_ids})
                .annotate(latest=Max(Coalesce(f"{path}__updated_at", f"{path}__published_at")))
                .order_by("slug")
            )
            listings += [Listing("", obj, obj.latest) for obj in objects]
        return listings

    def location(self, listing):
        return listing.get_absolute_url()

    def lastmod(self, listing):
        return listing.latest


@dataclass(frozen=True)
class NewsItem:
    article: Article
    language: str
    title: str

    @property
    def news_language(self):
        return LANGUAGES[self.language].news_language


class NewsSitemap(Sitemap):
    """Google News: articles first published in the last 48 hours, one entry per language."""

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        items = []
        for language in LANGUAGE_CODES:
            articles = Article.objects.public(language).filter(published_at__gte=since).select_related("live_version")
            items += [
                NewsItem(article, language, xml_safe(translated(article.live_version, "title", language)))
                for article in articles.order_by("-published_at", "-pk")
            ]
        return items

    def location(self, item):
        with override(item.language):
            return item.article.get_absolute_url()

    def lastmod(self, item):
        return item.article.updated_at or item.article.published_at


def sitemaps():
    maps = {}
    for language in LANGUAGE_CODES:
        maps[f"articles-{language}"] = ArticleSitemap(language)
        maps[f"pages-{language}"] = ListingSitemap(language)
    maps["news"] = NewsSitemap()
    return maps


@require_safe
def sitemap_index(request):
    return sitemap_views.index(request, sitemaps(), sitemap_url_name="sitemap_section")


@require_safe
def sitemap_section(request, section):
    template = "sitemaps/news.xml" if section == "news" else "sitemap.xml"
    return sitemap_views.sitemap(request, sitemaps(), section=section, template_name=template)


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/"]
    for language in LANGUAGE_CODES:
        with override(language):
            lines.append(f"Disallow: {reverse('articles:search')}")
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap_index'))}")
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap_section', kwargs={'section': 'news'}))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
