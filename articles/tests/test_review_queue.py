import datetime

import pytest
from django.utils import timezone, translation

from articles import workflow
from articles.entities.vocabulary import entities_payload
from articles.models import ArticleVersion, FaqItem, TldrItem
from articles.review import queue
from articles.tests.factories import (
    ArticleVersionFactory,
    EntityAliasFactory,
    EntityFactory,
    KeyDataRowFactory,
    full_version,
    published_article,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English, whatever language an earlier request left active."""
    with translation.override("en"):
        yield


def loaded(version):
    return queue.versions_for_review().get(pk=version.pk)


def kinds(findings):
    return sorted((f.kind, f.language, f.part) for f in findings)


def test_a_complete_version_has_no_findings():
    version = full_version()
    assert queue.run_checks(loaded(version)) == []
    assert all(c.complete and c.total == 7 for c in queue.language_completeness(loaded(version)))


def test_a_missing_language_is_one_medium_finding_not_a_list_of_empty_parts():
    version = ArticleVersionFactory(title_zh_hans="", summary_zh_hans="", analysis_zh_hans=None)
    findings = queue.run_checks(loaded(version))
    assert kinds(findings) == [("missing_translation", "zh-hans", "")]
    assert findings[0].severity == "medium"
    assert "中文" in findings[0].message


def test_an_empty_required_part_in_a_present_language_is_a_high_finding():
    version = full_version(summary_zh_hans="", analysis_en="  ")
    findings = queue.run_checks(loaded(version))
    assert kinds(findings) == [("empty_part", "en", "analysis"), ("empty_part", "zh-hans", "summary")]
    assert {f.severity for f in findings} == {"high"}


def test_a_row_written_in_one_language_only_is_a_missing_translation():
    version = full_version(n_rows=1)
    TldrItem.objects.filter(version=version).update(text_zh_hans="")
    FaqItem.objects.create(version=version, position=3, question_zh_hans="只有中文？", answer_zh_hans="是的。")
    findings = queue.run_checks(loaded(version))
    assert kinds(findings) == [("missing_translation", "en", "faq"), ("missing_translation", "zh-hans", "tldr")]
    assert "TL;DR item 1" in next(f.message for f in findings if f.part == "tldr")


def test_scores_outside_0_to_100_are_errors():
    version = loaded(full_version())
    version.hot_score = 140
    version.impact_score = -1
    assert kinds(queue.run_checks(version)) == [
        ("score_bounds", "", "hot_score"),
        ("score_bounds", "", "impact_score"),
    ]


def test_language_completeness_names_the_empty_parts():
    version = full_version(n_rows=1)
    FaqItem.objects.filter(version=version).update(question_zh_hans="", answer_zh_hans="")
    english, chinese = queue.language_completeness(loaded(version))
    assert english.complete
    assert [str(p) for p in chinese.missing] == ["FAQ"] and len(chinese.filled) == 6


def test_a_check_plugs_in_with_one_line_and_gets_the_exchange_format(monkeypatch):
    seen = {}

    def consistency(*, content, entities):
        seen["content"], seen["entities"] = content, entities
        return [
            {
                "kind": "entity_mismatch",
                "severity": "medium",
                "language": "zh-hans",
                "part": "key_data",
                "message": "Key data row 1 names a different entity.",
            }
        ]

    acme = EntityFactory(slug="acme", name_en="Acme", name_zh_hans="艾克米")
    EntityAliasFactory(entity=acme, language="zh-hans", alias="艾克米公司")
    version = full_version(n_rows=1, entities=[acme])
    monkeypatch.setattr(queue, "REVIEW_CHECKS", [*queue.REVIEW_CHECKS, f"{__name__}.plugged"])
    monkeypatch.setitem(globals(), "plugged", consistency)
    [finding] = queue.run_checks(loaded(version))
    assert (finding.kind, finding.severity, finding.language, finding.part) == (
        "entity_mismatch",
        "medium",
        "zh-hans",
        "key_data",
    )
    assert seen["content"]["en"]["key_data"][0]["entity"] == "acme"
    assert seen["content"]["zh-hans"]["faq"] == [{"q": "何时开业？", "a": "明年。"}]
    assert seen["entities"] == [
        {
            "slug": "acme",
            "kind": "company",
            "name": {"en": "Acme", "zh-hans": "艾克米"},
            "aliases": {"en": [], "zh-hans": ["艾克米公司"]},
        }
    ]


def test_the_queue_lists_versions_in_review_longest_waiting_first(editor):
    older, newer = full_version(), full_version()
    workflow.version_submit(version=newer, by=editor)
    workflow.version_submit(version=older, by=editor)
    ArticleVersion.objects.filter(pk=older.pk).update(submitted_at=timezone.now() - datetime.timedelta(hours=3))
    full_version()  # a draft, not in review
    items = queue.review_queue()
    assert [item.version.pk for item in items] == [older.pk, newer.pk]
    assert items[0].version.submitted_by == editor


def test_the_queue_takes_a_fixed_number_of_queries(editor, django_assert_num_queries):
    entity = EntityFactory()
    for n_rows in (1, 4):
        version = full_version(n_rows=n_rows, entities=[entity])
        # A row naming a different Chinese entity: its override is loaded too.
        KeyDataRowFactory(version=version, entity=entity, entity_override_zh_hans=EntityFactory())
        workflow.version_submit(version=version, by=editor)
        entities_payload()  # the entity vocabulary is cached per process: warm it, as a live site has
        with django_assert_num_queries(9):
            items = queue.review_queue()
            [item.findings for item in items]


def test_scheduled_versions_are_listed_until_their_time(moderator):
    first = full_version()
    workflow.version_submit(version=first, by=moderator)
    workflow.version_schedule(version=first, by=moderator, at=timezone.now() + datetime.timedelta(hours=1))
    article = published_article()
    update = workflow.article_start_draft(article=article, by=moderator)
    workflow.version_submit(version=update, by=moderator)
    workflow.version_schedule(version=update, by=moderator, at=timezone.now() + datetime.timedelta(hours=2))
    assert [v.pk for v in queue.scheduled_versions()] == [first.pk, update.pk]
