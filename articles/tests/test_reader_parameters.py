"""
No reader URL parameter gives a 5xx (issue 11, finding 14): every query parameter the reader and
search views read (``page``, ``sort``, ``q``, ``section``, ``tag``, ``entity``, ``date_from``,
``date_to``) plus unknown ones, driven with random values on every reader and feed URL.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils.translation import override
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.reader.feed_urls import urlpatterns as feed_patterns
from articles.tests.factories import EntityFactory, SectionFactory, TagFactory, published_article

pytestmark = pytest.mark.django_db

PARAMETERS = ("page", "sort", "q", "section", "tag", "entity", "date_from", "date_to", "lang", "utm_source")

dates = st.one_of(
    st.dates().map(datetime.date.isoformat),
    st.sampled_from(["9999-12-31", "0001-01-01", "1-1-1", "2026-02-30", "99999-01-01", "-1", "today"]),
)
numbers = st.one_of(
    st.integers().map(str), st.sampled_from(["0", "-1", "1e9", "9" * 400, "NaN", "inf", "1.5", " 2", "0x10"])
)
values = st.one_of(st.text(max_size=60), dates, numbers, st.sampled_from(["latest", "hot", "chips", "acme", ""]))
queries = st.dictionaries(st.one_of(st.sampled_from(PARAMETERS), st.text(min_size=1, max_size=10)), values, max_size=6)


@pytest.fixture
def reader_urls(django_capture_on_commit_callbacks):
    """Every reader page and feed, in both languages, over one published article."""
    section, tag, entity = SectionFactory(slug="chips"), TagFactory(slug="fabs"), EntityFactory(slug="acme")
    with django_capture_on_commit_callbacks(execute=True):
        article = published_article(section=section, tags=[tag], entities=[entity])
    urls = []
    for language in ("en", "zh-hans"):
        with override(language):
            urls += [reverse("articles:home"), reverse("articles:search")]
            urls += [
                reverse(f"articles:{name}", args=[slug])
                for name, slug in (("section", "chips"), ("tag", "fabs"), ("entity", "acme"))
            ]
            urls += [reverse(f"articles:{name}", args=[article.slug]) for name in ("detail", "bilingual")]
            for pattern in feed_patterns:
                slug = {"section": "chips", "tag": "fabs", "entity": "acme"}.get(str(pattern.pattern).split("/")[0])
                urls.append(reverse(f"feeds:{pattern.name}", kwargs={"slug": slug} if slug else {}))
    return urls


def test_a_far_future_end_date_is_searched_like_no_end_date(client, reader_urls):
    # /en/search/?q=atlas&date_to=9999-12-31 answered 500 (OverflowError).
    for date_to in ("9999-12-31", "9999-12-30"):
        response = client.get("/en/search/", {"q": "atlas", "date_to": date_to, "date_from": "0001-01-01"})
        assert response.status_code == 200


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_reader_url_parameter_gives_a_server_error(client, reader_urls, data):
    url = data.draw(st.sampled_from(reader_urls))
    params = data.draw(queries)
    response = client.get(url, params)
    assert response.status_code < 500, (url, params)
    assert response.status_code in (200, 301, 302, 404), (url, params, response.status_code)
