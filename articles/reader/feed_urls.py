"""Feed addresses, under each language prefix: /en/feeds/rss.xml, /zh-hans/feeds/tag/llm/atom.xml…"""

from django.urls import path

from articles.reader import feeds

app_name = "feeds"

urlpatterns = [
    path("rss.xml", feeds.ArticleFeed(), name="rss"),
    path("atom.xml", feeds.AtomArticleFeed(), name="atom"),
    path("section/<slug:slug>/rss.xml", feeds.SectionFeed(), name="section_rss"),
    path("section/<slug:slug>/atom.xml", feeds.AtomSectionFeed(), name="section_atom"),
    path("tag/<slug:slug>/rss.xml", feeds.TagFeed(), name="tag_rss"),
    path("tag/<slug:slug>/atom.xml", feeds.AtomTagFeed(), name="tag_atom"),
    path("entity/<slug:slug>/rss.xml", feeds.EntityFeed(), name="entity_rss"),
    path("entity/<slug:slug>/atom.xml", feeds.AtomEntityFeed(), name="entity_atom"),
]
