"""The approval gate: high-severity findings block approval unless an override covers the revision."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from articles import workflow
from articles.consistency.reports import OVERRIDE_ACTION, check_consistency, version_findings, version_report
from articles.models import ArticleVersion, AuditEvent
from articles.tests.factories import full_version

pytestmark = pytest.mark.django_db
State = ArticleVersion.State


def mismatched(by):
    """A version in review whose Chinese title has a different sum (a high-severity finding)."""
    version = full_version(n_rows=1)
    ArticleVersion.objects.filter(pk=version.pk).update(
        title_en="Fab costs $2 billion", title_zh_hans="晶圆厂耗资30亿美元"
    )
    workflow.version_submit(version=version, by=by)
    return ArticleVersion.objects.get(pk=version.pk)


def test_a_moderator_cannot_publish_or_schedule_a_version_with_high_findings(moderator):
    version = mismatched(moderator)
    with pytest.raises(workflow.WorkflowError, match="Number mismatch.*30亿美元"):
        workflow.version_publish(version=version, by=moderator)
    with pytest.raises(workflow.WorkflowError, match="block approval"):
        workflow.version_schedule(version=version, by=moderator, at=timezone.now() + datetime.timedelta(hours=1))
    version.refresh_from_db()
    assert version.state == State.IN_REVIEW and version.article.live_version_id is None


def test_an_override_with_a_reason_lets_the_moderator_publish_and_is_audited(moderator):
    version = mismatched(moderator)
    event = workflow.version_override_checks(
        version=version, by=moderator, reason="The Chinese figure is the corrected one."
    )
    assert event.action == OVERRIDE_ACTION and event.actor == moderator
    # One finding for the changed figure, pointing at both sides.
    assert event.data["revision"] == version.revision and [
        (f["text"], f["other_text"]) for f in event.data["findings"]
    ] == [("30亿美元", "$2 billion")]
    assert version_report(version).override == event and not version_report(version).blocks_approval
    workflow.version_publish(version=version, by=moderator)
    assert AuditEvent.objects.filter(version=version, action=OVERRIDE_ACTION).count() == 1


def test_an_edit_after_the_override_needs_a_new_override(moderator, editor):
    version = mismatched(moderator)
    workflow.version_override_checks(version=version, by=moderator, reason="Checked with the desk.")
    workflow.version_saved(version=version, by=editor)  # a new revision the moderator has not seen
    with pytest.raises(workflow.WorkflowError):
        workflow.version_publish(version=version, by=moderator)


def test_an_override_needs_a_reason_a_moderator_a_version_in_review_and_something_to_override(moderator, editor):
    version = mismatched(moderator)
    with pytest.raises(workflow.WorkflowError):
        workflow.version_override_checks(version=version, by=moderator, reason="  ")
    with pytest.raises(PermissionDenied):
        workflow.version_override_checks(version=version, by=editor, reason="I say so.")
    clean = full_version(n_rows=1)
    workflow.version_submit(version=clean, by=editor)
    with pytest.raises(workflow.WorkflowError, match="no override is needed"):
        workflow.version_override_checks(version=clean, by=moderator, reason="Just in case.")
    draft = full_version(n_rows=1)
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.version_override_checks(version=draft, by=moderator, reason="Early.")
    assert not AuditEvent.objects.filter(action=OVERRIDE_ACTION).exists()


def test_the_system_is_not_blocked_unless_asked_and_a_person_can_be_exempted_explicitly(moderator):
    version = mismatched(moderator)
    workflow.version_publish(version=version)  # by=None: an import with --publish
    other = mismatched(moderator)
    with pytest.raises(workflow.WorkflowError):
        workflow.version_publish(version=other, enforce_checks=True)
    workflow.version_publish(version=other, by=moderator, enforce_checks=False)


def test_medium_findings_do_not_block(moderator):
    version = full_version(n_rows=1)
    ArticleVersion.objects.filter(pk=version.pk).update(summary_zh_hans="")
    workflow.version_submit(version=version, by=moderator)
    workflow.version_publish(version=version, by=moderator)


def test_the_review_check_reports_consistency_findings_as_high_findings_with_the_span(moderator):
    version = mismatched(moderator)
    findings = list(check_consistency(consistency_findings=version_findings(version)))
    assert [(f.kind, f.severity, f.language) for f in findings] == [("number_mismatch", "high", "zh-hans")]
    assert "“30亿美元”" in findings[0].message


def test_two_swapped_figures_are_described_as_a_swap_in_both_languages():
    from django.utils.translation import override

    from articles.consistency.engine import check_content
    from articles.consistency.reports import describe

    content = {
        "en": {"title": "Revenue rose 12% to $3.4 billion while costs fell 5%"},
        "zh-hans": {"title": "营收增长5%至34亿美元，成本下降12%"},
    }
    [finding] = [f for f in check_content(content=content, entities=[]) if f.swapped_with]
    with override("en"):
        assert "are swapped" in describe(finding) and finding.swapped_with in describe(finding)
    with override("zh-hans"):
        assert "位置互换" in describe(finding) and finding.text in describe(finding)


def test_a_key_data_row_reports_a_mismatch_only_where_its_chinese_override_names_another_entity():
    from articles.consistency.reports import fix_anchor
    from articles.tests.factories import EntityFactory

    acme = EntityFactory(slug="acme", name_en="Acme", name_zh_hans="艾克米")
    version = full_version(n_rows=2, entities=[acme])
    assert not [f for f in version_findings(version) if f.kind == "key_data_entity_mismatch"]
    version.key_data_rows.filter(position=1).update(entity_override_zh_hans=EntityFactory(slug="globex"))
    [finding] = [f for f in version_findings(version) if f.kind == "key_data_entity_mismatch"]
    assert (finding.language, finding.index, finding.field) == ("zh-hans", 1, "entity")
    # "Fix" leads to the row's one entity picker (the override column sits beside it).
    assert fix_anchor(finding.language, finding.part, finding.index, finding.field) == "id_key_data_rows-1-entity"
