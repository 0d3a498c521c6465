"""First entity mentions in the published analysis link to the entity page."""

import re

import pytest

from articles import workflow
from articles.entities.linking import link_first_mentions
from articles.models import ArticleVersion
from articles.reader.rendering import render_markdown
from articles.tests.factories import EntityFactory, full_version
from articles.tests.test_rendering import PAYLOADS

GOOGLE = {
    "slug": "google",
    "kind": "company",
    "name": {"en": "Google", "zh-hans": "谷歌"},
    "aliases": {"en": ["Alphabet"]},
}
META = {"slug": "meta", "kind": "company", "name": {"en": "Meta"}, "aliases": {}}
LIWEI = {"slug": "li-wei", "kind": "person", "name": {"en": "Li Wei", "zh-hans": "李伟"}, "aliases": {}}
ENTITIES = [GOOGLE, META, LIWEI]


def link(markdown, language="en"):
    return link_first_mentions(render_markdown(markdown), entities=ENTITIES, language=language)


def test_only_the_first_mention_of_each_entity_is_linked_under_the_language_prefix():
    html = link("Google and Meta met. Google left.\n\nAlphabet said nothing.")
    assert html.count('<a href="/en/entity/google/" class="entity-link">Google</a>') == 1
    assert html.count('href="/en/entity/meta/"') == 1
    assert "Google left." in html and "Alphabet said" in html  # later mentions, any alias, stay text


def test_chinese_text_links_latin_and_chinese_names_with_the_chinese_prefix():
    html = link("谷歌与Meta合作。李伟华反对，李伟称支持。", "zh-hans")
    assert '<a href="/zh-hans/entity/google/" class="entity-link">谷歌</a>' in html
    assert '<a href="/zh-hans/entity/meta/" class="entity-link">Meta</a>' in html
    assert '李伟华反对，<a href="/zh-hans/entity/li-wei/" class="entity-link">李伟</a>称' in html


def test_text_inside_links_headings_and_code_is_never_linked():
    html = link(
        "## Google news\n\n[Google site](https://google.example) and `Google` code\n\n"
        "```\nGoogle\n```\n\nThen Google again."
    )
    assert html.count("entity-link") == 1
    assert "<h3>Google news</h3>" in html and "<code>Google</code>" in html
    assert 'Then <a href="/en/entity/google/" class="entity-link">Google</a> again.' in html


def test_lowercase_words_and_longer_words_are_not_mentions():
    assert "entity-link" not in link("The metadata and meta-analysis of googles.")


def test_escaped_text_stays_escaped_and_untouched_parts_are_byte_identical():
    html = link("Tom & Jerry <b>x</b> & Google < Meta <script>alert(1)</script>")
    assert "Tom &amp; Jerry <b>x</b> &amp; <a" in html and "</a> &lt; <a" in html
    assert "<script" not in html
    assert link_first_mentions(render_markdown("Nothing here."), entities=ENTITIES, language="en") == render_markdown(
        "Nothing here."
    )


@pytest.mark.parametrize("payload", PAYLOADS)
def test_xss_payloads_stay_inert_after_linking(payload):
    html = link(f"Google intro\n\n{payload}\n\n分析 谷歌 {payload} Meta").lower()
    for dangerous in (
        "<script",
        "onerror",
        "onload",
        "ontoggle",
        "javascript:",
        "data:text",
        "<svg",
        "<iframe",
        "style=",
    ):
        assert dangerous not in html


def test_a_name_with_markup_or_quotes_is_linked_as_escaped_text_never_as_markup():
    evil = {"slug": "evil", "kind": "other", "name": {"en": "<i>Evil</i>"}, "aliases": {"en": ['Evil" onmouseover="x']}}
    html = link_first_mentions(
        render_markdown('Say &lt;i&gt;Evil&lt;/i&gt; then Evil" onmouseover="x'), entities=[evil], language="en"
    )
    assert '<a href="/en/entity/evil/" class="entity-link">&lt;i&gt;Evil&lt;/i&gt;</a>' in html
    assert html.count("entity-link") == 1  # the alias is the same entity: only its first mention
    tags = re.findall(r"<a [^>]*>", html)
    assert tags and all(re.fullmatch(r'<a href="/en/entity/[a-z0-9-]+/" class="entity-link">', tag) for tag in tags)


@pytest.mark.django_db
def test_a_mention_never_spans_a_tag_and_a_tag_is_the_edge_of_a_word():
    html = link("Li *Wei* met **Google**s, then Meta*x* and 李*伟*说，李伟说。", "zh-hans")
    assert "Li <em>Wei</em>" in html  # "Li Wei" split by a tag is no mention
    assert '<strong><a href="/zh-hans/entity/google/" class="entity-link">Google</a></strong>s' in html
    assert '<a href="/zh-hans/entity/meta/" class="entity-link">Meta</a><em>x</em>' in html
    assert '李<em>伟</em>说，<a href="/zh-hans/entity/li-wei/" class="entity-link">李伟</a>说。' in html


def test_publishing_links_the_first_mention_in_each_language(moderator):
    EntityFactory(slug="google", name_en="Google", name_zh_hans="谷歌")
    version = full_version(n_rows=0)
    ArticleVersion.objects.filter(pk=version.pk).update(
        analysis_en="## Google\n\nGoogle opens a fab. Google hires.", analysis_zh_hans="谷歌开设工厂。谷歌招聘。"
    )
    workflow.version_submit(version=version, by=moderator)
    workflow.version_publish(version=version, by=moderator)
    version.refresh_from_db()
    assert version.analysis_html_en.count('<a href="/en/entity/google/" class="entity-link">Google</a>') == 1
    assert "<h3>Google</h3>" in version.analysis_html_en
    assert version.analysis_html_zh_hans.count('<a href="/zh-hans/entity/google/" class="entity-link">谷歌</a>') == 1
