"""Two people editing one draft: presence, refusal of stale saves with a diff, nothing lost."""

import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from articles.admin import conflicts
from articles.models import ArticleVersion, TldrItem, VersionRevision
from articles.tests.admin_pages import AdminForm, browser, csrf_token, open_form
from articles.tests.factories import EditorFactory, full_version

pytestmark = pytest.mark.django_db


def change_url(version):
    return reverse("admin:articles_articleversion_change", args=[version.pk])


def test_the_form_shows_who_else_has_the_draft_open(editor):
    alice = EditorFactory(username="alice")
    draft = full_version()
    browser(alice).get(change_url(draft))
    for language, text in (("en", "Also editing: alice (just now)"), ("zh-hans", "其他正在编辑的人：alice（刚刚）")):
        client = browser(editor)
        client.cookies["django_language"] = language
        page = client.get(change_url(draft)).content.decode()
        assert text in page
    assert "Also editing" not in browser(alice).get(change_url(draft)).content.decode().replace(
        "Also editing: " + editor.username, ""
    )  # alice sees the editor, never herself
    assert f"Also editing: {editor.username}" in browser(alice).get(change_url(draft)).content.decode()


def test_presence_fades_after_a_few_minutes_and_the_heartbeat_refreshes_it(editor, monkeypatch):
    alice = EditorFactory(username="alice")
    draft = full_version()
    alice_client = browser(alice)
    page = alice_client.get(change_url(draft))
    later = time.time() + conflicts.PRESENCE_SECONDS + 5
    monkeypatch.setattr(conflicts.time, "time", lambda: later)
    assert "alice" not in browser(editor).get(change_url(draft)).content.decode().split('class="presence"')[1][:200]
    # alice's page beats: she is back.
    url = reverse("admin:articles_articleversion_presence", args=[draft.pk])
    response = alice_client.post(url, HTTP_X_CSRFTOKEN=csrf_token(page))
    assert response.status_code == 200 and response.json()["text"].startswith(f"Also editing: {editor.username}")
    assert "Also editing: alice" in browser(editor).get(change_url(draft)).content.decode()


def test_the_heartbeat_needs_csrf_and_edit_rights(editor, moderator):
    draft = full_version()
    url = reverse("admin:articles_articleversion_presence", args=[draft.pk])
    assert browser(editor).post(url).status_code == 403  # no token
    assert browser(editor).get(url).status_code == 405
    cache.clear()


def test_a_stale_save_is_refused_with_a_diff_and_neither_persons_text_is_lost(editor):
    alice, bob = EditorFactory(username="alice"), EditorFactory(username="bob")
    draft = full_version(n_rows=2)
    alice_client, bob_client = browser(alice), browser(bob)
    _page, alice_form = open_form(alice_client, change_url(draft))
    bob_page, bob_form = open_form(bob_client, change_url(draft))
    assert "Also editing: alice" in bob_page.content.decode()
    original_en, original_zh = draft.title_en, draft.title_zh_hans

    alice_form["title_zh_hans"] = "爱丽丝改的标题"
    alice_form["tldr_items-1-text_en"] = "Alice's second point"
    assert alice_client.post(change_url(draft), alice_form.post_data()).status_code == 302

    bob_form["title_en"] = "Bob's headline"
    bob_form["summary_zh_hans"] = "鲍勃的摘要"
    response = bob_client.post(change_url(draft), bob_form.post_data())

    assert response.status_code == 200
    page = response.content.decode()
    assert "Not saved: this draft changed while you were editing it." in page
    assert "alice saved it at" in page
    # The time ends with its zone, so the sentence ends with one full stop ("4:30 p.m. UTC.", not "p.m..").
    saved_at = page.split("alice saved it at")[1].split("</strong>")[0]
    assert " UTC." in saved_at and ".." not in saved_at
    # Bob's own text is still in the form.
    shown = AdminForm(page, "articleversion_form")
    assert shown["title_en"] == "Bob's headline" and shown["summary_zh_hans"] == "鲍勃的摘要"
    # The diff shows what alice changed, per language, child rows included.
    diff = page.split('class="edit-conflict')[1].split('class="article-status"')[0]
    assert "title [中文]" in diff and f"− {original_zh}" in diff and "+ 爱丽丝改的标题" in diff
    assert "TL;DR [English]" in diff and "+ Alice&#x27;s second point" in diff
    assert "Bob" not in diff and "鲍勃" not in diff
    # Nothing of bob's was saved; alice's save stands.
    draft.refresh_from_db()
    assert (draft.title_en, draft.title_zh_hans, draft.summary_zh_hans) == (
        original_en,
        "爱丽丝改的标题",
        "一座新的晶圆厂投入运营。",
    )
    assert draft.revision == 2 and draft.modified_by == alice
    assert TldrItem.objects.filter(version=draft, text_en="Alice's second point").exists()

    # Having seen the diff, bob saves again from the re-shown form: now deliberately.
    assert shown["base_revision"] == "2"
    response = bob_client.post(change_url(draft), shown.post_data())
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title_en, draft.summary_zh_hans, draft.revision, draft.modified_by) == (
        "Bob's headline",
        "鲍勃的摘要",
        3,
        bob,
    )


def test_a_form_without_its_revision_is_refused(editor):
    draft = full_version()
    client = browser(editor)
    _page, form = open_form(client, change_url(draft))
    data = form.post_data()
    del data["base_revision"]
    data["title_en"] = "Changed"
    response = client.post(change_url(draft), data)
    assert response.status_code == 200 and "missing its revision" in response.content.decode()
    draft.refresh_from_db()
    assert draft.title_en != "Changed"


def test_a_save_after_the_draft_was_submitted_and_published_is_refused_and_text_kept(editor, moderator):
    from articles import workflow

    draft = full_version()
    client = browser(editor)
    page, form = open_form(client, change_url(draft))
    workflow.version_submit(version=draft, by=editor)
    workflow.version_publish(version=draft, by=moderator)
    form["title_en"] = "Too late"
    response = client.post(change_url(draft), form.post_data())
    assert response.status_code == 403  # approved versions are read-only
    draft.refresh_from_db()
    assert draft.title_en != "Too late"


def test_each_save_keeps_a_snapshot_of_the_revision_it_made(editor):
    draft = full_version()
    client = browser(editor)
    _page, form = open_form(client, change_url(draft))
    assert not VersionRevision.objects.filter(version=draft).exists()  # opening the form writes nothing
    form["title_en"] = "Snapshot me"
    client.post(change_url(draft), form.post_data())
    # The revision the form was loaded from, kept from the database just before the first save.
    assert VersionRevision.objects.get(version=draft, revision=1).content["title_en"] == draft.title_en
    snapshot = VersionRevision.objects.get(version=draft, revision=2)
    assert snapshot.content["title_en"] == "Snapshot me" and snapshot.saved_by == editor
    assert snapshot.content["tldr_items_zh_hans"] == list(
        TldrItem.objects.filter(version=draft).values_list("text_zh_hans", flat=True)
    )
    assert ArticleVersion.objects.get(pk=draft.pk).revision == 2
