"""
A complete backup of the content, independent of the database engine (``manage.py backup`` and
``manage.py restore``; docs/operations.md, "Backups").

The exchange format (``exporting``) carries one version per article for other systems; a backup
carries everything an editorial team would lose with the database: every version of every
article in every state (with its authors, submission and approval stamps, go-live time and
moderator's note), the audit trail, view counts, slug redirects, saved revisions, the taxonomy
(sections, tags, entities with their aliases, logos and pending proposals), the accounts those
rows name (by username), and the media files they refer to, copied into the backup directory.

Layout of a backup directory::

    manifest.json   format, version, when, row counts per model, every media file with its SHA-256
    users.json      the accounts the content names: username, names, e-mail, flags, groups, password hash
    content.json    the rows (Django's JSON serialization, users by username), one model after another
    media/<name>    each media file under its storage name

What is derived is left out and rebuilt by ``restore``: image renditions and social cards, the
search index, stored mentions, page snapshots and reader links. Left out on purpose: sessions,
share links and API tokens (credentials to issue again), view counts still buffered (``backup``
writes them to the database first).

``restore`` reads and checks the whole backup before it writes anything, refuses a database
that already holds content, and saves every row and media file or none.
"""

import datetime
import hashlib
import json
from pathlib import Path, PurePosixPath

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

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
    SlugRedirect,
    Tag,
    TldrItem,
    VersionRevision,
)

FORMAT = "newsroom-backup"
VERSION = 1

# In the order they are written and restored (constraints are checked once all are in).
MODELS = (
    Section,
    Tag,
    Entity,
    EntityAlias,
    Article,
    ArticleVersion,
    TldrItem,
    KeyDataRow,
    Insight,
    FaqItem,
    SlugRedirect,
    AuditEvent,
    VersionRevision,
)
# Records of derived files: rebuilt after a restore, so never copied.
DERIVED_FIELDS = {ArticleVersion: ("image_renditions",), Entity: ("logo_renditions",)}
# A database holding any of these is not empty: a restore would mix two newsrooms.
CONTENT_MODELS = (Article, ArticleVersion, Section, Tag, Entity, AuditEvent)
USER_FIELDS = ("first_name", "last_name", "email", "is_staff", "is_active", "is_superuser", "password")
USER_TIME_FIELDS = ("date_joined", "last_login")


class BackupError(Exception):
    """A backup or restore that cannot be done; nothing was written to the database."""


def _label(model):
    return model._meta.label_lower


def _sha256(data):
    return hashlib.sha256(data).hexdigest()


def _safe_name(name):
    """A storage name that stays inside the media directory, or BackupError."""
    path = PurePosixPath(name)
    if not name or path.is_absolute() or ".." in path.parts or "\\" in name:
        raise BackupError(f"The media file name {name!r} is not a relative path inside the media storage.")
    return name


def media_names():
    """Every media file the content refers to: lead images of every version, logos, logos waiting for approval."""
    names = set(ArticleVersion.objects.exclude(image="").values_list("image", flat=True))
    names |= set(Entity.objects.exclude(logo="").values_list("logo", flat=True))
    for proposal in Entity.objects.exclude(proposal={}).values_list("proposal", flat=True):
        if proposal.get("logo"):
            names.add(proposal["logo"])
    return sorted(names)


def _user_ids():
    """The accounts the backed-up rows name."""
    ids = set()
    for model in MODELS:
        for model_field in model._meta.concrete_fields:
            if model_field.is_relation and model_field.related_model is get_user_model():
                ids |= set(
                    model.objects.exclude(**{f"{model_field.attname}__isnull": True}).values_list(
                        model_field.attname, flat=True
                    )
                )
    return ids


def _user_entry(user):
    entry = {"username": user.get_username()}
    entry.update((name, getattr(user, name)) for name in USER_FIELDS)
    for name in USER_TIME_FIELDS:
        value = getattr(user, name)
        entry[name] = value.isoformat() if value else None
    entry["groups"] = sorted(group.name for group in user.groups.all())
    return entry


def _rows(model):
    """The model's rows as serialized dicts, by primary key, derived fields left out."""
    rows = serializers.serialize("python", model.objects.order_by("pk"), use_natural_foreign_keys=True)
    for row in rows:
        for name in DERIVED_FIELDS.get(model, ()):
            row["fields"].pop(name, None)
    return rows


def _encode(value):
    """JSON for what the Python serializer leaves as objects: times in full (Django's JSON encoder drops microseconds)."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} cannot be written to a backup")


def write_backup(directory, *, stdout=None):
    """
    Write a backup of the whole content into ``directory`` (created; it must be empty or new).
    Returns the manifest. Buffered view counts are written to the database first.
    """
    from articles.reader.counting import flush_view_counts

    target = Path(directory)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"{target} exists and is not an empty directory: back up into a new one.")
    flush_view_counts()
    outermost = not connection.in_atomic_block
    with transaction.atomic():  # one consistent view of the database (a snapshot on PostgreSQL)
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        rows = []
        counts = {}
        for model in MODELS:
            model_rows = _rows(model)
            counts[_label(model)] = len(model_rows)
            rows.extend(model_rows)
        users = [_user_entry(user) for user in get_user_model().objects.filter(pk__in=_user_ids()).order_by("pk")]
        names = media_names()
    media = []
    media_dir = target / "media"
    for name in names:
        _safe_name(name)
        if not default_storage.exists(name):
            raise BackupError(f"The media file {name} the content refers to is missing from the media storage.")
        with default_storage.open(name, "rb") as source:
            data = source.read()
        path = media_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        media.append({"name": name, "size": len(data), "sha256": _sha256(data)})
    target.mkdir(parents=True, exist_ok=True)
    content_text = json.dumps(rows, ensure_ascii=False, indent=1, sort_keys=True, default=_encode) + "\n"
    (target / "content.json").write_text(content_text, encoding="utf-8")
    (target / "users.json").write_text(json.dumps(users, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": timezone.now().astimezone(datetime.UTC).isoformat(),
        "content_sha256": _sha256(content_text.encode()),
        "counts": counts,
        "users": len(users),
        "media": media,
    }
    (target / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return manifest


# Restore ----------------------------------------------------------------------------------------


def _read_json(path, what):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{path} is missing: this is not a complete backup directory ({what}).") from None
    except (UnicodeDecodeError, ValueError) as error:
        raise BackupError(f"{path} is not valid JSON ({error}).") from None


def read_backup(directory):
    """Read and check a backup directory; return ``(manifest, users, content text, {name: bytes})`` or BackupError."""
    source = Path(directory)
    if not source.is_dir():
        raise BackupError(f"{source} is not a directory.")
    manifest = _read_json(source / "manifest.json", "the manifest")
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{source / 'manifest.json'} is not a newsroom backup manifest.")
    if manifest.get("version") != VERSION:
        raise BackupError(
            f"The backup is format version {manifest.get('version')!r}; this newsroom reads version {VERSION}."
        )
    try:
        content_bytes = (source / "content.json").read_bytes()
    except FileNotFoundError:
        raise BackupError(f"{source / 'content.json'} is missing: this is not a complete backup directory.") from None
    if _sha256(content_bytes) != manifest.get("content_sha256"):
        raise BackupError(
            f"{source / 'content.json'} does not match its checksum in the manifest: it was changed or is damaged."
        )
    users = _read_json(source / "users.json", "the accounts")
    if not isinstance(users, list) or not all(isinstance(user, dict) and user.get("username") for user in users):
        raise BackupError(f"{source / 'users.json'} must be a list of accounts, each with a username.")
    media = {}
    for entry in manifest.get("media") or []:
        name = _safe_name(entry.get("name", "") if isinstance(entry, dict) else "")
        path = source / "media" / name
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise BackupError(f"The media file {path} listed in the manifest is missing.") from None
        if _sha256(data) != entry.get("sha256"):
            raise BackupError(f"The media file {path} does not match its checksum in the manifest.")
        media[name] = data
    return manifest, users, content_bytes.decode("utf-8"), media


def _content_in_database():
    found = {_label(model): model.objects.count() for model in CONTENT_MODELS}
    return {label: count for label, count in found.items() if count}


def _restore_users(users):
    """Accounts the backup names: an existing username is kept as it is; a missing one is created."""
    User = get_user_model()
    created = 0
    for entry in users:
        if User.objects.filter(username=entry["username"]).exists():
            continue
        user = User(username=entry["username"])
        for name in USER_FIELDS:
            if name in entry:
                setattr(user, name, entry[name])
        for name in USER_TIME_FIELDS:
            if entry.get(name):
                setattr(user, name, datetime.datetime.fromisoformat(entry[name]))
        user.save()
        user.groups.set([Group.objects.get_or_create(name=name)[0] for name in entry.get("groups", [])])
        created += 1
    return created


def _write_media(media):
    """Put the media files in storage under their own names; returns the names written (to undo)."""
    written = []
    for name, data in media.items():
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as existing:
                if existing.read() == data:
                    continue
            raise BackupError(
                f"The media storage already holds a different file named {name}: restore into an empty media storage."
            )
        saved = default_storage.save(name, ContentFile(data))
        written.append(saved)
        if saved != name:
            raise BackupError(f"The media storage saved {name} as {saved}; the content would not find it.")
    return written


def restore_backup(directory):
    """
    Restore a backup into a database without content. All or nothing: on any error the database
    is left as it was and the media files written are removed. Returns the manifest's counts.
    """
    manifest, users, content, media = read_backup(directory)
    present = _content_in_database()
    if present:
        listed = ", ".join(f"{count} {label}" for label, count in sorted(present.items()))
        raise BackupError(
            f"The database already holds content ({listed}): restore only into an empty database "
            "(a new one after `manage.py migrate`, or after `manage.py flush`)."
        )
    written = []
    try:
        with transaction.atomic():
            users_created = _restore_users(users)
            restored = {}
            with connection.constraint_checks_disabled():
                try:
                    for item in serializers.deserialize("json", content):
                        label = _label(type(item.object))
                        if type(item.object) not in MODELS:
                            raise BackupError(f"content.json holds a row of {label}, which a backup never holds.")
                        item.save()
                        restored[label] = restored.get(label, 0) + 1
                except DeserializationError as error:
                    raise BackupError(f"content.json cannot be read into this database: {error}") from None
            try:
                connection.check_constraints(table_names=[model._meta.db_table for model in MODELS])
            except IntegrityError as error:
                raise BackupError(f"content.json refers to rows it does not hold: {error}") from None
            if restored != {label: count for label, count in manifest.get("counts", {}).items() if count}:
                raise BackupError(
                    f"content.json holds {restored}, the manifest promises {manifest.get('counts')}: the backup is incomplete."
                )
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), MODELS):
                    cursor.execute(statement)
            written = _write_media(media)
            from articles.reader.page_cache import purge

            purge()  # pages cached from an earlier database must not be served
    except BackupError:
        _remove(written)
        raise
    except DatabaseError as error:
        _remove(written)
        raise BackupError(f"The database refused the backup's rows ({error}).") from None
    except BaseException:
        _remove(written)
        raise
    return {"rows": restored, "users_created": users_created, "media": len(media)}


def _remove(names):
    for name in names:
        default_storage.delete(name)


def rebuild_derived():
    """What a backup leaves out and pages need: renditions and cards, search, mentions, snapshots, links."""
    from articles import search
    from articles.entities.mention_index import index_mentions
    from articles.images import cards, renditions
    from articles.reader.links import rebuild_links
    from articles.reader.snapshots import rebuild_snapshots

    for version in ArticleVersion.objects.exclude(image=""):
        renditions.version_renditions_make(version=version)
    for entity in Entity.objects.exclude(logo=""):
        renditions.entity_logo_make(entity=entity)
    try:
        for article in Article.objects.published().select_related("live_version"):
            cards.article_cards_make(article=article, version=article.live_version)
    except cards.CardFontMissing:
        pass  # pages fall back to the lead image or no card; `make_renditions` makes them later
    search.rebuild()
    index_mentions()
    rebuild_snapshots()
    rebuild_links()
