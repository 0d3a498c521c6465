"""Helpers shared by the reader-site tests."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from articles.tests.factories import EntityFactory, SectionFactory, TagFactory, published_article

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"
LANGUAGES = ("en", "zh-hans")


def get(client, url, **extra):
    """A reader's GET (a browser User-Agent, so views count)."""
    extra.setdefault("HTTP_USER_AGENT", BROWSER)
    return client.get(url, **extra)


def count_queries(client, url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = get(client, url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def rich_article(size, *, section=None, hours_ago=5, **kwargs):
    """A published article with ``size`` tags, entities and rows of every list."""
    tags = [TagFactory() for _ in range(size)]
    entities = [EntityFactory() for _ in range(size)]
    article = published_article(
        n_rows=size,
        tags=tags,
        entities=entities,
        section=section or SectionFactory(),
        published_at=timezone.now() - datetime.timedelta(hours=hours_ago),
        **kwargs,
    )
    return article


def backdate(article, *, published_hours_ago, updated_hours_ago=None):
    now = timezone.now()
    Article.objects.filter(pk=article.pk).update(
        published_at=now - datetime.timedelta(hours=published_hours_ago),
        updated_at=None if updated_hours_ago is None else now - datetime.timedelta(hours=updated_hours_ago),
    )
    article.refresh_from_db()
    return article
