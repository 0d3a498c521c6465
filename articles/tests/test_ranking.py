"""Listing orders: trending is computed by the database from the hot score and the age."""

import datetime
import math

import pytest
from django.utils import timezone

from articles.models import Article
from articles.reader.ranking import TRENDING_HALF_LIFE_HOURS, sort_articles
from articles.tests.factories import published_article
from articles.tests.reader_helpers import get

pytestmark = pytest.mark.django_db


def aged(hot, hours):
    return published_article(n_rows=0, hot_score=hot, published_at=timezone.now() - datetime.timedelta(hours=hours))


def test_trending_decays_the_hot_score_with_age_in_the_database():
    old_hot = aged(90, 72)  # 90 × 0.5^3 ≈ 11
    fresh_mild = aged(40, 1)  # ≈ 39
    recent_hot = aged(70, 10)  # ≈ 52
    ranked = sort_articles(Article.objects.published(), "trending")
    assert [a.pk for a in ranked] == [recent_hot.pk, fresh_mild.pk, old_hot.pk]
    # The score itself comes back from the database and follows docs/trending.md.
    scores = dict(ranked.values_list("pk", "trending"))
    for article, hot, hours in ((old_hot, 90, 72), (fresh_mild, 40, 1), (recent_hot, 70, 10)):
        assert scores[article.pk] == pytest.approx(hot * 0.5 ** (hours / TRENDING_HALF_LIFE_HOURS), rel=0.01)


def test_trending_sql_orders_by_the_decayed_score():
    sql = str(sort_articles(Article.objects.published(), "trending").query).upper()
    assert "ORDER BY" in sql and "POWER" in sql


def test_a_future_publication_time_does_not_inflate_the_score():
    article = aged(50, -3)  # scheduled: not public, but the expression must stay bounded
    scores = dict(sort_articles(Article.objects.filter(pk=article.pk), "trending").values_list("pk", "trending"))
    assert scores[article.pk] == pytest.approx(50)


def test_unknown_sorts_are_refused():
    with pytest.raises(ValueError, match="Unknown sort 'random'"):
        sort_articles(Article.objects.all(), "random")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_trending_tab_uses_the_decayed_order(client, language):
    old_hot = aged(90, 72)
    recent_hot = aged(70, 10)
    listed = get(client, f"/{language}/?sort=trending").context["page"].object_list
    assert [a.pk for a in listed] == [recent_hot.pk, old_hot.pk]
    by_hot_alone = sorted([old_hot, recent_hot], key=lambda a: -a.live_version.hot_score)
    assert [a.pk for a in by_hot_alone] != [a.pk for a in listed]


def test_the_trending_key_orders_articles_as_the_decayed_score_does_today():
    cases = [(90, 72), (40, 1), (70, 10), (5, 0.5), (100, 200), (60, 30), (0, 2), (0, 1), (1, 0.1)]
    articles = {aged(hot, hours).pk: hot * 0.5 ** (hours / TRENDING_HALF_LIFE_HOURS) for hot, hours in cases}
    ranked = [a.pk for a in sort_articles(Article.objects.published(), "trending")]
    # Ties (the two hot-0 articles, both 0 today) go to the newer article.
    expected = sorted(articles, key=lambda pk: (-articles[pk], -Article.objects.get(pk=pk).published_at.timestamp()))
    assert ranked == expected
    keys = dict(sort_articles(Article.objects.published(), "trending").values_list("pk", "trending_key"))
    assert all(isinstance(key, int) for key in keys.values())


def test_the_trending_key_depends_on_the_publication_time_not_on_the_clock():
    article = aged(70, 10)
    keys = sort_articles(Article.objects.filter(pk=article.pk), "trending").values_list("trending_key", flat=True)
    assert "now" not in str(keys.query).lower()
    before = keys[0]
    # One hour later in publication is worth ln 2 / 24 (in millionths) more: half a day, half a doubling.
    Article.objects.filter(pk=article.pk).update(published_at=article.published_at + datetime.timedelta(hours=1))
    assert keys[0] - before == pytest.approx(math.log(2) / TRENDING_HALF_LIFE_HOURS * 1e6, abs=2)
