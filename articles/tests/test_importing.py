import datetime

import pytest
from django.utils import timezone

from articles import workflow
from articles.exchange.importing import ImportFailed, import_file, parse_articles
from articles.models import Article, ArticleVersion, AuditEvent, Entity, EntityAlias, Section, Tag
from articles.tests.factories import EntityAliasFactory, EntityFactory, SectionFactory, TagFactory
from articles.tests.importing_helpers import DATA, db_snapshot, sample_article, write_json

pytestmark = pytest.mark.django_db
State = ArticleVersion.State
SLUG = "chipmaker-opens-fab"


def errors_of(data, source="news.json"):
    with pytest.raises(ImportFailed) as caught:
        parse_articles(data, source=source)
    return caught.value.errors


def with_content(language, key, value):
    article = sample_article()
    article["content"][language][key] = value
    return article


# Validation: every error names the file, the article and the JSON path ----------------------


@pytest.mark.parametrize(
    "article, expected",
    [
        (sample_article(colour="red"), "news.json: chipmaker-opens-fab: colour: unknown key"),
        (
            with_content("zh-hans", "faq", [{"q": "何时？", "answer": "现在。"}]),
            "news.json: chipmaker-opens-fab: content.zh-hans.faq[0].answer: unknown key",
        ),
        (
            sample_article(scores={"hot": "70", "quality": 65, "impact": 70}),
            "news.json: chipmaker-opens-fab: scores.hot: expected an integer, got string",
        ),
        (
            sample_article(ai_generated="yes"),
            "news.json: chipmaker-opens-fab: ai_generated: expected true or false, got string",
        ),
        (sample_article(tags={"slug": "llm"}), "news.json: chipmaker-opens-fab: tags: expected an array, got object"),
        (
            with_content("en", "tldr", ["ok", 3]),
            "news.json: chipmaker-opens-fab: content.en.tldr[1]: expected a string, got integer",
        ),
        (
            sample_article(scores={"hot": 70, "quality": 65, "impact": 101}),
            "news.json: chipmaker-opens-fab: scores.impact: must be between 0 and 100, got 101",
        ),
        (
            sample_article(scores={"hot": -1}),
            "news.json: chipmaker-opens-fab: scores.hot: must be between 0 and 100, got -1",
        ),
        (
            with_content("en", "key_data", [{"entity": "ghost", "info": "x", "metric": "y"}]),
            'news.json: chipmaker-opens-fab: content.en.key_data[0].entity: entity "ghost" is not listed in "entities"',
        ),
        (
            with_content("en", "title", "T" * 201),
            "news.json: chipmaker-opens-fab: content.en.title: longer than 200 characters (201)",
        ),
        (
            sample_article(views=-3),
            "news.json: chipmaker-opens-fab: views: must be 0 or more, got -3",
        ),
        (
            sample_article(published_at="2026-11-28 05:00"),
            "news.json: chipmaker-opens-fab: published_at: expected an ISO 8601 time with a UTC offset, like 2026-11-28T05:00:00Z",
        ),
        (
            sample_article(updated_at="2026-11-27T05:00:00Z"),
            "news.json: chipmaker-opens-fab: updated_at: is earlier than published_at",
        ),
        (
            sample_article(content={"fr": {"title": "Bonjour"}}),
            "news.json: chipmaker-opens-fab: content.fr: unknown language (use en, zh-hans)",
        ),
        (sample_article(content={}), "news.json: chipmaker-opens-fab: content: needs at least one language"),
        (
            sample_article(content={"en": {"summary": "No title."}}),
            "news.json: chipmaker-opens-fab: content: give the article a title in at least one language",
        ),
        (
            sample_article(tags=[{"slug": "llm"}, {"slug": "llm"}]),
            "news.json: chipmaker-opens-fab: tags[1].slug: duplicate slug llm (also at tags[0])",
        ),
        (
            sample_article(entities=[{"slug": "acme", "kind": "robot"}]),
            'news.json: chipmaker-opens-fab: entities[0].kind: unknown kind "robot" (use company, person, product, model, organization, other)',
        ),
        (
            sample_article(entities=[{"slug": "acme", "aliases": {"en": [""]}}]),
            "news.json: chipmaker-opens-fab: entities[0].aliases.en[0]: must not be empty",
        ),
        (
            sample_article(section={"slug": "ai-news", "name": {"en": "N" * 81}}),
            "news.json: chipmaker-opens-fab: section.name.en: longer than 80 characters (81)",
        ),
    ],
)
def test_each_kind_of_error_names_the_file_the_article_and_the_path(article, expected):
    assert expected in errors_of(article)


def test_text_over_a_limit_deep_in_a_list_names_its_path():
    article = sample_article()
    article["content"]["zh-hans"]["faq"] = [
        {"q": "一", "a": "一"},
        {"q": "二", "a": "二"},
        {"q": "三", "a": "答" * 3001},
    ]
    assert errors_of(article) == [
        "news.json: chipmaker-opens-fab: content.zh-hans.faq[2].a: longer than 3000 characters (3001)"
    ]


def test_limits_are_read_from_the_model_fields(monkeypatch):
    monkeypatch.setattr(ArticleVersion._meta.get_field("summary"), "max_length", 10)
    assert errors_of(with_content("en", "summary", "x" * 11)) == [
        "news.json: chipmaker-opens-fab: content.en.summary: longer than 10 characters (11)",
        "news.json: chipmaker-opens-fab: content.zh-hans.summary: longer than 10 characters (17)",
    ]


def test_a_missing_required_key_and_a_bad_slug_are_reported():
    article = sample_article(slug="Chip Maker")
    del article["section"]
    errors = errors_of(article)
    assert errors[0] == "news.json: Chip Maker: section: required"
    assert errors[1].startswith("news.json: Chip Maker: slug: Use lowercase letters")
    assert len(errors) == 2


def test_an_article_without_a_usable_slug_is_named_by_its_position():
    assert errors_of([sample_article(), {"content": {}}])[0] == "news.json: article #2: slug: required"


def test_every_error_of_a_file_is_reported_at_once():
    first = sample_article(views="many")
    second = sample_article(slug="second", scores={"hot": 200})
    second["content"]["en"]["faq"][1]["q"] = 5
    assert errors_of([first, second]) == [
        "news.json: chipmaker-opens-fab: views: expected an integer, got string",
        "news.json: second: scores.hot: must be between 0 and 100, got 200",
        "news.json: second: content.en.faq[1].q: expected a string, got integer",
    ]


def test_two_articles_with_one_slug_in_a_file_are_an_error():
    assert errors_of([sample_article(), sample_article()]) == [
        "news.json: chipmaker-opens-fab: slug: the file already holds an article with this slug (article #1)"
    ]


def test_a_file_that_is_not_json_names_the_line(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('[{"slug": "a",\n "views": }]', encoding="utf-8")
    with pytest.raises(ImportFailed) as caught:
        import_file(path)
    assert caught.value.errors == [f"{path}: not valid JSON: Expecting value (line 2, column 11)"]


def test_a_file_holding_neither_an_object_nor_a_list_is_refused():
    assert errors_of("hello") == ["news.json: expected an article object or a list of them, got string"]


# Whole-file rollback --------------------------------------------------------------------------


def test_a_file_whose_third_article_is_bad_saves_nothing(tmp_path):
    bad = sample_article(slug="third", scores={"hot": 101})
    path = write_json(tmp_path / "three.json", [sample_article(slug="first"), sample_article(slug="second"), bad])
    before = db_snapshot()
    with pytest.raises(ImportFailed) as caught:
        import_file(path, publish=True)
    assert caught.value.errors == [f"{path}: third: scores.hot: must be between 0 and 100, got 101"]
    assert db_snapshot() == before
    assert not Section.objects.exists() and not Tag.objects.exists() and not Entity.objects.exists()


def test_a_workflow_refusal_while_saving_rolls_back_the_whole_file(tmp_path):
    import_file(write_json(tmp_path / "a.json", sample_article()), publish=True)
    article = Article.objects.get(slug=SLUG)
    draft = workflow.article_start_draft(article=article)
    workflow.version_submit(version=draft)
    workflow.version_schedule(version=draft, at=timezone.now() + datetime.timedelta(days=1))
    changed = sample_article()
    changed["content"]["en"]["title"] = "A changed title"
    path = write_json(tmp_path / "b.json", [sample_article(slug="brand-new"), changed])
    before = db_snapshot()
    with pytest.raises(ImportFailed) as caught:
        import_file(path)
    assert caught.value.errors == [
        f"{path}: {SLUG}: its working draft is Approved and cannot be changed; unschedule it first."
    ]
    assert db_snapshot() == before


# Saving ---------------------------------------------------------------------------------------


def test_an_import_creates_a_draft_with_every_part_in_both_languages():
    result = import_file(DATA / "chipmaker.json")
    assert result.created == [SLUG, "english-only-brief"]
    article = Article.objects.get(slug=SLUG)
    version = article.draft
    assert article.live_version is None and version.state == State.DRAFT
    assert (version.title_en, version.title_zh_hans) == ("Chipmaker opens a new fab", "芯片厂商开设新晶圆厂")
    assert (version.hot_score, version.quality_score, version.impact_score, version.ai_generated) == (70, 65, 70, True)
    assert version.section.slug == "ai-news"
    assert sorted(version.tags.values_list("slug", flat=True)) == ["chips", "llm"]
    assert sorted(version.entities.values_list("slug", flat=True)) == ["acme", "jane-doe"]
    assert article.views == 48
    events = AuditEvent.objects.filter(article=article)
    assert [e.action for e in events] == ["create"] and events[0].actor is None


def test_chinese_lists_shorter_than_english_leave_the_rest_blank_in_chinese():
    import_file(DATA / "chipmaker.json")
    version = Article.objects.get(slug=SLUG).draft
    tldr = list(version.tldr_items.order_by("position").values_list("position", "text_en", "text_zh_hans"))
    assert [(p, en, zh or "") for p, en, zh in tldr] == [
        (0, "The fab is open.", "晶圆厂已开业。"),
        (1, "It doubles capacity.", ""),
        (2, "Prices may fall.", ""),
    ]
    faq = list(version.faq_items.order_by("position").values_list("question_en", "question_zh_hans", "answer_zh_hans"))
    assert [(q, zq or "", za or "") for q, zq, za in faq] == [
        ("When?", "何时？", "现在。"),
        ("Where?", "", ""),
        ("Who runs it?", "", ""),
    ]
    rows = list(version.key_data_rows.order_by("position"))
    assert [(r.entity.slug if r.entity else None, r.entity_override_zh_hans) for r in rows] == [
        ("acme", None),
        (None, None),
    ]
    assert (rows[1].info_en, rows[1].info_zh_hans or "") == ("Opening", "")
    assert version.insights.get().text_zh_hans in (None, "")


def test_a_single_language_article_leaves_the_other_language_blank():
    import_file(DATA / "chipmaker.json")
    version = Article.objects.get(slug="english-only-brief").draft
    assert version.title_en == "A paper on sparse attention"
    assert not version.title_zh_hans and not version.summary_zh_hans and not version.analysis_zh_hans
    assert not version.tldr_items.exclude(text_zh_hans="").exclude(text_zh_hans=None).exists()


def test_importing_the_same_file_twice_changes_nothing_the_second_time():
    import_file(DATA / "chipmaker.json")
    before = db_snapshot()
    versions, events = ArticleVersion.objects.count(), AuditEvent.objects.count()
    result = import_file(DATA / "chipmaker.json")
    assert result.unchanged == [SLUG, "english-only-brief"] and not result.created and not result.updated
    assert (ArticleVersion.objects.count(), AuditEvent.objects.count()) == (versions, events)
    assert db_snapshot() == before


def key_data_file(tmp_path):
    """Row 1: the languages name different entities; row 2: only the Chinese row names one."""
    article = sample_article()
    article["content"]["en"]["key_data"] = [
        {"entity": "acme", "info": "Fab capacity", "metric": "1.6 GW"},
        {"entity": None, "info": "Run by", "metric": ""},
    ]
    article["content"]["zh-hans"]["key_data"] = [
        {"entity": "jane-doe", "info": "晶圆厂产能", "metric": "1.6吉瓦"},
        {"entity": "acme", "info": "运营方", "metric": ""},
    ]
    return write_json(tmp_path / "key-data.json", [article])


def test_a_key_data_row_keeps_one_entity_and_a_chinese_override_only_where_the_file_names_two(tmp_path):
    from articles.exchange.exporting import export_entries

    import_file(key_data_file(tmp_path))
    rows = list(Article.objects.get(slug=SLUG).draft.key_data_rows.order_by("position"))
    assert [(r.entity.slug, r.entity_override_zh_hans.slug if r.entity_override_zh_hans else None) for r in rows] == [
        ("acme", "jane-doe"),
        ("acme", None),  # one language blank: the row's one entity, in both languages
    ]
    content = export_entries(state="draft", slugs=[SLUG])[0]["content"]
    assert [row["entity"] for row in content["en"]["key_data"]] == ["acme", "acme"]
    assert [row["entity"] for row in content["zh-hans"]["key_data"]] == ["jane-doe", "acme"]


def test_importing_a_file_with_per_language_key_data_entities_twice_changes_nothing(tmp_path):
    path = key_data_file(tmp_path)
    import_file(path)
    before = db_snapshot()
    result = import_file(path)
    assert result.unchanged == [SLUG] and not result.updated
    assert db_snapshot() == before


def test_publishing_the_same_file_twice_changes_nothing_the_second_time():
    import_file(DATA / "chipmaker.json", publish=True)
    before = db_snapshot()
    versions, events = ArticleVersion.objects.count(), AuditEvent.objects.count()
    result = import_file(DATA / "chipmaker.json", publish=True)
    assert result.unchanged == [SLUG, "english-only-brief"] and not result.published
    assert (ArticleVersion.objects.count(), AuditEvent.objects.count()) == (versions, events)
    assert db_snapshot() == before


def test_publish_goes_through_the_workflow_as_the_system_with_the_files_times():
    result = import_file(DATA / "chipmaker.json", publish=True)
    assert result.published == [SLUG, "english-only-brief"]
    article = Article.objects.get(slug=SLUG)
    assert article.published_at == datetime.datetime(2026, 11, 28, 5, tzinfo=datetime.UTC)
    assert article.updated_at == datetime.datetime(2026, 11, 28, 8, tzinfo=datetime.UTC)
    assert article.live_version.state == State.APPROVED and article.draft is None
    assert "<strong>capacity</strong>" in article.live_version.analysis_html_en
    events = AuditEvent.objects.filter(article=article).order_by("id")
    assert [(e.action, e.actor) for e in events] == [("create", None), ("submit", None), ("publish", None)]
    assert Article.objects.published().filter(slug=SLUG).exists()


def test_a_future_published_at_schedules_the_first_publication(tmp_path):
    at = (timezone.now() + datetime.timedelta(days=2)).replace(microsecond=0)
    article_data = sample_article(published_at=at.isoformat())
    del article_data["updated_at"]
    import_file(write_json(tmp_path / "later.json", article_data), publish=True)
    article = Article.objects.get(slug=SLUG)
    assert article.published_at == at and article.live_version.go_live_at == at
    assert not Article.objects.published().exists()
    assert AuditEvent.objects.filter(article=article, action="schedule").exists()


def test_submit_sends_imported_drafts_to_review(tmp_path):
    result = import_file(write_json(tmp_path / "a.json", sample_article()), submit=True)
    assert result.submitted == [SLUG]
    assert Article.objects.get(slug=SLUG).draft.state == State.IN_REVIEW


def test_a_changed_file_updates_the_working_draft_and_readers_keep_the_live_version(tmp_path):
    import_file(write_json(tmp_path / "a.json", sample_article()), publish=True)
    live = Article.objects.get(slug=SLUG).live_version
    changed = sample_article()
    changed["content"]["en"]["title"] = "Chipmaker opens its second fab"
    changed["content"]["zh-hans"]["tldr"].append("产能翻倍。")
    result = import_file(write_json(tmp_path / "b.json", changed))
    assert result.updated == [SLUG]
    article = Article.objects.get(slug=SLUG)
    assert article.live_version == live and live.title_en == "Chipmaker opens a new fab"
    draft = article.draft
    assert draft.title_en == "Chipmaker opens its second fab" and draft.state == State.DRAFT
    assert draft.tldr_items.get(position=1).text_zh_hans == "产能翻倍。"
    assert draft.revision == 2  # version_saved recorded the edit
    # importing the changed file again compares with the draft: nothing new
    versions = ArticleVersion.objects.count()
    assert import_file(tmp_path / "b.json").unchanged == [SLUG]
    assert ArticleVersion.objects.count() == versions


def test_a_changed_file_published_replaces_the_live_version_and_sets_updated_at(tmp_path):
    import_file(write_json(tmp_path / "a.json", sample_article()), publish=True)
    old_live = Article.objects.get(slug=SLUG).live_version
    changed = sample_article(updated_at="2026-11-29T09:00:00Z")
    changed["scores"]["hot"] = 90
    assert import_file(write_json(tmp_path / "b.json", changed), publish=True).published == [SLUG]
    article = Article.objects.get(slug=SLUG)
    old_live.refresh_from_db()
    assert old_live.state == State.SUPERSEDED and article.live_version.hot_score == 90
    assert article.published_at == datetime.datetime(2026, 11, 28, 5, tzinfo=datetime.UTC)
    assert article.updated_at == datetime.datetime(2026, 11, 29, 9, tzinfo=datetime.UTC)


def test_views_are_set_by_the_import(tmp_path):
    import_file(write_json(tmp_path / "a.json", sample_article(views=5)))
    assert import_file(write_json(tmp_path / "b.json", sample_article(views=900))).updated == [SLUG]
    assert Article.objects.get(slug=SLUG).views == 900
    assert ArticleVersion.objects.count() == 1


# Sections, tags and entities ------------------------------------------------------------------


def test_missing_sections_tags_and_entities_are_created_with_their_names_and_aliases():
    import_file(DATA / "chipmaker.json")
    section = Section.objects.get(slug="ai-news")
    assert (section.name_en, section.name_zh_hans) == ("AI News", "AI资讯")
    assert Tag.objects.get(slug="chips").name_en == "Chips" and not Tag.objects.get(slug="chips").name_zh_hans
    acme = Entity.objects.get(slug="acme")
    assert (acme.kind, acme.name_en, acme.name_zh_hans) == ("company", "Acme", "艾克米")
    assert sorted(acme.aliases.values_list("language", "alias")) == [("en", "Acme Corp"), ("zh-hans", "艾克米公司")]


def test_names_editors_set_are_never_overwritten_and_empty_ones_are_filled_in():
    SectionFactory(slug="ai-news", name_en="Machine Intelligence", name_zh_hans="")
    TagFactory(slug="llm", name_en="", name_zh_hans="语言模型")
    acme = EntityFactory(slug="acme", kind="organization", name_en="ACME Inc.", name_zh_hans=None)
    EntityAliasFactory(entity=acme, language="en", alias="Acme Industries")
    import_file(DATA / "chipmaker.json")
    section = Section.objects.get(slug="ai-news")
    assert (section.name_en, section.name_zh_hans) == ("Machine Intelligence", "AI资讯")
    tag = Tag.objects.get(slug="llm")
    assert (tag.name_en, tag.name_zh_hans) == ("LLM", "语言模型")
    acme.refresh_from_db()
    assert (acme.kind, acme.name_en, acme.name_zh_hans) == ("organization", "ACME Inc.", "艾克米")
    assert sorted(EntityAlias.objects.filter(entity=acme).values_list("alias", flat=True)) == [
        "Acme Corp",
        "Acme Industries",
        "艾克米公司",
    ]


def test_a_file_mixing_an_existing_article_and_new_ones_updates_the_one_and_creates_the_others(tmp_path):
    import_file(write_json(tmp_path / "first.json", [sample_article()]))
    changed = sample_article()
    changed["content"]["en"]["title"] = "Chipmaker opens a second fab"
    path = write_json(tmp_path / "mixed.json", [sample_article(slug="new-fab"), changed, sample_article(slug="newer")])
    result = import_file(path)
    assert (result.created, result.updated) == (["new-fab", "newer"], [SLUG])
    assert Article.objects.filter(slug=SLUG).get().draft.title_en == "Chipmaker opens a second fab"


def test_a_section_tag_and_entity_shared_by_a_files_articles_are_looked_up_once_per_run(tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    articles = [sample_article(slug=f"fab-{i}") for i in range(3)]
    path = write_json(tmp_path / "three.json", articles)
    with CaptureQueriesContext(connection) as queries:
        import_file(path)

    def lookups(table):
        return [q for q in queries.captured_queries if f'FROM "{table}" WHERE "{table}"."slug"' in q["sql"]]

    # One read for the whole file, not one per item and article.
    assert [len(lookups(table)) for table in ("articles_section", "articles_tag", "articles_entity")] == [1, 1, 1]
    versions = ArticleVersion.objects.filter(article__slug__startswith="fab-")
    assert {tuple(sorted(v.tags.values_list("slug", flat=True))) for v in versions} == {
        tuple(sorted(t["slug"] for t in articles[0]["tags"]))
    }
    assert Entity.objects.filter(slug="acme").count() == 1


# The work after an import run ------------------------------------------------------------------


def test_a_published_import_indexes_each_of_its_articles_once_and_no_other(
    tmp_path, recorded, django_capture_on_commit_callbacks
):
    from articles.models import AfterCommitJob, EntityMention
    from articles.search.backends import get_backend
    from articles.tests.factories import published_article

    with django_capture_on_commit_callbacks(execute=True):
        unrelated = published_article(title_en="Unrelated wombat story")
    before = {key: list(calls) for key, calls in recorded.items()}
    path = write_json(tmp_path / "two.json", [sample_article(), sample_article(slug="second-fab")])
    with django_capture_on_commit_callbacks(execute=True):
        import_file(path, publish=True)
    imported = dict(Article.objects.exclude(pk=unrelated.pk).values_list("pk", "live_version_id"))
    assert recorded["search"][len(before["search"]) :] == [set(imported)]
    assert recorded["mentions"][len(before["mentions"]) :] == [set(imported.values())]
    assert recorded["links"][len(before["links"]) :] == [set(imported)]
    assert get_backend().count() == 3 * 2  # one row per article and language, the unrelated one's kept
    assert set(EntityMention.objects.values_list("version_id", flat=True)) >= set(imported.values())
    assert not AfterCommitJob.objects.exists()
    # Every move still wrote its audit row: create, submit and publish of each article.
    assert sorted(AuditEvent.objects.filter(article_id__in=imported).values_list("action", flat=True)) == sorted(
        ["create", "submit", "publish"] * 2
    )
