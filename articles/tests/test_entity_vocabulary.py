"""Version content and the cached entity payload the checks run on."""

import pytest

from articles.entities.vocabulary import entities_payload, version_content, with_content
from articles.models import EntityAlias, TldrItem
from articles.tests.factories import EntityAliasFactory, EntityFactory, full_version

pytestmark = pytest.mark.django_db


def test_version_content_has_both_languages_and_drops_rows_blank_in_one_language():
    version = full_version(n_rows=3)
    TldrItem.objects.filter(version=version, position=1).update(text_zh_hans="")
    content = version_content(with_content().get(pk=version.pk))
    assert set(content) == {"en", "zh-hans"}
    assert len(content["en"]["tldr"]) == 3 and len(content["zh-hans"]["tldr"]) == 2
    assert content["zh-hans"]["title"] == version.title_zh_hans
    assert content["en"]["key_data"][0]["metric"] == "1.6 GW"


def test_version_content_runs_in_a_fixed_number_of_queries(django_assert_num_queries):
    for n_rows in (1, 6):
        version = full_version(n_rows=n_rows)
        with django_assert_num_queries(5):  # version + tldr, key data (+2 entity columns), insights, faq
            version_content(with_content().get(pk=version.pk))


def test_the_entity_payload_lists_names_and_aliases_per_language_and_is_cached(django_assert_num_queries):
    entity = EntityFactory(slug="google", name_en="Google", name_zh_hans="谷歌")
    EntityAliasFactory(entity=entity, language="en", alias="Alphabet")
    with django_assert_num_queries(2):
        payload = entities_payload()
    assert {
        "slug": "google",
        "kind": "company",
        "name": {"en": "Google", "zh-hans": "谷歌"},
        "aliases": {"en": ["Alphabet"], "zh-hans": []},
    } in payload
    with django_assert_num_queries(0):
        assert entities_payload() is payload


def test_the_entity_payload_is_rebuilt_when_an_entity_or_alias_changes():
    entity = EntityFactory(slug="google", name_en="Google")
    entities_payload()
    EntityAlias.objects.create(entity=entity, language="zh-hans", alias="谷歌公司")
    assert next(e for e in entities_payload() if e["slug"] == "google")["aliases"]["zh-hans"] == ["谷歌公司"]
    entity.name_en = "Google LLC"
    entity.save()
    assert next(e for e in entities_payload() if e["slug"] == "google")["name"]["en"] == "Google LLC"
    entity.delete()
    assert all(e["slug"] != "google" for e in entities_payload())


def test_another_process_sees_a_change_through_the_shared_stamp(django_capture_on_commit_callbacks):
    from articles.entities import vocabulary

    EntityFactory(slug="google", name_en="Google")
    first, stamp = entities_payload(), vocabulary._payload["stamp"]
    with django_capture_on_commit_callbacks(execute=True):
        EntityFactory(slug="openai", name_en="OpenAI")
    # Another process still holds the copy it built before the change, under the old stamp.
    vocabulary._payload.update(stamp=stamp, entities=first)
    assert any(e["slug"] == "openai" for e in entities_payload())
