"""factory-boy factories. Translated columns are set explicitly: tests say which language they fill."""

import datetime
import io

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles import workflow
from articles.models import (
    Article,
    ArticleVersion,
    Entity,
    EntityAlias,
    FaqItem,
    Insight,
    KeyDataRow,
    Section,
    Tag,
    TldrItem,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    is_staff = True
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))


class EditorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"editor{n}")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create:
            self.groups.set(Group.objects.filter(name__in=extracted or ["Editors"]))


class ModeratorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"moderator{n}")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create:
            self.groups.set(Group.objects.filter(name__in=extracted or ["Moderators"]))


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"section-{n}")
    name_en = factory.Sequence(lambda n: f"Section {n}")
    name_zh_hans = factory.Sequence(lambda n: f"栏目{n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"tag-{n}")
    name_en = factory.Sequence(lambda n: f"Tag {n}")
    name_zh_hans = factory.Sequence(lambda n: f"标签{n}")


class EntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entity
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"entity-{n}")
    kind = Entity.Kind.COMPANY
    name_en = factory.Sequence(lambda n: f"Entity {n}")
    name_zh_hans = factory.Sequence(lambda n: f"实体{n}")


class EntityAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EntityAlias

    entity = factory.SubFactory(EntityFactory)
    language = "en"
    alias = factory.Sequence(lambda n: f"Alias {n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    slug = factory.Sequence(lambda n: f"article-{n}")


class ArticleVersionFactory(factory.django.DjangoModelFactory):
    """A DRAFT version that is its article's working draft, with text in both languages."""

    class Meta:
        model = ArticleVersion
        skip_postgeneration_save = True

    article = factory.SubFactory(ArticleFactory)
    section = factory.SubFactory(SectionFactory)
    title_en = factory.Sequence(lambda n: f"Chipmaker opens fab number {n}")
    title_zh_hans = factory.Sequence(lambda n: f"芯片厂商开设第{n}座晶圆厂")
    summary_en = "A new fabrication plant comes online."
    summary_zh_hans = "一座新的晶圆厂投入运营。"
    analysis_en = "The plant adds **capacity**.\n\n## Why it matters\n\nSupply was tight."
    analysis_zh_hans = "该工厂增加了**产能**。\n\n## 为何重要\n\n供应一直紧张。"
    hot_score = 70
    quality_score = 65
    impact_score = 70

    @factory.post_generation
    def make_working_draft(self, create, extracted, **kwargs):
        if create and self.article.draft_id is None and self.state in ArticleVersion.EDITABLE_STATES:
            Article.objects.filter(pk=self.article_id).update(draft=self)
            self.article.draft_id = self.pk

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)

    @factory.post_generation
    def entities(self, create, extracted, **kwargs):
        if create and extracted:
            self.entities.set(extracted)


class TldrItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TldrItem

    version = factory.SubFactory(ArticleVersionFactory)
    position = factory.Sequence(int)
    text_en = factory.Sequence(lambda n: f"Point {n}")
    text_zh_hans = factory.Sequence(lambda n: f"要点{n}")


class KeyDataRowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyDataRow

    version = factory.SubFactory(ArticleVersionFactory)
    position = factory.Sequence(int)
    info_en = "Fab capacity"
    info_zh_hans = "晶圆厂产能"
    metric_en = "1.6 GW"
    metric_zh_hans = "1.6吉瓦"


class InsightFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Insight

    version = factory.SubFactory(ArticleVersionFactory)
    position = factory.Sequence(int)
    text_en = "Capacity follows demand."
    text_zh_hans = "产能随需求而动。"


class FaqItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FaqItem

    version = factory.SubFactory(ArticleVersionFactory)
    position = factory.Sequence(int)
    question_en = "When does it open?"
    question_zh_hans = "何时开业？"
    answer_en = "Next year."
    answer_zh_hans = "明年。"


def full_version(*, n_rows=2, tags=(), entities=(), **kwargs):
    """A draft with every part filled in both languages and ``n_rows`` rows of each list."""
    version = ArticleVersionFactory(tags=list(tags), entities=list(entities), **kwargs)
    for i in range(n_rows):
        TldrItemFactory(version=version, position=i)
        KeyDataRowFactory(version=version, position=i, entity=entities[0] if entities else None)
        InsightFactory(version=version, position=i)
        FaqItemFactory(version=version, position=i)
    return version


def published_article(*, n_rows=2, tags=(), entities=(), published_at=None, **kwargs):
    """An article published through the workflow (as the system), with a full live version."""
    version = full_version(n_rows=n_rows, tags=tags, entities=entities, **kwargs)
    workflow.version_submit(version=version)
    workflow.version_publish(version=version, published_at=published_at)
    version.article.refresh_from_db()
    return version.article


def image_bytes(*, width=1200, height=675, image_format="JPEG"):
    """The bytes of a real image file of the given size and format."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (40, 90, 160)).save(buffer, format=image_format)
    return buffer.getvalue()


def image_upload(name="lead.jpg", **kwargs):
    """An uploaded image, as a form or a model field receives it."""
    content_types = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
    image_format = kwargs.get("image_format", "JPEG")
    return SimpleUploadedFile(name, image_bytes(**kwargs), content_type=content_types[image_format])


def with_image(
    version,
    *,
    name="lead.jpg",
    alt_en="A wafer in a gloved hand",
    alt_zh_hans="戴手套的手拿着晶圆",
    credit_en="Photo: Acme",
    credit_zh_hans="图片：艾克米",
    **kwargs,
):
    """Give ``version`` a lead image (saved to MEDIA_ROOT) with its description and credit in both languages."""
    version.image = image_upload(name, **kwargs)
    version.image_alt_en, version.image_alt_zh_hans = alt_en, alt_zh_hans
    version.image_credit_en, version.image_credit_zh_hans = credit_en, credit_zh_hans
    version.save()
    return version


def override_checks(version, moderator):
    """Factory text may trip the number checks on some sequences: approve past them, as a moderator can."""
    try:
        workflow.version_override_checks(version=version, by=moderator, reason="Numbers checked.")
    except workflow.WorkflowError:
        pass  # nothing blocks


def bulk_published_articles(count, *, section, tags=(), entities=(), hours_ago=1):
    """
    ``count`` live articles in a few INSERTs (no workflow, no rendering): for tests that need an
    archive, not a story. Each is published ``hours_ago`` plus its position in minutes ago, with
    ``tags`` and ``entities``. Snapshots, links and the search index are not built.
    """
    from django.utils import timezone

    now = timezone.now()
    articles = Article.objects.bulk_create(
        ArticleFactory.build(published_at=now - datetime.timedelta(hours=hours_ago, minutes=i)) for i in range(count)
    )
    versions = ArticleVersion.objects.bulk_create(
        ArticleVersionFactory.build(
            article=article,
            section=section,
            state=ArticleVersion.State.APPROVED,
            analysis_html_en="<p>The plant adds capacity.</p>",
            analysis_html_zh_hans="<p>该工厂增加了产能。</p>",
        )
        for article in articles
    )
    for article, version in zip(articles, versions, strict=True):
        article.live_version = version
    Article.objects.bulk_update(articles, ["live_version"])
    for relation, targets in ((ArticleVersion.tags, tags), (ArticleVersion.entities, entities)):
        through = relation.through
        column = relation.field.m2m_reverse_field_name()
        through.objects.bulk_create(
            through(articleversion_id=version.pk, **{f"{column}_id": target.pk})
            for version in versions
            for target in targets
        )
    return articles
