"""A save that fails leaves no uploaded file behind (articles/images/uploads.py)."""

import pytest
from django.core.files.storage import default_storage

from articles import workflow
from articles.models import ArticleVersion
from articles.tests.factories import full_version, image_upload
from articles.tests.test_images import ALT, admin_client, post_form

pytestmark = pytest.mark.django_db


def stored_uploads():
    folders = ["articles"]
    found = []
    while folders:
        folder = folders.pop()
        if not default_storage.exists(folder):
            continue
        subfolders, files = default_storage.listdir(folder)
        folders += [f"{folder}/{name}" for name in subfolders]
        found += [f"{folder}/{name}" for name in files]
    return found


def test_an_upload_whose_save_fails_after_writing_the_file_is_deleted(editor, monkeypatch):
    draft = full_version()

    def fail(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(workflow, "version_saved", fail)  # fails after the version row and its file were written
    client = admin_client(editor, "en")
    with pytest.raises(RuntimeError):
        post_form(
            client,
            draft,
            "en",
            image=image_upload("wafer.jpg"),
            image_alt_en=ALT["en"],
            image_alt_zh_hans=ALT["zh-hans"],
        )
    assert stored_uploads() == []
    assert not ArticleVersion.objects.get(pk=draft.pk).image


def test_a_successful_save_keeps_its_upload(editor):
    draft = full_version()
    client = admin_client(editor, "en")
    response = post_form(
        client, draft, "en", image=image_upload("wafer.jpg"), image_alt_en=ALT["en"], image_alt_zh_hans=ALT["zh-hans"]
    )
    assert response.status_code == 302
    assert stored_uploads() == [ArticleVersion.objects.get(pk=draft.pk).image.name]
