"""One sweep over search, feeds, sitemaps and metadata: only what is public in a language shows there."""

import datetime

import pytest
from django.utils import timezone

from articles import workflow
from articles.tests.factories import ArticleVersionFactory, EntityFactory, SectionFactory, TagFactory, published_article

pytestmark = pytest.mark.django_db


def test_nothing_unpublished_scheduled_or_missing_in_a_language_appears_in_discovery(
    client, django_capture_on_commit_callbacks
):
    section = SectionFactory(slug="sweep")
    tag = TagFactory(slug="sweep-tag")
    entity = EntityFactory(slug="sweep-entity")
    shared = {"section": section, "tags": [tag], "entities": [entity]}
    common = {"title_en": "Zeppelin {} story", "title_zh_hans": "飞艇{}报道"}

    def version(label, **extra):
        fields = {key: value.format(label) for key, value in common.items()}
        fields.update(extra)
        return fields

    with django_capture_on_commit_callbacks(execute=True):
        live = published_article(**shared, **version("live"))
        english_only = published_article(**shared, **version("englishonly", title_zh_hans=""))
        draft = ArticleVersionFactory(section=section, tags=[tag], entities=[entity], **version("draft"))
        scheduled = ArticleVersionFactory(section=section, tags=[tag], entities=[entity], **version("scheduled"))
        workflow.version_submit(version=scheduled)
        workflow.version_schedule(version=scheduled, at=timezone.now() + datetime.timedelta(hours=3))
        retracted = published_article(**shared, **version("retracted"))
        workflow.article_unpublish(article=retracted)
        in_review = ArticleVersionFactory(section=section, tags=[tag], entities=[entity], **version("inreview"))
        workflow.version_submit(version=in_review)

    hidden = [draft.article.slug, scheduled.article.slug, retracted.slug, in_review.article.slug]
    visible = {"en": [live.slug, english_only.slug], "zh-hans": [live.slug]}

    pages = ["/sitemap.xml", "/sitemap-news.xml"]
    for language in ("en", "zh-hans"):
        pages += [
            f"/{language}/search/?q=" + ("zeppelin" if language == "en" else "飞艇"),
            f"/{language}/",
            f"/{language}/section/sweep/",
            f"/{language}/tag/sweep-tag/",
            f"/{language}/entity/sweep-entity/",
            f"/sitemap-articles-{language}.xml",
            f"/sitemap-pages-{language}.xml",
        ]
        for kind, slug in (("", ""), ("section/", "sweep/"), ("tag/", "sweep-tag/"), ("entity/", "sweep-entity/")):
            pages += [f"/{language}/feeds/{kind}{slug}rss.xml", f"/{language}/feeds/{kind}{slug}atom.xml"]

    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        content = response.content.decode()
        for slug in hidden:
            assert slug not in content, (page, slug)
        language = "zh-hans" if "zh-hans" in page else "en"
        if page.startswith(("/sitemap.xml", "/sitemap-pages")):
            continue
        if "/sitemap-news" in page:
            assert f"/en/article/{english_only.slug}/" in content
            assert f"/zh-hans/article/{english_only.slug}/" not in content
            continue
        for slug in visible[language]:
            assert f"/{language}/article/{slug}/" in content, (page, slug)
        if language == "zh-hans":
            assert f"/zh-hans/article/{english_only.slug}/" not in content, page

    # Metadata: pages that are not public have none; the untranslated page describes nothing.
    for slug in hidden:
        assert client.get(f"/en/article/{slug}/").status_code == 404
    untranslated = client.get(f"/zh-hans/article/{english_only.slug}/").content.decode()
    assert "application/ld+json" not in untranslated and 'property="og:title"' not in untranslated
    english = client.get(f"/en/article/{english_only.slug}/").content.decode()
    assert (
        f"/zh-hans/article/{english_only.slug}/" not in english.split("</head>")[0].split("application/ld+json", 1)[1]
    )
