"""
Listing items ("cards") below their date line: the headline, summary, scores and tags.

That part is a pure function of a few values (the language, the article's slug, the live
version's title, summary and scores, its tags' slugs and names), so it is rendered once per
process for each distinct set of them and kept in a bounded in-process memo: a listing page then
renders twenty date lines and joins stored strings instead of running the item template twenty
times. Nothing can go stale: any change to a value (a new live version, a renamed tag, a new
slug) is a different key, and the old entry ages out. The date line stays live (relative times,
the section, the thumbnail). See docs/benchmarks.md, "Listings".
"""

from functools import lru_cache

from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

# Distinct cards kept per process (about 2 kB each): a few pages of every listing and sort.
MEMO_SIZE = 4096


def card_body(article, version):
    """The HTML of ``article``'s card below its date line, in the current language."""
    tags = tuple((tag.slug, tag.name or tag.slug) for tag in version.tags.all())
    scores = (version.hot_score, version.quality_score, version.impact_score)
    return _render(get_language(), get_script_prefix(), article.slug, version.title, version.summary, scores, tags)


@lru_cache(maxsize=MEMO_SIZE)
def _render(language, script_prefix, slug, title, summary, scores, tags):
    # language and script_prefix are the ones active now: they are in the key because the URLs and
    # the labels depend on them.
    hot, quality, impact = scores
    return render_to_string(
        "articles/includes/article_item_body.html",
        {
            "url": reverse("articles:detail", kwargs={"slug": slug}),
            "title": title,
            "summary": summary,
            "hot": hot,
            "quality": quality,
            "impact": impact,
            "tags": [(reverse("articles:tag", kwargs={"slug": tag_slug}), label) for tag_slug, label in tags],
        },
    )
