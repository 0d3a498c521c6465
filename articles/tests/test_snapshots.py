import pytest

from articles.models import PageSnapshot
from articles.reader.snapshots import rebuild_snapshots, render_key, store_snapshots
from articles.tests.reader_helpers import LANGUAGES, get, rich_article

pytestmark = pytest.mark.django_db

# Loading the versions: with article and section, tags, entities, the four row lists and the
# entities the key-data rows name (``ArticleVersion.objects.with_rows()``), whatever their number.
LOAD_QUERIES = 8
# Storing one snapshot (``update_or_create``): its SELECT and INSERT, each in a savepoint.
STORE_QUERIES = 6


def _page(client, path):
    response = get(client, path)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_page_read_from_its_snapshot_is_the_page_read_from_the_rows(client, language, settings):
    settings.PAGE_CACHE_SECONDS = 0
    article = rich_article(3)
    assert not PageSnapshot.objects.exists()
    paths = (f"/{language}/article/{article.slug}/", f"/{language}/article/{article.slug}/bilingual/")
    from_rows = [_page(client, path) for path in paths]
    assert rebuild_snapshots() == 1
    assert [_page(client, path) for path in paths] == from_rows


def test_publishing_stores_the_snapshot_once_committed(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = rich_article(2)
    snapshot = PageSnapshot.objects.get(version=article.live_version)
    assert [tag["slug"] for tag in snapshot.data["tags"]] == [t.slug for t in article.live_version.tags.all()]
    assert len(snapshot.data["key_data_rows"]) == 2


@pytest.mark.parametrize("language", LANGUAGES)
def test_renaming_a_tag_or_an_entity_shows_on_the_page_at_once(
    client, language, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=True):
        article = rich_article(1)
    tag, entity = article.live_version.tags.get(), article.live_version.entities.get()
    with django_capture_on_commit_callbacks(execute=True):
        tag.name_en = tag.name_zh_hans = "Renamed tag"
        tag.save()
        entity.name_en = entity.name_zh_hans = "Renamed entity"
        entity.save()
    page = _page(client, f"/{language}/article/{article.slug}/")
    assert "Renamed tag" in page and "Renamed entity" in page


def _tamper(article, marker, *, key=None):
    """Put ``marker`` into every stored fragment of ``article``'s snapshot (and set its render key)."""
    snapshot = PageSnapshot.objects.get(version=article.live_version)
    for fragments in snapshot.data["fragments"].values():
        fragments["text"] = f"<p>{marker}</p>"
    if key is not None:
        snapshot.data["fragments_key"] = key
    snapshot.save()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_prints_the_fragments_stored_with_its_snapshot(client, language, settings):
    settings.PAGE_CACHE_SECONDS = 0
    article = rich_article(2)
    rebuild_snapshots()
    snapshot = PageSnapshot.objects.get(version=article.live_version)
    assert set(snapshot.data["fragments"]) == {"en", "zh-hans"}
    assert snapshot.data["fragments_key"] == render_key()
    _tamper(article, "stored-fragment-marker")
    for path in (f"/{language}/article/{article.slug}/", f"/{language}/article/{article.slug}/bilingual/"):
        assert "stored-fragment-marker" in _page(client, path)


def test_fragments_rendered_by_other_templates_are_rendered_again(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    article = rich_article(2)
    rebuild_snapshots()
    expected = _page(client, f"/en/article/{article.slug}/")
    _tamper(article, "stale-fragment-marker", key="rendered-by-an-older-deploy")
    page = _page(client, f"/en/article/{article.slug}/")
    assert "stale-fragment-marker" not in page
    assert page == expected


def test_a_draft_preview_never_prints_the_live_versions_fragments(client, settings):
    from articles.reader.presentation import article_page_context
    from articles.reader.snapshots import attach_page_parts

    article = rich_article(1)
    rebuild_snapshots()
    version = attach_page_parts(type(article).objects.for_page().get(pk=article.pk).live_version)
    assert article_page_context(article=article, version=version, language="en")["fragments"]
    assert "fragments" not in article_page_context(article=article, version=version, language="en", preview=True)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_snapshot_names_a_rows_chinese_override_as_the_rows_do(client, language, settings):
    from articles.tests.factories import EntityFactory

    settings.PAGE_CACHE_SECONDS = 0
    article = rich_article(2)
    globex = EntityFactory(slug="globex", name_en="Globex", name_zh_hans="环球")
    article.live_version.key_data_rows.filter(position=1).update(entity_override_zh_hans=globex)
    path = f"/{language}/article/{article.slug}/"
    from_rows = _page(client, path)
    rebuild_snapshots()
    assert _page(client, path) == from_rows
    key_data = from_rows[from_rows.index('<section class="analysis__part key-data">') :]
    key_data = key_data[: key_data.index("</section>")]
    assert ("环球" in key_data) == (language == "zh-hans") and "Globex" not in key_data  # English: the row's own


@pytest.mark.parametrize("count", [1, 4])
def test_storing_snapshots_loads_the_versions_once_and_costs_the_same_queries_per_article(
    count, django_assert_num_queries
):
    ids = [rich_article(size).live_version_id for size in range(1, count + 1)]
    with django_assert_num_queries(LOAD_QUERIES + STORE_QUERIES * count):
        store_snapshots(ids)
    snapshots = PageSnapshot.objects.filter(version_id__in=ids)
    assert all(set(snapshot.data["shells"]) == set(LANGUAGES) for snapshot in snapshots)
    assert len(snapshots) == count
