"""The read-only content API: live content only, filters, sorts, cursors, both languages, fixed query counts."""

import datetime

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Article
from articles.tests.factories import (
    ArticleVersionFactory,
    EntityAliasFactory,
    EntityFactory,
    SectionFactory,
    TagFactory,
    full_version,
    published_article,
)

pytestmark = pytest.mark.django_db


def get(client, path, **params):
    return client.get(path, params)


def slugs(response):
    return [item["slug"] for item in response.json()["items"]]


def test_the_list_shows_only_published_articles_of_the_language(client):
    live = published_article()
    english_only = published_article(title_zh_hans="", summary_zh_hans="")
    draft = full_version().article
    scheduled = full_version()
    workflow.version_submit(version=scheduled)
    workflow.version_schedule(version=scheduled, at=timezone.now() + datetime.timedelta(days=1))
    in_english = slugs(get(client, "/api/v1/articles/", language="en"))
    in_chinese = slugs(get(client, "/api/v1/articles/", language="zh-hans"))
    assert set(in_english) == {live.slug, english_only.slug}
    assert in_chinese == [live.slug]
    assert draft.slug not in in_english and scheduled.article.slug not in in_english


def test_an_unpublished_article_disappears_from_list_and_detail(client):
    article = published_article()
    workflow.article_unpublish(article=article)
    assert slugs(get(client, "/api/v1/articles/")) == []
    assert client.get(f"/api/v1/articles/{article.slug}/").status_code == 404


def test_list_items_carry_text_and_provenance_in_the_asked_language(client):
    article = published_article()
    english = get(client, "/api/v1/articles/", language="en").json()["items"][0]
    chinese = get(client, "/api/v1/articles/", language="zh-hans").json()["items"][0]
    assert english["title"] == article.live_version.title_en and english["url"].endswith(f"/en/article/{article.slug}/")
    assert chinese["title"] == article.live_version.title_zh_hans
    assert chinese["url"].endswith(f"/zh-hans/article/{article.slug}/")
    assert english["provenance"]["disclaimer"] == {"kind": "newsroom", "text": "Written by the newsroom"}
    assert chinese["provenance"]["disclaimer"] == {"kind": "newsroom", "text": "由编辑部撰写"}


def test_filters_by_section_tag_entity_and_since(client):
    research, llm, acme = SectionFactory(slug="research"), TagFactory(slug="llm"), EntityFactory(slug="acme")
    in_research = published_article(section=research)
    tagged = published_article(tags=[llm])
    about_acme = published_article(entities=[acme])
    old = published_article(published_at=timezone.now() - datetime.timedelta(days=30))
    assert slugs(get(client, "/api/v1/articles/", section="research")) == [in_research.slug]
    assert slugs(get(client, "/api/v1/articles/", tag="llm")) == [tagged.slug]
    assert slugs(get(client, "/api/v1/articles/", entity="acme")) == [about_acme.slug]
    assert slugs(get(client, "/api/v1/articles/", entity="nobody")) == []
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    assert old.slug not in slugs(get(client, "/api/v1/articles/", since=since))
    assert len(slugs(get(client, "/api/v1/articles/", since=since))) == 3


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("latest", ["c", "b", "a"]),
        ("quality", ["b", "a", "c"]),
        ("impact", ["a", "c", "b"]),
        ("trending", ["a", "b", "c"]),
    ],
)
def test_the_four_sorts(client, sort, expected):
    now = timezone.now()
    for slug, hours, hot, quality, impact in (("a", 3, 90, 60, 90), ("b", 2, 50, 80, 10), ("c", 1, 10, 20, 50)):
        version = full_version(article__slug=slug, hot_score=hot, quality_score=quality, impact_score=impact)
        workflow.version_submit(version=version)
        workflow.version_publish(version=version, published_at=now - datetime.timedelta(hours=hours))
    assert slugs(get(client, "/api/v1/articles/", sort=sort)) == expected


@pytest.mark.parametrize("sort", ["latest", "quality", "impact", "trending"])
def test_cursor_pages_cover_every_article_once(client, sort):
    now = timezone.now()
    for n in range(7):
        version = full_version(quality_score=50 + n % 2, impact_score=50)
        workflow.version_submit(version=version)
        workflow.version_publish(version=version, published_at=now - datetime.timedelta(minutes=n % 3))
    seen, cursor = [], None
    for _page in range(5):
        params = {"sort": sort, "limit": 3, **({"cursor": cursor} if cursor else {})}
        body = get(client, "/api/v1/articles/", **params).json()
        seen += [item["slug"] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(Article.objects.values_list("slug", flat=True))
    assert len(seen) == 7


def test_a_bad_cursor_or_parameter_answers_400_naming_it(client):
    response = get(client, "/api/v1/articles/", cursor="not-a-cursor")
    assert response.status_code == 400 and response.json()["errors"][0]["path"] == "cursor"
    response = get(client, "/api/v1/articles/", sort="random")
    assert response.status_code == 400 and response.json()["errors"][0]["path"] == "sort"
    response = get(client, "/api/v1/articles/", limit=1000)
    assert response.status_code == 400 and response.json()["errors"][0]["path"] == "limit"


def test_the_detail_gives_both_languages_or_the_one_asked(client):
    article = published_article()
    both = client.get(f"/api/v1/articles/{article.slug}/").json()
    assert set(both["languages"]) == {"en", "zh-hans"}
    assert both["languages"]["zh-hans"]["title"] == article.live_version.title_zh_hans
    assert "<strong>" in both["languages"]["en"]["analysis_html"]
    assert len(both["languages"]["en"]["faq"]) == 2
    one = client.get(f"/api/v1/articles/{article.slug}/", {"language": "zh-hans"}).json()
    assert list(one["languages"]) == ["zh-hans"]
    assert one["languages"]["zh-hans"]["provenance"]["disclaimer"]["text"] == "由编辑部撰写"


def test_the_detail_of_a_language_the_article_lacks_is_404(client):
    article = published_article(title_zh_hans="", summary_zh_hans="")
    assert client.get(f"/api/v1/articles/{article.slug}/", {"language": "zh-hans"}).status_code == 404
    assert client.get("/api/v1/articles/no-such-article/").status_code == 404


def test_a_working_draft_never_shows_through_the_api(client):
    article = published_article()
    draft = workflow.article_start_draft(article=article)
    draft.title_en = "Secret new headline"
    draft.save()
    body = client.get(f"/api/v1/articles/{article.slug}/").content.decode()
    assert "Secret new headline" not in body


def test_sections_list_every_section_with_names_in_both_languages(client):
    SectionFactory(slug="ai-news", name_en="AI News", name_zh_hans="AI资讯")
    body = client.get("/api/v1/sections/").json()
    assert {"slug": "ai-news", "name": {"en": "AI News", "zh-hans": "AI资讯"}, "description": {}} in body


def test_tags_list_only_tags_of_published_articles(client):
    public, embargoed = TagFactory(slug="llm"), TagFactory(slug="secret-product")
    published_article(tags=[public])
    ArticleVersionFactory(tags=[embargoed])
    assert [tag["slug"] for tag in client.get("/api/v1/tags/").json()] == ["llm"]


def test_an_entity_shows_only_when_published_articles_cover_it(client):
    acme, hidden = EntityFactory(slug="acme", name_en="Acme", name_zh_hans="艾克米"), EntityFactory(slug="hidden")
    EntityAliasFactory(entity=acme, language="zh-hans", alias="艾克米公司")
    published_article(entities=[acme])
    ArticleVersionFactory(entities=[hidden])
    body = client.get("/api/v1/entities/acme/").json()
    assert body["name"] == {"en": "Acme", "zh-hans": "艾克米"}
    assert body["aliases"] == {"zh-hans": ["艾克米公司"]}
    assert client.get("/api/v1/entities/hidden/").status_code == 404
    assert client.get("/api/v1/entities/nobody/").status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_costs_the_same_queries_whatever_the_number_of_articles(client, django_assert_num_queries, count):
    tags = [TagFactory(), TagFactory()]
    acme = EntityFactory(slug="acme")
    for _n in range(count):
        published_article(tags=tags, entities=[acme], n_rows=1)
    with django_assert_num_queries(2):
        assert len(get(client, "/api/v1/articles/", limit=50).json()["items"]) == count
    with django_assert_num_queries(3):
        assert len(get(client, "/api/v1/articles/", entity="acme", limit=50).json()["items"]) == count


@pytest.mark.parametrize("rows", [1, 10])
def test_the_detail_costs_one_query_whatever_the_number_of_rows(
    client, django_assert_num_queries, django_capture_on_commit_callbacks, rows
):
    tags = [TagFactory() for _ in range(rows)]
    with django_capture_on_commit_callbacks(execute=True):  # the page snapshot is stored on commit
        article = published_article(n_rows=rows, tags=tags, entities=[EntityFactory()])
    with django_assert_num_queries(1):  # the article, its live version, section and page snapshot
        body = client.get(f"/api/v1/articles/{article.slug}/").json()
    assert len(body["languages"]["en"]["tldr"]) == rows and len(body["languages"]["en"]["tags"]) == rows


def test_the_detail_of_an_article_without_a_snapshot_loads_its_rows_in_fixed_queries(client, django_assert_num_queries):
    article = published_article(n_rows=3, tags=[TagFactory()], entities=[EntityFactory()])  # on_commit not run
    with django_assert_num_queries(8):  # 9 when a key-data row names a different Chinese entity
        assert len(client.get(f"/api/v1/articles/{article.slug}/").json()["languages"]["en"]["tldr"]) == 3


@pytest.mark.parametrize("count", [3, 30])
def test_sections_tags_and_entities_cost_fixed_queries(client, django_assert_num_queries, count):
    acme = EntityFactory(slug="acme")
    for _n in range(count):
        SectionFactory()
        published_article(tags=[TagFactory()], entities=[acme], n_rows=1)
    with django_assert_num_queries(1):
        client.get("/api/v1/sections/")
    with django_assert_num_queries(1):
        client.get("/api/v1/tags/")
    with django_assert_num_queries(3):
        client.get("/api/v1/entities/acme/")
