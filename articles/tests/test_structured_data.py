import json
import re

import pytest

from articles.tests.factories import EntityFactory, TagFactory, published_article

pytestmark = pytest.mark.django_db
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(html):
    return {item["@type"]: item for item in (json.loads(block) for block in JSON_LD.findall(html))}


def meta(html, name):
    return re.findall(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)">', html)


@pytest.fixture
def article():
    return published_article(
        title_en="Acme opens a fab",
        title_zh_hans="艾克米开设晶圆厂",
        tags=[TagFactory(name_en="Chips", name_zh_hans="芯片")],
        entities=[EntityFactory(name_en="Acme", name_zh_hans="艾克米", kind="company")],
    )


@pytest.mark.parametrize(
    ("language", "title", "other", "link"),
    [
        ("en", "Acme opens a fab", "zh-hans", "workTranslation"),
        ("zh-hans", "艾克米开设晶圆厂", "en", "translationOfWork"),
    ],
)
def test_an_article_page_carries_news_article_faq_and_breadcrumb_json_ld(client, article, language, title, other, link):
    html = client.get(f"/{language}/article/{article.slug}/").content.decode()
    data = json_ld(html)
    assert set(data) == {"NewsArticle", "FAQPage", "BreadcrumbList"}
    news = data["NewsArticle"]
    url = f"http://testserver/{language}/article/{article.slug}/"
    assert news["headline"] == title and news["url"] == url and news["@context"] == "https://schema.org"
    assert news["description"]
    assert news["datePublished"].startswith(article.published_at.strftime("%Y-%m-%dT%H:%M"))
    assert news["dateModified"]
    assert news["inLanguage"] == {"en": "en", "zh-hans": "zh-Hans"}[language]
    section = article.live_version.section
    assert news["articleSection"] == (section.name_en if language == "en" else section.name_zh_hans)
    assert news["keywords"] == (["Chips"] if language == "en" else ["芯片"])
    assert news["about"] == [
        {
            "@type": "Organization",
            "name": "Acme" if language == "en" else "艾克米",
            "url": f"http://testserver/{language}/entity/{article.live_version.entities.get().slug}/",
        }
    ]
    assert news["publisher"]["@type"] == "Organization" and news["publisher"]["name"]
    translation = news[link]
    translation = translation[0] if isinstance(translation, list) else translation
    assert translation["@id"] == f"http://testserver/{other}/article/{article.slug}/"
    assert ({"workTranslation", "translationOfWork"} - {link}).isdisjoint(news)
    faq = data["FAQPage"]["mainEntity"]
    assert faq[0]["@type"] == "Question" and faq[0]["acceptedAnswer"]["@type"] == "Answer"
    assert faq[0]["name"] == ("When does it open?" if language == "en" else "何时开业？")
    crumbs = data["BreadcrumbList"]["itemListElement"]
    assert [c["position"] for c in crumbs] == [1, 2, 3] and crumbs[-1]["item"] == url
    assert meta(html, "og:title") == [title] and meta(html, "og:url") == [url] and meta(html, "og:type") == ["article"]
    assert meta(html, "twitter:card") == ["summary"] and meta(html, "twitter:title") == [title]
    assert meta(html, "og:locale") == [{"en": "en_US", "zh-hans": "zh_CN"}[language]]


def test_an_article_in_one_language_has_no_translation_link_and_no_faq_when_it_has_none(client):
    article = published_article(title_zh_hans="", n_rows=0)
    data = json_ld(client.get(f"/en/article/{article.slug}/").content.decode())
    assert set(data) == {"NewsArticle", "BreadcrumbList"}
    assert "workTranslation" not in data["NewsArticle"]
    zh = client.get(f"/zh-hans/article/{article.slug}/").content.decode()
    assert json_ld(zh) == {} and meta(zh, "og:title") == []


def test_json_ld_cannot_break_out_of_its_script_element(client):
    article = published_article(title_en='Evil </script><script>alert(1)</script> & "quotes"')
    html = client.get(f"/en/article/{article.slug}/").content.decode()
    assert "<script>alert(1)" not in html
    assert json_ld(html)["NewsArticle"]["headline"] == 'Evil </script><script>alert(1)</script> & "quotes"'


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_listing_pages_carry_a_collection_page_with_an_item_list(client, language):
    tag = TagFactory(slug="llm", name_en="LLM", name_zh_hans="大模型")
    first = published_article(tags=[tag])
    second = published_article(tags=[tag])
    for path, name in ((f"/{language}/", None), (f"/{language}/tag/llm/", "LLM" if language == "en" else "大模型")):
        html = client.get(path).content.decode()
        data = json_ld(html)
        page = data["CollectionPage"]
        assert page["url"] == f"http://testserver{path}"
        if name:
            assert page["name"] == name and data["BreadcrumbList"]["itemListElement"][-1]["name"] == name
        items = page["mainEntity"]["itemListElement"]
        assert page["mainEntity"]["@type"] == "ItemList"
        assert [i["url"] for i in items] == [f"http://testserver/{language}/article/{a.slug}/" for a in (second, first)]
        assert [i["position"] for i in items] == [1, 2]
        assert meta(html, "og:type") == ["website"]
