"""
What an article page shows, built from any version (live or draft) in one language.

``article_page_context`` reads the explicit per-language columns (``title_zh_hans``…), so one
request can build both languages (the bilingual page, side-by-side review). It never queries
beyond what ``version_for_display`` / ``Article.objects.for_detail()`` prefetched.
"""

from django.utils.safestring import mark_safe
from django.utils.translation import override

from articles import provenance, timefmt
from articles.images import markup
from articles.languages import LANGUAGE_CODES, NATIVE_NAMES, translated
from articles.models import ArticleVersion
from articles.reader.rendering import render_analysis
from articles.reader.snapshots import stored_fragments

# States whose ``analysis_html`` was rendered when the version was approved.
RENDERED_STATES = (ArticleVersion.State.APPROVED, ArticleVersion.State.SUPERSEDED, ArticleVersion.State.UNPUBLISHED)


def version_for_display(version_pk):
    """A version with its article, section, tags, entities and every child row: 8 queries (9 when a key-data row names a different Chinese entity)."""
    return (
        ArticleVersion.objects.select_related("article", "section")
        .prefetch_related("tags", "entities")
        .with_rows()
        .get(pk=version_pk)
    )


def text(obj, field, language):
    return (translated(obj, field, language) or "").strip()


def has_language(version, language):
    return bool(version is not None and text(version, "title", language))


def available_languages(version):
    return [code for code in LANGUAGE_CODES if has_language(version, code)]


def article_page_context(*, article, version, language, preview=False):
    """
    Everything ``templates/articles/includes/article_body.html`` renders for ``version`` in
    ``language``: texts, times, scores, child rows (blank rows left out), section, tags and
    entities with their URLs in that language. ``available`` is False when the version has no
    title in ``language``; ``other_languages`` then lists where it can be read.
    """
    with override(language):
        available = has_language(version, language)
        others = [
            {"code": code, "name": NATIVE_NAMES[code], "url": _article_url(article, code, preview)}
            for code in available_languages(version)
            if code != language
        ]
        body = {
            "language": language,
            "article": article,
            "version": version,
            "preview": preview,
            "available": available,
            "other_languages": others,
            "published_at": article.published_at,
            "updated_at": article.updated_at,
            "show_updated": timefmt.is_meaningful_update(article.published_at, article.updated_at),
            "views": article.views,
            "section": _named(version.section, language),
            "scores": {"hot": version.hot_score, "quality": version.quality_score, "impact": version.impact_score},
            "ai_generated": version.ai_generated,
            "disclaimer": provenance.disclaimer(version),
            "provenance_sources": list((provenance.declaration(version) or {}).get("sources", [])),
        }
        if not available:
            return body
        # Stored at approval; a version not approved yet (a preview) is rendered now, the same way.
        analysis_html = text(version, "analysis_html", language) if version.state in RENDERED_STATES else ""
        if not analysis_html:
            analysis_html = render_analysis(text(version, "analysis", language), language=language)
        body.update(
            title=text(version, "title", language),
            summary=text(version, "summary", language),
            # Sanitised by articles.reader.rendering (at publication, or just now for a draft).
            analysis_html=mark_safe(analysis_html),  # noqa: S308
            tldr=[t for row in version.tldr_items.all() if (t := text(row, "text", language))],
            key_data=_key_data(version, language),
            insights=[t for row in version.insights.all() if (t := text(row, "text", language))],
            faq=[
                {"question": text(row, "question", language), "answer": text(row, "answer", language)}
                for row in version.faq_items.all()
                if text(row, "question", language)
            ],
            image=lead_image(version, language),
            social_image=markup.social_image(version, language),
            tags=[_named(tag, language) for tag in version.tags.all()],
            entities=[_named(entity, language) for entity in version.entities.all()],
        )
        body["has_analysis"] = any(
            (body["tldr"], body["key_data"], body["analysis_html"], body["insights"], body["faq"])
        )
        if not preview:
            # The version-only parts as rendered when its page snapshot was stored (None: render them).
            body["fragments"] = stored_fragments(version, language)
    return body


def lead_image(version, language):
    """The version's lead image as a page shows it in ``language`` (``None`` when it has none)."""
    if not version.image:
        return None
    return {
        "url": version.image.url,
        "width": version.image_width,
        "height": version.image_height,
        "alt": text(version, "image_alt", language),
        "credit": text(version, "image_credit", language),
        # srcset, <source> types and the rendition's own size (articles.images.markup; no query).
        "picture": markup.lead_picture(version),
    }


def _article_url(article, language, preview):
    if preview:
        return ""
    with override(language):
        return article.get_absolute_url()


def _named(obj, language):
    """A section, tag or entity as the page shows it: its name in ``language`` (slug if blank) and URL."""
    if obj is None:
        return None
    named = {"name": text(obj, "name", language) or obj.slug, "url": obj.get_absolute_url(), "slug": obj.slug}
    if getattr(obj, "logo", None):
        named["logo"] = markup.logo_picture(obj)  # an entity's logo (no query: the row is loaded)
    return named


def _key_data(version, language):
    rows = []
    for row in version.key_data_rows.all():
        entity = row.entity_in(language)  # shared by the languages, named in this one
        info, metric = text(row, "info", language), text(row, "metric", language)
        if not (entity or info or metric):
            continue
        rows.append({"entity": _named(entity, language), "info": info, "metric": metric})
    return rows
