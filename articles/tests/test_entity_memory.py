"""The entity vocabulary's memory (issue 9: at most 50 MB per worker with 1,000 entities)."""

import pytest

from articles.entities.mentions import vocabulary_footprint
from articles.entities.vocabulary import entities_payload, invalidate_entities_payload
from articles.models import Entity
from articles.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


def test_the_vocabulary_of_1000_factory_entities_holds_less_than_50_mb_beside_jiebas_dictionary():
    Entity.objects.bulk_create(
        [
            EntityFactory.build(slug=f"memory-{n}", name_en=f"Memory Entity {n}", name_zh_hans=f"记忆实体{n}号")
            for n in range(1000)
        ]
    )
    invalidate_entities_payload()
    entities = tuple(entities_payload())
    assert len(entities) >= 1000
    held = vocabulary_footprint(entities)
    assert 0 < held < 50 * 2**20
