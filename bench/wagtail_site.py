"""
Generate, migrate and fill the stock Wagtail comparison site (run with the Wagtail venv's Python).

    python bench/wagtail_site.py --site DIR --content content.json

``wagtail start`` creates the stock project; this script adds one ``news`` app — a ``NewsIndexPage``
listing ``NewsPage`` children 20 per page, newest first, and ``NewsPage`` with a summary, a
RichText body, tags and three integer scores — plus ``settings/bench.py`` (the stock production
settings with SECRET_KEY and ALLOWED_HOSTS from the environment). The pages are created from the
JSON the harness exports from the Newsroom corpus (the same titles, summaries, English analysis
HTML, tags and scores), live, through Wagtail's own ``add_child``.
Standard library only, so it runs under any Python with Wagtail installed.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

MODELS = """
from django.core.paginator import EmptyPage, Paginator
from django.db import models
from django.http import Http404
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class NewsIndexPage(Page):
    subpage_types = ["news.NewsPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        pages = NewsPage.objects.live().child_of(self).order_by("-first_published_at")
        try:
            context["page_obj"] = Paginator(pages, 20).page(request.GET.get("page", 1))
        except (EmptyPage, ValueError) as error:
            raise Http404 from error
        return context


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey("news.NewsPage", related_name="tagged_items", on_delete=models.CASCADE)


class NewsPage(Page):
    summary = models.TextField(blank=True)
    body = RichTextField(blank=True)
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True)
    hot_score = models.PositiveSmallIntegerField(default=50)
    quality_score = models.PositiveSmallIntegerField(default=50)
    impact_score = models.PositiveSmallIntegerField(default=50)

    parent_page_types = ["news.NewsIndexPage"]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("tags"),
        FieldPanel("hot_score"),
        FieldPanel("quality_score"),
        FieldPanel("impact_score"),
    ]
"""

INDEX_TEMPLATE = """{% extends "base.html" %}
{% load wagtailcore_tags %}
{% block content %}
<h1>{{ page.title }}</h1>
<ul>
{% for item in page_obj %}
  <li><a href="{% pageurl item %}">{{ item.title }}</a><p>{{ item.specific.summary }}</p>
  <time datetime="{{ item.first_published_at|date:'c' }}">{{ item.first_published_at|date }}</time></li>
{% endfor %}
</ul>
{% if page_obj.has_next %}<a href="?page={{ page_obj.next_page_number }}">Next</a>{% endif %}
{% endblock %}
"""

PAGE_TEMPLATE = """{% extends "base.html" %}
{% load wagtailcore_tags %}
{% block content %}
<article>
<h1>{{ page.title }}</h1>
<p class="summary">{{ page.summary }}</p>
<p>Hot {{ page.hot_score }} · Quality {{ page.quality_score }} · Impact {{ page.impact_score }}</p>
<ul class="tags">{% for tag in page.tags.all %}<li>{{ tag }}</li>{% endfor %}</ul>
{{ page.body|richtext }}
</article>
{% endblock %}
"""

LOAD_COMMAND = """
import json

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.dateparse import parse_datetime
from wagtail.models import Site

from news.models import NewsIndexPage, NewsPage


class Command(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("content")

    def handle(self, *args, content, **options):
        items = json.load(open(content, encoding="utf-8"))
        if NewsPage.objects.count() == len(items):
            self.stdout.write(f"{len(items)} pages already there.")
            return
        NewsIndexPage.objects.all().delete()
        home = Site.objects.get(is_default_site=True).root_page
        news = home.add_child(instance=NewsIndexPage(title="News", slug="news"))
        news.save_revision().publish()
        # Pages are created live through add_child (the tree, the URL path and the search index
        # are Wagtail's own), without a revision each: a revision is an editing record that
        # serving never reads, and writing 2,000 of them would dominate the build.
        for start in range(0, len(items), 200):
            with transaction.atomic():
                for item in items[start : start + 200]:
                    published = parse_datetime(item["published_at"])
                    page = NewsPage(
                        title=item["title"],
                        slug=item["slug"],
                        summary=item["summary"],
                        body=item["body"],
                        hot_score=item["scores"][0],
                        quality_score=item["scores"][1],
                        impact_score=item["scores"][2],
                        live=True,
                        has_unpublished_changes=False,
                        first_published_at=published,
                        last_published_at=published,
                    )
                    news.add_child(instance=page)
                    page.tags.add(*item["tags"])
        self.stdout.write(f"Created {len(items)} pages.")
"""

SETTINGS = """
import os

from .production import *  # noqa: F403

SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES["default"]["NAME"] = os.environ.get("WAGTAIL_DB", DATABASES["default"]["NAME"])  # noqa: F405
STATIC_ROOT = os.environ.get("WAGTAIL_STATIC_ROOT", STATIC_ROOT)  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://127.0.0.1"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
"""


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def generate(site):
    """Create the stock project in ``site`` (once) and add the news app and bench settings."""
    if not (site / "manage.py").exists():
        site.mkdir(parents=True, exist_ok=True)
        wagtail = Path(sys.executable).with_name("wagtail")
        subprocess.run([str(wagtail), "start", "benchsite", str(site)], check=True)
    app = site / "news"
    write(app / "__init__.py", "")
    write(app / "models.py", MODELS.lstrip())
    write(app / "templates" / "news" / "news_index_page.html", INDEX_TEMPLATE)
    write(app / "templates" / "news" / "news_page.html", PAGE_TEMPLATE)
    write(app / "management" / "__init__.py", "")
    write(app / "management" / "commands" / "__init__.py", "")
    write(app / "management" / "commands" / "load_bench.py", LOAD_COMMAND.lstrip())
    write(app / "migrations" / "__init__.py", "")
    settings = site / "benchsite" / "settings" / "bench.py"
    write(settings, SETTINGS.lstrip())
    base = site / "benchsite" / "settings" / "base.py"
    text = base.read_text()
    if '"news",' not in text:
        base.write_text(text.replace('INSTALLED_APPS = [\n    "home",', 'INSTALLED_APPS = [\n    "news",\n    "home",'))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", required=True, type=Path)
    parser.add_argument("--content", required=True)
    args = parser.parse_args(argv)
    generate(args.site)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "benchsite.settings.bench"}
    manage = [sys.executable, "manage.py"]
    for command in (
        ["makemigrations", "news", "-v0"],
        ["migrate", "--noinput", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
        ["load_bench", args.content],
    ):
        subprocess.run(manage + command, cwd=args.site, env=env, check=True)


if __name__ == "__main__":
    main()
