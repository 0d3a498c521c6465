"""Uploaded originals written by a save whose transaction then fails are deleted again."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import FileField

_written = ContextVar("images_uploads_written", default=None)


def note_upload(sender, instance, **kwargs):
    """pre_save receiver: remember the files this save is about to write (only inside ``uploads_discarded_on_failure``)."""
    bucket = _written.get()
    if bucket is None:
        return
    for field in instance._meta.concrete_fields:
        if isinstance(field, FileField):
            file = getattr(instance, field.attname)
            if file and not file._committed:
                bucket.append(file)


def note_stored(file):
    """A file written to storage outside a model save (a proposed logo): deleted too if the save then fails."""
    bucket = _written.get()
    if bucket is not None:
        bucket.append(file)


@contextmanager
def uploads_discarded_on_failure():
    """
    Run a save (an admin form post): when it raises, so that its transaction rolls back, the
    files it wrote to storage are deleted, leaving nothing no row refers to.
    """
    bucket = []
    token = _written.set(bucket)
    try:
        yield
    except BaseException:
        for file in bucket:
            if file._committed and file.name:
                file.storage.delete(file.name)
        raise
    finally:
        _written.reset(token)
