"""The one deep copy of an article version: fields in every language (the lead image by reference), tags, entities, child rows."""

from django.db import transaction
from django.db.models import Max
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from articles.models import ArticleVersion, EntityMention
from articles.parts import LIST_PARTS

# Bookkeeping that belongs to the copy's own life, not to its content.
NOT_COPIED = {
    "id",
    "article",
    "number",
    "state",
    "based_on",
    "created_at",
    "created_by",
    "modified_at",
    "modified_by",
    "revision",
    "submitted_at",
    "submitted_by",
    "approved_at",
    "approved_by",
    "go_live_at",
    "review_note",
    "image_renditions",  # made for the copy after commit (the same rows when the image is the same)
}


def _content_value(version, name):
    value = getattr(version, name)
    # A file column is copied as its name: the copy points at the same file (never duplicated),
    # and the source's FieldFile is not handed to the copy.
    return value.name if isinstance(value, FieldFile) else value


def content_field_names():
    """Concrete content columns of a version, translated columns included (title_en, title_zh_hans…)."""
    return [
        field.attname
        for field in ArticleVersion._meta.concrete_fields
        if field.name not in NOT_COPIED and not field.name.startswith("analysis_html")
    ]


@transaction.atomic
def version_copy(*, version, by=None):
    """
    Return a new DRAFT version of ``version.article`` whose content equals ``version``'s.

    The source is never modified: its own rows, tags and entities stay as they are, so editing the
    copy cannot change what readers see.
    """
    now = timezone.now()
    number = (ArticleVersion.objects.filter(article_id=version.article_id).aggregate(n=Max("number"))["n"] or 0) + 1
    copy = ArticleVersion(
        article_id=version.article_id,
        number=number,
        state=ArticleVersion.State.DRAFT,
        based_on=version,
        created_at=now,
        created_by=by,
        modified_at=now,
        modified_by=by,
        **{name: _content_value(version, name) for name in content_field_names()},
    )
    copy.save()
    copy.tags.set(version.tags.all())
    copy.entities.set(version.entities.all())
    for model in (part.model for part in LIST_PARTS):
        columns = [f.attname for f in model._meta.concrete_fields if f.name not in {"id", "version"}]
        rows = model.objects.filter(version=version).order_by("position", "id").values(*columns)
        model.objects.bulk_create(model(version=copy, **row) for row in rows)
    mention_columns = [f.attname for f in EntityMention._meta.concrete_fields if f.name not in {"id", "version"}]
    EntityMention.objects.bulk_create(
        EntityMention(version=copy, **row)
        for row in EntityMention.objects.filter(version=version).values(*mention_columns)
    )
    return copy
