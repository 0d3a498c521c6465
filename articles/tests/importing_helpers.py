"""Shared helpers for the import, export and command tests."""

import copy
import json
from pathlib import Path

from articles.models import (
    Article,
    ArticleVersion,
    AuditEvent,
    Entity,
    EntityAlias,
    FaqItem,
    Insight,
    KeyDataRow,
    Section,
    Tag,
    TldrItem,
)

DATA = Path(__file__).parent / "data"


def sample_article(**overrides):
    """The first article of data/chipmaker.json (bilingual, Chinese lists shorter), with overrides."""
    article = copy.deepcopy(json.loads((DATA / "chipmaker.json").read_text(encoding="utf-8"))[0])
    article.update(overrides)
    return article


def write_json(path, data):
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def db_snapshot():
    """Every row an import may touch, M2M links included, for "nothing changed" assertions."""
    models = [
        Article,
        ArticleVersion,
        TldrItem,
        KeyDataRow,
        Insight,
        FaqItem,
        Section,
        Tag,
        Entity,
        EntityAlias,
        AuditEvent,
        ArticleVersion.tags.through,
        ArticleVersion.entities.through,
    ]
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in models}


def wipe_content():
    """Empty every content table, as in a fresh database (audit rows go with their articles)."""
    Article.objects.update(live_version=None, draft=None)
    for model in (TldrItem, KeyDataRow, Insight, FaqItem):
        model.objects.all().delete()
    ArticleVersion.objects.all().delete()
    Article.objects.all().delete()
    for model in (EntityAlias, Entity, Tag, Section):
        model.objects.all().delete()
    assert not AuditEvent.objects.exists()
