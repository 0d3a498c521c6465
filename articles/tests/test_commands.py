import datetime
import io
import json
import shutil

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles.models import Article, ArticleState, ArticleVersion, AuditEvent
from articles.tests.importing_helpers import DATA, db_snapshot, sample_article, write_json

pytestmark = pytest.mark.django_db
DEMO = DATA / "demo"


def run(*args, **kwargs):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err, **kwargs)
    return out.getvalue(), err.getvalue()


# import_articles / export_articles ------------------------------------------------------------


def test_import_articles_reports_what_it_did_per_file():
    out, _err = run("import_articles", str(DATA / "chipmaker.json"), "--publish")
    assert out == f"{DATA / 'chipmaker.json'}: 2 created, 0 updated, 0 unchanged, 2 published.\n"
    out, _err = run("import_articles", str(DATA / "chipmaker.json"), "--publish")
    assert out == f"{DATA / 'chipmaker.json'}: 0 created, 0 updated, 2 unchanged.\n"


def test_import_articles_prints_every_error_saves_the_good_files_and_fails(tmp_path):
    good = write_json(tmp_path / "good.json", sample_article(slug="good-one"))
    bad = write_json(
        tmp_path / "bad.json",
        [sample_article(slug="fine"), sample_article(slug="bad-one", views=-1, scores={"hot": 101})],
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 of 2 files not imported"):
        call_command("import_articles", str(good), str(bad), stdout=io.StringIO(), stderr=err)
    assert err.getvalue().splitlines() == [
        f"{bad}: bad-one: scores.hot: must be between 0 and 100, got 101",
        f"{bad}: bad-one: views: must be 0 or more, got -1",
        f"{bad}: nothing saved (2 errors).",
    ]
    assert list(Article.objects.values_list("slug", flat=True)) == ["good-one"]


def test_import_articles_submit_and_publish_cannot_be_combined():
    with pytest.raises(CommandError):
        run("import_articles", str(DATA / "chipmaker.json"), "--publish", "--submit")


def test_export_articles_writes_the_file_and_round_trips_through_import(tmp_path):
    run("import_articles", str(DATA / "chipmaker.json"), "--publish")
    out, _err = run("export_articles")
    output = tmp_path / "out.json"
    _out, err = run("export_articles", "--output", str(output), "--state", "live")
    assert err == f"2 articles written to {output}.\n"
    assert output.read_text(encoding="utf-8") == out
    assert [entry["slug"] for entry in json.loads(out)] == ["chipmaker-opens-fab", "english-only-brief"]
    one, _err = run("export_articles", "english-only-brief")
    assert [entry["slug"] for entry in json.loads(one)] == ["english-only-brief"]


def test_export_articles_names_a_missing_slug():
    with pytest.raises(CommandError, match="No article with the slug ghost"):
        run("export_articles", "ghost")
    run("import_articles", str(DATA / "chipmaker.json"))
    assert json.loads(run("export_articles", "--state", "live")[0]) == []
    assert len(json.loads(run("export_articles", "--state", "draft")[0])) == 2


# load_demo ------------------------------------------------------------------------------------


def states():
    return {a.slug: a.state for a in Article.objects.select_related("live_version", "draft")}


def test_load_demo_publishes_most_and_leaves_the_listed_drafts_and_reviews(settings):
    settings.DEMO_MODE = False
    out, _err = run("load_demo", "--content", str(DEMO))
    assert out.splitlines() == [
        "Demo content: 7 articles (3 published, 2 in review, 2 drafts); 7 created or updated.",
        "Demo mode is off (set NEWSROOM_DEMO=1 to enable it): no demo accounts created.",
    ]
    assert states() == {
        "northwind-ships-model": ArticleState.LIVE,
        "fab-capacity-doubles": ArticleState.LIVE,
        "chip-export-rules": ArticleState.LIVE,
        "agents-in-the-office": ArticleState.IN_REVIEW,
        "robot-arm-benchmark": ArticleState.IN_REVIEW,
        "sparse-attention-paper": ArticleState.DRAFT,
        "open-weights-debate": ArticleState.DRAFT,
    }
    assert not get_user_model().objects.exists()
    assert Article.objects.get(slug="chip-export-rules").views == 40


def test_load_demo_shifts_the_times_so_the_newest_article_is_about_an_hour_old():
    before = timezone.now()
    run("load_demo", "--content", str(DEMO))
    newest = Article.objects.get(slug="chip-export-rules")  # the newest published demo article
    assert newest.updated_at - newest.published_at == datetime.timedelta(hours=3)  # as in the file
    age = before - newest.updated_at
    assert datetime.timedelta(minutes=59) <= age <= datetime.timedelta(minutes=61)
    offset = newest.published_at - datetime.datetime(2026, 11, 28, 5, tzinfo=datetime.UTC)
    assert offset.total_seconds() % 60 == 0  # rounded to the minute
    oldest = Article.objects.get(slug="northwind-ships-model")
    assert newest.published_at - oldest.published_at == datetime.datetime(2026, 11, 28, 5) - datetime.datetime(
        2026, 11, 16, 9
    )
    assert all(a.published_at <= timezone.now() for a in Article.objects.exclude(published_at=None))


def test_loading_the_demo_twice_changes_nothing(settings):
    settings.DEMO_MODE = False
    run("load_demo", "--content", str(DEMO))
    before = db_snapshot()
    versions, events = ArticleVersion.objects.count(), AuditEvent.objects.count()
    out, _err = run("load_demo", "--content", str(DEMO))
    assert "already loaded, nothing changed." in out
    assert (ArticleVersion.objects.count(), AuditEvent.objects.count()) == (versions, events)
    assert db_snapshot() == before


def test_a_demo_article_added_later_gets_the_first_loads_offset(tmp_path):
    content = tmp_path / "demo"
    shutil.copytree(DEMO, content)
    extra = content / "articles" / "03-agents-in-the-office.json"
    extra_data = extra.read_text(encoding="utf-8")
    extra.unlink()
    states_path = content / "states.json"
    write_json(
        states_path, {"draft": ["sparse-attention-paper", "open-weights-debate"], "in_review": ["robot-arm-benchmark"]}
    )
    run("load_demo", "--content", str(content))
    first = Article.objects.get(slug="chip-export-rules").published_at
    extra.write_text(extra_data, encoding="utf-8")
    run("load_demo", "--content", str(content))
    assert Article.objects.get(slug="chip-export-rules").published_at == first
    added = Article.objects.get(slug="agents-in-the-office")
    assert first - added.published_at == datetime.datetime(2026, 11, 28, 5) - datetime.datetime(2026, 11, 24, 7, 15)


def test_demo_mode_creates_the_accounts_with_new_printed_passwords_every_run(settings):
    settings.DEMO_MODE = True
    out1, _err = run("load_demo", "--content", str(DEMO))
    out2, _err = run("load_demo", "--content", str(DEMO))
    assert "sign in at http://127.0.0.1:8000/admin/" in out1

    def passwords(out):
        lines = [line.split() for line in out.splitlines() if line.startswith("  ")]
        return {fields[0]: fields[1] for fields in lines}

    first, second = passwords(out1), passwords(out2)
    assert set(first) == {"editor", "moderator", "admin"}
    assert all(first[name] != second[name] and len(second[name]) >= 16 for name in first)
    users = {user.username: user for user in get_user_model().objects.all()}
    for name, password in second.items():
        assert users[name].check_password(password) and not users[name].check_password(first[name])
        assert users[name].is_staff
    assert list(users["editor"].groups.values_list("name", flat=True)) == ["Editors"]
    assert list(users["moderator"].groups.values_list("name", flat=True)) == ["Moderators"]
    assert users["admin"].is_superuser and not users["editor"].is_superuser


def test_load_demo_prints_the_sign_in_address_it_is_given(settings):
    # `make run HOST=0.0.0.0 PORT=8124` passes its address, so the printed link is the served one.
    settings.DEMO_MODE = True
    out, _err = run("load_demo", "--content", str(DEMO), "--address", "127.0.0.1:8124")
    assert "sign in at http://127.0.0.1:8124/admin/" in out
    with pytest.raises(CommandError, match="--address: expected HOST:PORT"):
        run("load_demo", "--content", str(DEMO), "--address", "8124")


def test_demo_accounts_can_sign_in_to_the_admin(client, settings):
    settings.DEMO_MODE = True
    out, _err = run("load_demo", "--content", str(DEMO))
    password = next(line.split()[1] for line in out.splitlines() if line.startswith("  editor"))
    response = client.post("/admin/login/?next=/admin/", {"username": "editor", "password": password})
    assert response.status_code == 302 and response.url == "/admin/"


def test_a_states_file_naming_a_missing_article_fails_clearly(tmp_path):
    content = tmp_path / "demo"
    shutil.copytree(DEMO, content)
    write_json(content / "states.json", {"draft": ["no-such-article"], "in_review": []})
    with pytest.raises(CommandError, match="states.json: draft: no demo article has the slug no-such-article"):
        run("load_demo", "--content", str(content))
    assert not Article.objects.exists()


def test_invalid_demo_content_is_reported_and_nothing_is_loaded(tmp_path):
    content = tmp_path / "demo"
    shutil.copytree(DEMO, content)
    path = content / "articles" / "01-northwind-ships-model.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["scores"]["hot"] = 500
    write_json(path, data)
    err = io.StringIO()
    with pytest.raises(CommandError, match="not valid; nothing loaded"):
        call_command("load_demo", "--content", str(content), stdout=io.StringIO(), stderr=err)
    assert err.getvalue() == f"{path}: northwind-ships-model: scores.hot: must be between 0 and 100, got 500\n"
    assert not Article.objects.exists()


def test_a_missing_states_file_fails_clearly(tmp_path):
    content = tmp_path / "demo"
    shutil.copytree(DEMO, content)
    (content / "states.json").unlink()
    with pytest.raises(CommandError, match=r"states.json: cannot read the file \(No such file or directory\)"):
        run("load_demo", "--content", str(content))


def test_the_shipped_demo_content_loads_with_its_states_and_a_second_load_changes_nothing(settings):
    settings.DEMO_MODE = False
    shipped = DATA.parent.parent / "demo_content"
    listed = json.loads((shipped / "states.json").read_text(encoding="utf-8"))
    assert len(listed["draft"]) >= 3 and len(listed["in_review"]) >= 3
    before = timezone.now()
    run("load_demo")
    found = states()
    assert len(found) == len(list((shipped / "articles").glob("*.json")))
    assert {slug for slug, state in found.items() if state == ArticleState.DRAFT} == set(listed["draft"])
    assert {slug for slug, state in found.items() if state == ArticleState.IN_REVIEW} == set(listed["in_review"])
    assert sum(state == ArticleState.LIVE for state in found.values()) == len(found) - len(listed["draft"]) - len(
        listed["in_review"]
    )
    newest = max(max(filter(None, (a.published_at, a.updated_at))) for a in Article.objects.published())
    assert datetime.timedelta(minutes=59) <= before - newest <= datetime.timedelta(minutes=61)
    snapshot = db_snapshot()
    out, _err = run("load_demo")
    assert "already loaded, nothing changed." in out
    assert db_snapshot() == snapshot
