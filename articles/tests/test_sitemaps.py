import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from articles.tests.factories import EntityFactory, TagFactory, published_article

pytestmark = pytest.mark.django_db
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return ET.fromstring(response.content)


def entries(client, url):
    return {
        u.findtext(f"{SM}loc"): {
            "lastmod": u.findtext(f"{SM}lastmod"),
            "alternates": {a.get("hreflang"): a.get("href") for a in u.findall(f"{XHTML}link")},
        }
        for u in xml(client, url).findall(f"{SM}url")
    }


def test_the_sitemap_index_lists_per_language_sitemaps_and_the_news_sitemap(client):
    published_article()
    root = xml(client, "/sitemap.xml")
    locations = [s.findtext(f"{SM}loc") for s in root.findall(f"{SM}sitemap")]
    assert locations == [
        "http://testserver/sitemap-articles-en.xml",
        "http://testserver/sitemap-pages-en.xml",
        "http://testserver/sitemap-articles-zh-hans.xml",
        "http://testserver/sitemap-pages-zh-hans.xml",
        "http://testserver/sitemap-news.xml",
    ]
    for location in locations:
        xml(client, location.removeprefix("http://testserver"))


def test_article_sitemaps_have_lastmod_and_hreflang_alternates_for_the_languages_that_exist(client):
    both = published_article(published_at=timezone.now() - datetime.timedelta(days=3))
    english_only = published_article(title_zh_hans="")
    en = entries(client, "/sitemap-articles-en.xml")
    zh = entries(client, "/sitemap-articles-zh-hans.xml")
    both_en = f"http://testserver/en/article/{both.slug}/"
    both_zh = f"http://testserver/zh-hans/article/{both.slug}/"
    assert set(en) == {both_en, f"http://testserver/en/article/{english_only.slug}/"}
    assert set(zh) == {both_zh}
    assert en[both_en]["lastmod"] == both.published_at.date().isoformat()
    assert en[both_en]["alternates"] == {
        "en": both_en,
        "zh-hans": both_zh,
        "x-default": f"http://testserver/article/{both.slug}/",
    }
    assert zh[both_zh]["alternates"]["en"] == both_en
    assert set(en[f"http://testserver/en/article/{english_only.slug}/"]["alternates"]) == {"en", "x-default"}


def test_listing_sitemaps_hold_the_home_page_and_taxonomy_pages_with_public_articles(client):
    tag, unused = TagFactory(slug="used"), TagFactory(slug="unused")
    entity = EntityFactory(slug="acme")
    article = published_article(tags=[tag], entities=[entity])
    zh = entries(client, "/sitemap-pages-zh-hans.xml")
    assert set(zh) == {
        "http://testserver/zh-hans/",
        f"http://testserver/zh-hans/section/{article.live_version.section.slug}/",
        "http://testserver/zh-hans/tag/used/",
        "http://testserver/zh-hans/entity/acme/",
    }
    assert zh["http://testserver/zh-hans/tag/used/"]["alternates"]["en"] == "http://testserver/en/tag/used/"
    assert all(entry["lastmod"] for entry in zh.values())
    assert unused.slug not in str(zh)


def test_the_news_sitemap_lists_the_last_48_hours_in_each_language(client):
    fresh = published_article(title_en="Fresh", title_zh_hans="新鲜")
    published_article(published_at=timezone.now() - datetime.timedelta(hours=49))
    root = xml(client, "/sitemap-news.xml")
    urls = root.findall(f"{SM}url")
    found = {
        u.findtext(f"{SM}loc"): (
            u.findtext(f"{NEWS}news/{NEWS}publication/{NEWS}language"),
            u.findtext(f"{NEWS}news/{NEWS}title"),
            u.findtext(f"{NEWS}news/{NEWS}publication_date"),
        )
        for u in urls
    }
    assert set(found) == {
        f"http://testserver/en/article/{fresh.slug}/",
        f"http://testserver/zh-hans/article/{fresh.slug}/",
    }
    assert found[f"http://testserver/zh-hans/article/{fresh.slug}/"][:2] == ("zh-cn", "新鲜")
    assert (
        datetime.datetime.fromisoformat(found[f"http://testserver/en/article/{fresh.slug}/"][2]) == fresh.published_at
    )
    assert root.find(f"{SM}url/{NEWS}news/{NEWS}publication/{NEWS}name").text


def test_robots_txt_points_at_the_sitemaps(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-news.xml" in lines
    assert "Disallow: /admin/" in lines and "Disallow: /zh-hans/search/" in lines
