import datetime
import html
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from articles import workflow
from articles.plaintext import FORBIDDEN
from articles.reader import feed_urls
from articles.tests.factories import EntityFactory, SectionFactory, TagFactory, published_article

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def rss_items(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    return root.find("channel"), root.find("channel").findall("item")


def atom_entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root, root.findall(f"{ATOM}entry")


@pytest.mark.parametrize(("language", "title_field"), [("en", "title_en"), ("zh-hans", "title_zh_hans")])
def test_the_rss_feed_lists_public_articles_in_its_language_with_absolute_urls(client, language, title_field):
    old = published_article(published_at=timezone.now() - datetime.timedelta(days=1), **{title_field: "Older / 较早"})
    new = published_article(**{title_field: "Newer / 较新"})
    channel, items = rss_items(client, f"/{language}/feeds/rss.xml")
    assert channel.findtext("language") == language
    assert channel.findtext("link") == f"http://testserver/{language}/"
    assert [item.findtext("title") for item in items] == ["Newer / 较新", "Older / 较早"]
    assert items[0].findtext("link") == f"http://testserver/{language}/article/{new.slug}/"
    assert items[1].findtext("guid") == f"http://testserver/{language}/article/{old.slug}/"
    assert items[0].findtext("pubDate") and items[0].findtext("description")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_atom_feed_has_updated_times_and_absolute_links(client, language):
    article = published_article()
    draft = workflow.article_start_draft(article=article)
    workflow.version_submit(version=draft)
    later = timezone.now() + datetime.timedelta(seconds=5)
    workflow.version_publish(version=draft, updated_at=later)
    root, entries = atom_entries(client, f"/{language}/feeds/atom.xml")
    assert root.findtext(f"{ATOM}updated").startswith(later.isoformat()[:19])
    assert len(entries) == 1
    entry = entries[0]
    assert entry.find(f"{ATOM}link").get("href") == f"http://testserver/{language}/article/{article.slug}/"
    assert entry.findtext(f"{ATOM}published") < entry.findtext(f"{ATOM}updated")


@pytest.mark.parametrize("kind", ["section", "tag", "entity"])
@pytest.mark.parametrize("format_", ["rss", "atom"])
def test_section_tag_and_entity_feeds_hold_only_their_articles(client, kind, format_):
    factories = {"section": SectionFactory, "tag": TagFactory, "entity": EntityFactory}
    obj = factories[kind](slug=f"the-{kind}")
    kwargs = {"section": {"section": obj}, "tag": {"tags": [obj]}, "entity": {"entities": [obj]}}[kind]
    inside = published_article(title_en="Inside", title_zh_hans="里面", **kwargs)
    published_article(title_en="Outside", title_zh_hans="外面")
    for language, title in (("en", "Inside"), ("zh-hans", "里面")):
        url = f"/{language}/feeds/{kind}/the-{kind}/{format_}.xml"
        if format_ == "rss":
            _, items = rss_items(client, url)
            assert [(i.findtext("title"), i.findtext("link")) for i in items] == [
                (title, f"http://testserver/{language}/article/{inside.slug}/")
            ]
        else:
            _, entries = atom_entries(client, url)
            assert [e.findtext(f"{ATOM}title") for e in entries] == [title]
    assert client.get(f"/en/feeds/{kind}/no-such-{kind}/{format_}.xml").status_code == 404


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_pages_advertise_their_feeds(client, language):
    tag = TagFactory(slug="robots")
    published_article(tags=[tag])
    html = client.get(f"/{language}/tag/robots/").content.decode()
    for path in (f"/{language}/feeds/rss.xml", f"/{language}/feeds/tag/robots/rss.xml"):
        assert '<link rel="alternate" type="application/rss+xml" title="' in html
        assert f'href="http://testserver{path}"' in html
    assert (
        'type="application/atom+xml"' in html
        and f'href="http://testserver/{language}/feeds/tag/robots/atom.xml"' in html
    )
    home = client.get(f"/{language}/").content.decode()
    assert f'href="http://testserver/{language}/feeds/atom.xml"' in home


PAYLOAD = '<script>alert(1)</script><img src=x onerror=alert(2)><b>bold</b> & "quoted"'
# PostgreSQL cannot store NUL at all (what a form or an import refuses anyway); SQLite can.
CONTROL = "\x0b\x1b" if connection.vendor == "postgresql" else "\x0b\x00\x1b"


class _Tags(HTMLParser):
    """The HTML elements a feed reader would build from a field's text."""

    def __init__(self, text):
        super().__init__()
        self.tags = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def _feed_urls(language, slugs):
    urls = []
    with override(language):
        for pattern in feed_urls.urlpatterns:
            kind = str(pattern.pattern).split("/")[0]
            urls.append(reverse(f"feeds:{pattern.name}", kwargs={"slug": slugs[kind]} if kind in slugs else {}))
    return urls


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_feed_carries_hostile_text_as_escaped_plain_text_and_stays_valid_xml(client, language):
    # Stored as older versions could store it: the admin and the importer refuse control characters now.
    hostile = f"{PAYLOAD}{CONTROL}"
    names = {f"name_{suffix}": hostile for suffix in ("en", "zh_hans")}
    section, tag, entity = SectionFactory(**names), TagFactory(**names), EntityFactory(**names)
    texts = {f"{field}_{suffix}": hostile for field in ("title", "summary") for suffix in ("en", "zh_hans")}
    published_article(section=section, tags=[tag], entities=[entity], **texts)
    slugs = {"section": section.slug, "tag": tag.slug, "entity": entity.slug}
    urls = _feed_urls(language, slugs)
    assert len(urls) == 8

    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        root = ET.fromstring(response.content)  # a control character would make this invalid XML
        narrowed = any(f"/{kind}/" in url for kind in slugs)  # its channel is named after the hostile name
        if root.tag == "rss":
            channel = root.find("channel")
            item = channel.find("item")
            channel_html = [channel.findtext("title"), channel.findtext("description")]
            item_html = [item.findtext("title"), item.findtext("description")]
            channel_text, item_text = [], [category.text for category in item.findall("category")]
        else:
            entry = root.find(f"{ATOM}entry")
            summary = entry.find(f"{ATOM}summary")
            assert summary.get("type") == "html"
            assert all(root.find(f"{ATOM}{name}").get("type") in (None, "text") for name in ("title", "subtitle"))
            channel_html, item_html = [], [summary.text]
            channel_text = [root.findtext(f"{ATOM}title"), root.findtext(f"{ATOM}subtitle")]
            item_text = [entry.findtext(f"{ATOM}title")]
        for text in channel_html + item_html:
            # Rendered as HTML, the field is the text itself: no element is built from it.
            assert _Tags(text).tags == [] and not FORBIDDEN.search(text), (url, text)
        for text in item_html + (channel_html if narrowed else []):
            assert PAYLOAD in html.unescape(text), (url, text)
        for text in channel_text + item_text:
            # Plain-text fields (Atom titles, categories) carry the text as it is, minus control characters.
            assert text is not None and not FORBIDDEN.search(text), (url, text)
        for text in item_text[:1] if root.tag != "rss" else []:
            assert PAYLOAD in text, (url, text)
        for text in channel_text if narrowed else []:
            assert PAYLOAD in text, (url, text)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_news_sitemap_stays_valid_xml_with_a_control_character_in_a_title(client, language):
    published_article(title_en=f"Vertical{CONTROL}tab", title_zh_hans=f"垂直{CONTROL}制表")
    response = client.get("/sitemap-news.xml")
    assert response.status_code == 200
    titles = [
        element.text
        for element in ET.fromstring(response.content).iter("{http://www.google.com/schemas/sitemap-news/0.9}title")
    ]
    assert sorted(titles) == ["Verticaltab", "垂直制表"]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_feed_links_remembered_per_process_follow_the_site_address(client, settings, language):
    TagFactory(slug="robots")
    assert 'href="http://testserver/' in client.get(f"/{language}/tag/robots/").content.decode()
    settings.SITE_URL_FIXED, settings.SITE_URL = True, "https://news.example.com"
    settings.ALLOWED_HOSTS = ["testserver", "news.example.com"]
    html = client.get(f"/{language}/tag/robots/").content.decode()
    assert f'href="https://news.example.com/{language}/feeds/tag/robots/atom.xml"' in html
    assert "http://testserver/" not in html


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_feed_reads_no_analysis_or_review_text_of_its_items(client, language):
    published_article(title_en="Chips", title_zh_hans="芯片", analysis_en="Long text. " * 200)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/{language}/feeds/rss.xml")
    assert response.status_code == 200 and b"<item>" in response.content
    read = " ".join(query["sql"] for query in queries.captured_queries)
    for column in ("analysis_en", "analysis_html_zh_hans", "provenance", "review_note"):
        assert f'"{column}"' not in read, column
