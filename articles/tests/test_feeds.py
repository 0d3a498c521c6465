import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from articles import workflow
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
