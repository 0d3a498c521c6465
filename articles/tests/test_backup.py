import datetime
import hashlib
import json
import shutil

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles import search, workflow
from articles.exchange.backup import MODELS, BackupError, media_names, restore_backup, write_backup
from articles.models import Article, ArticleVersion, AuditEvent, Entity, Section
from articles.tests.factories import (
    EditorFactory,
    EntityAliasFactory,
    EntityFactory,
    ModeratorFactory,
    SectionFactory,
    TagFactory,
    full_version,
    image_upload,
    override_checks,
    published_article,
    with_image,
)

# Real transactions: `flush` (as an operator runs it) cannot run inside a test transaction on PostgreSQL.
pytestmark = pytest.mark.django_db(transaction=True)

User = get_user_model()
DERIVED = {"image_renditions", "logo_renditions"}


def newsroom():
    """Published (revised, with images and history), draft, in review, scheduled and unpublished articles."""
    editor, moderator = EditorFactory(username="mei"), ModeratorFactory(username="omar")
    section = SectionFactory(slug="chips", name_en="Chips", name_zh_hans="芯片", description_en="Fabs and more.")
    acme = EntityFactory(slug="acme", name_en="Acme", name_zh_hans="艾克米", description_en="A chipmaker.")
    acme.logo = image_upload("acme.png", width=256, height=256, image_format="PNG")
    acme.save()
    EntityAliasFactory(entity=acme, language="zh-hans", alias="艾克米公司")
    EntityAliasFactory(entity=acme, language="en", alias="Acme Corp")
    tags = [TagFactory(slug="fabs"), TagFactory(slug="ai", name_zh_hans="")]

    live = published_article(
        section=section,
        tags=tags,
        entities=[acme],
        published_at=datetime.datetime(2026, 11, 20, 8, tzinfo=datetime.UTC),
        title_en="Acme opens a fab",
    )
    with_image(live.live_version, name="fab.jpg")  # the first version's own image, kept in its history
    revision = workflow.article_start_draft(article=live, by=editor)
    revision.title_en = "Acme opens its second fab"
    revision.image_focus_x, revision.image_focus_y = 0.25, 0.75
    with_image(revision, name="fab-2.jpg", alt_en="The second fab", width=900, height=600)
    workflow.version_submit(version=revision, by=editor, note="Second fab")
    override_checks(revision, moderator)
    workflow.version_publish(version=revision, by=moderator, note="Looks right")
    Article.objects.filter(pk=live.pk).update(views=4321)

    draft = full_version(section=section, title_en="A draft nobody saw", created_by=editor)
    in_review = full_version(section=section, title_en="Waiting for a moderator", tags=tags[:1])
    workflow.version_submit(version=in_review, by=editor, note="Please check the numbers")

    scheduled = full_version(section=section, title_en="Tomorrow's story")
    workflow.version_submit(version=scheduled, by=editor)
    override_checks(scheduled, moderator)
    go_live = (timezone.now() + datetime.timedelta(days=1)).replace(microsecond=0)
    workflow.version_schedule(version=scheduled, by=moderator, at=go_live)

    gone = published_article(section=section, title_en="Withdrawn story")
    workflow.article_unpublish(article=gone, by=moderator, note="Legal asked")
    return {"live": live, "draft": draft, "in_review": in_review, "scheduled": scheduled, "go_live": go_live}


def _user(user_id, usernames):
    return usernames.get(user_id)


def state():
    """Every row a backup must keep, users by username (their ids may change), derived fields left out."""
    usernames = dict(User.objects.values_list("pk", "username"))
    rows = {}
    for model in MODELS:
        user_fields = {f.attname for f in model._meta.concrete_fields if f.is_relation and f.related_model is User}
        table = []
        for row in model.objects.order_by("pk").values():
            for name in DERIVED & row.keys():
                del row[name]
            for name in user_fields:
                row[name] = _user(row[name], usernames)
            table.append(row)
        rows[model._meta.label] = table
    for through in (ArticleVersion.tags.through, ArticleVersion.entities.through):
        rows[through._meta.label] = sorted(
            through.objects.values_list("articleversion_id", through._meta.fields[-1].attname)
        )
    rows["accounts"] = sorted(
        (
            u.username,
            u.email,
            u.is_staff,
            u.is_superuser,
            u.password,
            tuple(sorted(u.groups.values_list("name", flat=True))),
        )
        for u in User.objects.filter(username__in=["mei", "omar"])
    )
    return rows


def media_bytes():
    result = {}
    for name in media_names():
        with default_storage.open(name, "rb") as file:
            result[name] = file.read()
    return result


def start_over():
    """An empty database and an empty media storage, as on a new machine."""
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    assert not Article.objects.exists() and not User.objects.exists()


def test_a_backup_restored_into_an_empty_database_gives_back_every_row_and_media_file(tmp_path, client):
    made = newsroom()
    before, files = state(), media_bytes()
    assert len(files) == 3  # the lead images of the live article's two versions and the logo
    assert len(before["articles.ArticleVersion"]) == 6
    call_command("backup", str(tmp_path / "backup"), stdout=open("/dev/null", "w"))
    start_over()

    call_command("restore", str(tmp_path / "backup"), stdout=open("/dev/null", "w"))

    assert state() == before
    assert media_bytes() == files
    live = Article.objects.get(pk=made["live"].pk)
    assert live.views == 4321 and live.live_version.state == ArticleVersion.State.APPROVED
    assert live.live_version.approved_by.username == "omar" and live.live_version.submitted_by.username == "mei"
    assert live.versions.filter(state=ArticleVersion.State.SUPERSEDED).count() == 1
    assert live.live_version.image_focus_x == 0.25 and live.live_version.image_alt_en == "The second fab"
    assert ArticleVersion.objects.get(pk=made["scheduled"].pk).go_live_at == made["go_live"]
    assert AuditEvent.objects.filter(note="Legal asked", actor__username="omar").exists()
    assert User.objects.get(username="omar").check_password("correct-horse-battery")
    # What the backup left out is rebuilt: the page, its renditions, the search index.
    page = client.get(f"/en/article/{live.slug}/")
    assert page.status_code == 200 and "Acme opens its second fab" in page.content.decode()
    assert live.live_version.image_renditions.get("source") == live.live_version.image.name
    assert Entity.objects.get(slug="acme").logo_renditions
    assert search.search("second fab", "en", {}, 1).paginator.count == 1
    # New rows get new ids after the restored ones (sequences were moved on).
    assert Section.objects.create(slug="new").pk > max(row["id"] for row in before["articles.Section"])


def test_a_restore_into_a_database_with_content_is_refused_and_changes_nothing(tmp_path):
    newsroom()
    write_backup(tmp_path / "backup")
    before = state()
    with pytest.raises(CommandError, match=r"already holds content \(.*articles\.article.*\).*Nothing was restored"):
        call_command("restore", str(tmp_path / "backup"))
    assert state() == before


def test_a_damaged_backup_is_refused_before_anything_is_written(tmp_path):
    newsroom()
    write_backup(tmp_path / "backup")
    name = media_names()[0]
    start_over()
    (tmp_path / "backup" / "media" / name).write_bytes(b"not the image")
    with pytest.raises(BackupError, match=f"media file .*{name} does not match its checksum"):
        restore_backup(tmp_path / "backup")
    assert not Article.objects.exists() and not default_storage.exists(name)


def test_a_backup_whose_rows_do_not_fit_leaves_no_row_and_no_media_file(tmp_path):
    newsroom()
    write_backup(tmp_path / "backup")
    start_over()
    content_path = tmp_path / "backup" / "content.json"
    rows = json.loads(content_path.read_text())
    versions = [row for row in rows if row["model"] == "articles.articleversion"]
    versions[-1]["fields"]["section"] = 999999  # a section the backup does not hold
    text = json.dumps(rows, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    content_path.write_text(text)
    manifest_path = tmp_path / "backup" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["content_sha256"] = hashlib.sha256(text.encode()).hexdigest()
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(BackupError, match="refers to rows it does not hold|refused the backup's rows"):
        restore_backup(tmp_path / "backup")
    assert not ArticleVersion.objects.exists() and not Section.objects.exists() and not User.objects.exists()
    assert manifest["media"] and not any(default_storage.exists(entry["name"]) for entry in manifest["media"])


def test_a_backup_refuses_a_directory_that_holds_files(tmp_path):
    (tmp_path / "old.txt").write_text("x")
    with pytest.raises(BackupError, match="not an empty directory"):
        write_backup(tmp_path)


def test_an_edited_content_file_is_refused_by_its_checksum(tmp_path):
    newsroom()
    write_backup(tmp_path / "backup")
    start_over()
    path = tmp_path / "backup" / "content.json"
    path.write_text(path.read_text().replace("Acme opens a fab", "Acme closes a fab"))
    with pytest.raises(BackupError, match="content.json does not match its checksum"):
        restore_backup(tmp_path / "backup")
    assert not Article.objects.exists()


def test_export_articles_with_backup_writes_the_same_complete_backup_that_restore_reads(tmp_path):
    newsroom()
    before, files = state(), media_bytes()
    call_command("export_articles", "--backup", str(tmp_path / "backup"), stderr=open("/dev/null", "w"))
    start_over()

    call_command("restore", str(tmp_path / "backup"), stdout=open("/dev/null", "w"))

    assert state() == before
    assert media_bytes() == files


def test_export_articles_refuses_a_backup_limited_to_some_articles(tmp_path):
    with pytest.raises(CommandError, match="give no SLUG"):
        call_command("export_articles", "some-slug", "--backup", str(tmp_path / "backup"))
    assert not (tmp_path / "backup").exists()
