"""
Reader pages. Each view parses its input, calls one selector and renders; unknown slugs, bad
page numbers or cursors (``articles.reader.paging``) and unknown sorts are 404s. Pages are cached
per language and path for anonymous readers (``articles.reader.page_cache``); article views are
counted before the cache answers.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, get_supported_language_variant, override
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from articles.languages import LANGUAGE_CODES, NATIVE_NAMES, html_lang, translated
from articles.models import Article, Entity, Section, SlugRedirect, Tag
from articles.prepared import PreparedQuery
from articles.reader import shell
from articles.reader.cards import attach_card_tags
from articles.reader.context_processors import alternate_links_for
from articles.reader.counting import article_view_count
from articles.reader.links import page_links
from articles.reader.page_cache import cached_page, last_modified_header
from articles.reader.paging import listing_page
from articles.reader.presentation import article_page_context, available_languages
from articles.reader.ranking import DEFAULT_SORT, SORTS, sort_articles
from articles.reader.snapshots import attach_page_parts

PAGE_SIZE = 20


@require_safe
@vary_on_headers("Accept-Language")
def root_redirect(request):
    """``/`` → the supported language the browser weighs highest (``q``), ``/en/`` when none is."""
    language = "en"
    for tag in accepted_languages(request.headers.get("Accept-Language", "")):
        if tag.startswith("zh"):
            language = "zh-hans"
            break
        try:
            language = get_supported_language_variant(tag)
        except LookupError:
            continue
        break
    with override(language):
        return redirect(reverse("articles:home"))


def accepted_languages(header):
    """The tags of an Accept-Language header, highest ``q`` first (ties keep their order); ``q=0`` and ``*`` dropped."""
    weighted = []
    for index, part in enumerate(header.split(",")):
        tag, *params = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for param in params:
            name, _eq, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag and tag != "*" and quality > 0:
            weighted.append((-quality, index, tag.lower()))
    return [tag for _q, _i, tag in sorted(weighted)]


# Listings ------------------------------------------------------------------------------------


def _listing(request, queryset, template, context):
    sort = request.GET.get("sort", DEFAULT_SORT)
    if sort not in SORTS:
        raise Http404(f"Unknown sort {sort!r}.")
    page = listing_page(
        ordered=sort_articles(queryset.for_cards(), sort),
        counted=queryset,
        sort=sort,
        per_page=PAGE_SIZE,
        number=request.GET.get("page", "1"),
        after=request.GET.get("after"),
        before=request.GET.get("before"),
    )
    attach_card_tags(page.object_list)
    context.update(page=page, sort=sort, sorts=SORTS)
    return render(request, template, context)


@require_safe
@cached_page
def home(request):
    return _listing(request, Article.objects.public(get_language()), "articles/home.html", {"on_home": True})


@require_safe
@cached_page
def section_page(request, slug):
    section = get_object_or_404(Section, slug=slug)
    articles = Article.objects.public(get_language()).filter(live_version__section=section)
    return _listing(request, articles, "articles/section.html", {"section": section, "current_section": section.slug})


@require_safe
@cached_page
def tag_page(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    articles = Article.objects.public(get_language()).filter(live_version__tags=tag)
    return _listing(request, articles, "articles/tag.html", {"tag": tag})


@require_safe
@cached_page
def entity_page(request, slug):
    entity = get_object_or_404(Entity.objects.prefetch_related("aliases"), slug=slug)
    articles = Article.objects.public(get_language()).about_entity(entity)
    names = [
        {"language": NATIVE_NAMES[code], "html_lang": html_lang(code), "name": name}
        for code in LANGUAGE_CODES
        if (name := translated(entity, "name", code))
    ]
    return _listing(request, articles, "articles/entity.html", {"entity": entity, "names": names})


# Article pages -------------------------------------------------------------------------------


@require_safe
def article_detail(request, slug):
    article_view_count(request=request, slug=slug)
    return _article_detail(request, slug=slug)


@cached_page
def _article_detail(request, slug):
    language = get_language()
    article = _published_or_redirect(slug, "articles:detail", attach=False)
    if not isinstance(article, Article):
        return article
    html = shell.page(request, article, language)
    if html is None:
        attach_page_parts(article.live_version)
        response = render(request, "articles/article_detail.html", article_detail_context(request, article, language))
    else:
        response = HttpResponse(html)
    return last_modified_header(response, article.updated_at or article.published_at)


def article_detail_context(request, article, language, *, marks=False, version=None, body=None):
    """
    The context of ``articles/article_detail.html`` for ``article`` (its live version's parts
    loaded, or ``version`` given loaded, with its ``body`` in ``language`` when already built).
    With ``marks``, the parts a request varies are marks (``articles.reader.shell``) and the
    links are not read.
    """
    if version is None:
        version = article.live_version
    if body is None:
        body = article_page_context(article=article, version=version, language=language)
    else:
        body = dict(body)  # the marks below are this page's only
    context = {
        "body": body,
        "article": article,
        "current_section": version.section.slug,
        "alternate_links": alternate_links_for(request, available_languages(version)),
    }
    if marks and body["available"]:
        body["marks"] = {name: shell.mark(name) for name in ("published", "updated", "views")}
        body["fragments"] = {name: shell.mark(name) for name in ("heading", "text")}
        context["links_mark"] = shell.mark("links")
        context["nav_mark"] = shell.mark("nav")
    elif body["available"]:
        context["related"], context["previous_article"], context["next_article"] = page_links(
            article_id=article.pk, language=language
        )
    elif body["other_languages"]:
        # The article lives in the other language: that page is the canonical one.
        context["canonical_url"] = request.build_absolute_uri(body["other_languages"][0]["url"])
    return context


@require_safe
def article_bilingual(request, slug):
    article_view_count(request=request, slug=slug)
    return _article_bilingual(request, slug=slug)


@cached_page
def _article_bilingual(request, slug):
    article = _published_or_redirect(slug, "articles:bilingual")
    if not isinstance(article, Article):
        return article
    version = article.live_version
    # The page's own language first: it is the left column side by side and the top one when the
    # columns stack on a phone.
    current = get_language()
    order = sorted(LANGUAGE_CODES, key=lambda code: code != current)
    bodies = [article_page_context(article=article, version=version, language=code) for code in order]
    context = {
        "article": article,
        "bodies": bodies,
        "body": next(b for b in bodies if b["language"] == current),
        "current_section": version.section.slug,
        # The same text as the article page, which is the canonical one.
        "canonical_url": request.build_absolute_uri(article.get_absolute_url()),
    }
    return last_modified_header(
        render(request, "articles/article_bilingual.html", context), article.updated_at or article.published_at
    )


def _published_page_query(slug, _variant):
    return Article.objects.published().for_page().filter(slug=slug).order_by("pk")[:1]


# ``Article.objects.published().for_page().filter(slug=slug).first()``, its SQL built once per process.
published_page = PreparedQuery(Article, _published_page_query)


def _published_or_redirect(slug, url_name, *, attach=True):
    """The published article ``slug`` (its live version's parts loaded unless not ``attach``), a 301 for an old slug, or 404."""
    found = published_page(slug)
    article = found[0] if found else None
    if article is not None:
        if attach:
            attach_page_parts(article.live_version)
        return article
    moved = SlugRedirect.objects.select_related("article").filter(old_slug=slug).first()
    if moved is None:
        raise Http404("No published article with this address.")
    return redirect(reverse(url_name, kwargs={"slug": moved.article.slug}), permanent=True)
