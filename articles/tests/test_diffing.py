import re

import pytest

from articles import workflow
from articles.models import ArticleVersion, FaqItem, KeyDataRow, TldrItem
from articles.review.diffing import mark_changes, tokens, version_diff, versions_for_diff
from articles.tests.factories import (
    EntityFactory,
    SectionFactory,
    TagFactory,
    TldrItemFactory,
    full_version,
    published_article,
    with_image,
)
from articles.tests.http import CsrfClient

pytestmark = pytest.mark.django_db


def load(*versions):
    by_pk = versions_for_diff().in_bulk([v.pk for v in versions])
    return [by_pk[v.pk] for v in versions]


def test_english_is_compared_word_by_word():
    html = mark_changes("The plant adds capacity.", "The new plant adds more capacity.", "en")
    assert "<del>" not in html
    assert [t.strip() for t in re.findall(r"<ins>(.*?)</ins>", html)] == ["new", "more"]
    assert re.sub(r"</?ins>", "", html) == "The new plant adds more capacity."


def test_a_replaced_english_word_is_marked_whole():
    assert (
        mark_changes("Supply was tight.", "Supply was loose.", "en") == "Supply was <del>tight</del><ins>loose</ins>."
    )


def test_chinese_is_compared_character_by_character():
    html = mark_changes("供应一直紧张。", "供应仍然紧张。", "zh-hans")
    assert html == "供应<del>一直</del><ins>仍然</ins>紧张。"
    assert tokens("供应", "zh-hans") == ["供", "应"]


def test_marked_text_is_escaped_before_it_is_marked():
    html = mark_changes("<b>old</b>", "<script>alert(1)</script> & new", "en")
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;" in html and "&gt;" in html and "&amp;" in html
    assert "<ins>" in html and "<del>" in html


def test_identical_versions_have_no_changes():
    article = published_article()
    draft = workflow.article_start_draft(article=article)
    old, new = load(article.live_version, draft)
    diff = version_diff(old, new)
    assert not diff.has_changes
    assert all(not lang.changed for lang in diff.languages)


def test_a_changed_field_shows_in_its_language_only():
    article = published_article()
    draft = workflow.article_start_draft(article=article)
    ArticleVersion.objects.filter(pk=draft.pk).update(title_zh_hans="芯片厂商关闭晶圆厂")
    old, new = load(article.live_version, draft)
    diff = version_diff(old, new)
    assert diff.has_changes
    assert not diff.language("en").changed
    [title] = diff.language("zh-hans").changed_fields
    assert title.part == "title"
    assert "<del>" in title.html and "<ins>关闭</ins>" in title.html


def test_section_scores_flags_tags_and_entities_are_compared():
    keep, drop, add = TagFactory(name_en="Keep"), TagFactory(name_en="Drop"), TagFactory(name_en="Add")
    acme = EntityFactory(name_en="Acme")
    article = published_article(tags=[keep, drop])
    draft = workflow.article_start_draft(article=article)
    draft.section = SectionFactory(name_en="Chips")
    draft.hot_score = 12
    draft.ai_generated = True
    draft.save()
    draft.tags.set([keep, add])
    draft.entities.set([acme])
    old, new = load(article.live_version, draft)
    diff = version_diff(old, new)
    changed = {c.part: c for c in diff.changed_common}
    assert set(changed) == {"section", "hot_score", "ai_generated"}
    assert changed["hot_score"].old == "70" and changed["hot_score"].new == "12"
    assert "<ins>Chips</ins>" in changed["section"].html
    sets = {s.part: s for s in diff.sets}
    assert sets["tags"].added == ["Add"] and sets["tags"].removed == ["Drop"] and sets["tags"].kept == ["Keep"]
    assert sets["entities"].added == ["Acme"] and sets["entities"].removed == []


def test_child_rows_are_compared_by_position_with_added_and_removed_rows():
    article = published_article(n_rows=2)
    draft = workflow.article_start_draft(article=article)
    first, second = TldrItem.objects.filter(version=draft).order_by("position")
    TldrItem.objects.filter(pk=first.pk).update(text_en="Point changed")
    second.delete()
    FaqItem.objects.create(version=draft, position=5, question_en="New question?", answer_en="Yes.")
    old, new = load(article.live_version, draft)
    english = version_diff(old, new).language("en")
    parts = {p.part: p for p in english.changed_parts}
    assert set(parts) == {"tldr", "faq"}
    statuses = [(r.position, r.status) for r in parts["tldr"].rows]
    assert statuses == [(1, "changed"), (2, "removed")]
    [added] = parts["faq"].changed_rows
    assert (added.position, added.status) == (3, "added")
    assert added.fields[0].html == "<ins>New question?</ins>"
    removed = parts["tldr"].rows[1]
    assert removed.fields[0].html.startswith("<del>")
    # The Chinese side lost the same TL;DR row and gained no FAQ text.
    chinese = {p.part: p for p in version_diff(old, new).language("zh-hans").changed_parts}
    assert set(chinese) == {"tldr"}


def test_key_data_entities_are_compared_per_language_with_the_chinese_override():
    acme, globex = (
        EntityFactory(name_en="Acme", name_zh_hans="艾克米"),
        EntityFactory(name_en="Globex", name_zh_hans="环球"),
    )
    article = published_article(entities=[acme])
    draft = workflow.article_start_draft(article=article)
    KeyDataRow.objects.filter(version=draft, position=0).update(entity_override_zh_hans=globex)
    old, new = load(article.live_version, draft)
    diff = version_diff(old, new)
    assert not diff.language("en").changed
    [part] = diff.language("zh-hans").changed_parts
    [row] = part.changed_rows
    entity = next(f for f in row.fields if f.part == "key_data.entity")
    assert (entity.old, entity.new) == ("艾克米", "环球")


def test_a_first_version_is_all_added():
    version = full_version()
    TldrItemFactory(version=version, position=9, text_en="Only English", text_zh_hans="")
    [new] = load(version)
    diff = version_diff(None, new)
    english, chinese = diff.language("en"), diff.language("zh-hans")
    assert all(f.html.startswith("<ins>") for f in english.changed_fields)
    assert [r.status for r in english.parts[0].rows] == ["added", "added", "added"]
    assert [r.status for r in chinese.parts[0].rows] == ["added", "added"]


def test_loading_versions_for_a_diff_takes_a_fixed_number_of_queries(django_assert_num_queries):
    small = published_article(n_rows=1, tags=[TagFactory()], entities=[EntityFactory()])
    big = published_article(n_rows=6, tags=[TagFactory(), TagFactory()], entities=[EntityFactory()])
    for article in (small, big):
        draft = workflow.article_start_draft(article=article)
        # A row naming a different Chinese entity: its override is loaded in one more query.
        KeyDataRow.objects.filter(version=draft, position=0).update(entity_override_zh_hans=EntityFactory())
        with django_assert_num_queries(10):
            old, new = load(article.live_version, draft)
            diff = version_diff(old, new)
            [str(f.html) for lang in diff.languages for p in lang.parts for r in p.rows for f in r.fields]


def test_a_replaced_image_and_its_description_show_as_changes():
    article = published_article()
    live = with_image(article.live_version)
    draft = workflow.article_start_draft(article=article)
    old, new = load(live, draft)
    unchanged = version_diff(old, new)
    assert not unchanged.has_changes
    with_image(draft, name="replacement.png", image_format="PNG", alt_zh_hans="新的图片")
    old, new = load(live, draft)
    diff = version_diff(old, new)
    image = next(change for change in diff.changed_common if change.part == "image")
    assert f'<del><img class="diff-image" src="{live.image.url}"' in image.html
    assert f'<ins><img class="diff-image" src="{draft.image.url}"' in image.html and "replacement" in image.html
    alt = next(f for f in diff.language("zh-hans").changed_fields if f.part == "image_alt")
    assert "<ins>图片</ins>" in alt.html and "<del>戴手套</del>" in alt.html
    assert not any(f.part == "image_alt" for f in diff.language("en").changed_fields)


def test_a_moved_focal_point_shows_as_a_change_because_it_changes_every_crop():
    article = published_article()
    live = with_image(article.live_version)
    draft = workflow.article_start_draft(article=article)
    ArticleVersion.objects.filter(pk=draft.pk).update(image_focus_x=0.25, image_focus_y=0.8)
    diff = version_diff(*load(live, draft))
    focus = next(change for change in diff.changed_common if change.part == "image_focus")
    assert focus.html == '<del>centre</del> <span class="diff-arrow">→</span> <ins>25% / 80%</ins>'


def test_the_review_screen_shows_an_image_added_to_a_draft(moderator):
    article = published_article()
    draft = workflow.article_start_draft(article=article)
    with_image(draft)
    workflow.version_submit(version=draft)
    html = CsrfClient(moderator).get(f"/admin/moderation/version/{draft.pk}/").content.decode()
    assert f'<ins><img class="diff-image" src="{draft.image.url}"' in html
