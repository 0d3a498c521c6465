"""The stored mention index: rebuilt on save and publication, and by index_mentions."""

from io import StringIO

import pytest
from django.core.management import call_command

from articles import workflow
from articles.entities.mention_index import index_version_mentions
from articles.models import ArticleVersion, EntityMention
from articles.tests.factories import EntityAliasFactory, EntityFactory, full_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def google():
    entity = EntityFactory(slug="google", name_en="Google", name_zh_hans="谷歌")
    EntityAliasFactory(entity=entity, language="en", alias="Alphabet")
    return entity


def test_saving_a_draft_stores_its_mentions_per_language_and_part(editor, google, django_capture_on_commit_callbacks):
    version = full_version(n_rows=1)
    ArticleVersion.objects.filter(pk=version.pk).update(
        title_en="Google opens a fab",
        title_zh_hans="谷歌开设晶圆厂",
        analysis_en="Alphabet said so.\n\nThe metadata is public.",
        analysis_zh_hans="Google表示如此。",
    )
    version.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.version_saved(version=version, by=editor)
    rows = {(m.language, m.part, m.text) for m in EntityMention.objects.filter(version=version, entity=google)}
    assert rows == {
        ("en", "title", "Google"),
        ("zh-hans", "title", "谷歌"),
        ("en", "analysis", "Alphabet"),
        ("zh-hans", "analysis", "Google"),
    }


def test_an_alias_inside_a_longer_chinese_name_is_not_a_mention(editor, django_capture_on_commit_callbacks):
    person = EntityFactory(slug="li-wei", kind="person", name_en="Li Wei", name_zh_hans="李伟")
    version = full_version(n_rows=0)
    ArticleVersion.objects.filter(pk=version.pk).update(summary_zh_hans="李伟华表示反对，李伟称支持。")
    version.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.version_saved(version=version, by=editor)
    assert list(EntityMention.objects.filter(entity=person).values_list("start", flat=True)) == [8]


def test_publishing_reindexes_and_a_rerun_replaces_rather_than_adds(google, django_capture_on_commit_callbacks):
    version = full_version(n_rows=0)
    ArticleVersion.objects.filter(pk=version.pk).update(title_en="Google opens a fab", title_zh_hans="谷歌开设晶圆厂")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.version_submit(version=version)
        workflow.version_publish(version=version)
    assert EntityMention.objects.filter(version=version).count() == 2
    version.refresh_from_db()
    index_version_mentions(version=version)
    assert EntityMention.objects.filter(version=version).count() == 2


def test_the_index_mentions_command_indexes_every_version(google):
    versions = [full_version(n_rows=0, title_en=f"Google plan {n}") for n in range(3)]
    out = StringIO()
    call_command("index_mentions", stdout=out)
    assert "Indexed 3 mentions in 3 versions." in out.getvalue()
    assert {m.version_id for m in EntityMention.objects.all()} == {v.pk for v in versions}
