"""The search page: /en/search/?q=… and /zh-hans/search/?q=…"""

from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language, override
from django.views.decorators.http import require_safe

from articles import search
from articles.languages import LANGUAGE_CODES, NATIVE_NAMES
from articles.models import Entity, Section, Tag
from articles.search import facets as facet_counts
from articles.search.facets import KINDS
from articles.search.forms import SearchForm


@require_safe
def search_page(request):
    language = get_language()
    form = SearchForm(request.GET)
    form.is_valid()  # invalid filters are shown as errors and not applied; the query always runs
    filters = form.filters()
    query = form.cleaned_data.get("q", "")
    # The newest matches the facets count come from the ranking query's own walk.
    results = search.search(query, language, filters, request.GET.get("page", 1), sample=facet_counts.FACET_MATCHES)
    context = {
        "form": form,
        "results": results,
        "filters": filters,
        "active": _active_filters(filters),
        "noindex": True,
    }
    if results.page is not None and results.paginator.count:
        context["facets"] = _facets(results, language, filters, request.GET)
    elif results.searched:
        context["elsewhere"] = _other_language_matches(query, language, filters)
    return render(request, "articles/search.html", context)


def _other_language_matches(query, language, filters):
    """
    For a query with no results here: the other languages it finds articles in (one bounded
    count each: past ``MAX_RESULTS`` the hint says "more than").
    """
    found = []
    for code in LANGUAGE_CODES:
        if code == language:
            continue
        terms = search.query_terms(query, code)
        count = search.count_matches(terms, code, filters) if terms else 0
        if count:
            with override(code):
                url = reverse("articles:search") + "?" + urlencode({"q": query})
            found.append(
                {
                    "code": code,
                    "name": NATIVE_NAMES[code],
                    "count": min(count, search.MAX_RESULTS),
                    "more": count > search.MAX_RESULTS,
                    "url": url,
                }
            )
    return found


def _active_filters(filters):
    """The section, tag and entity the results are narrowed to, by object (one query each when set)."""
    active = {}
    for name, model in (("section", Section), ("tag", Tag), ("entity", Entity)):
        slug = getattr(filters, name)
        if slug:
            active[name] = model.objects.filter(slug=slug).first() or slug
    return active


def _facets(results, language, filters, query):
    """
    The tags and entities most common among the matches (not just this page), except the kind
    already filtered on: one query (``articles.search.facets``). Each gets ``.url``, this search
    narrowed to it (back to page 1), as ``{% querystring tag=… page=None %}`` would write it.
    """
    kinds = [kind for kind in KINDS if not getattr(filters, kind)]
    found = facet_counts.facets(results.terms, language, filters, kinds=kinds, article_ids=results.sample)
    for kind, items in found.items():
        for item in items:
            params = query.copy()
            params[kind] = item.slug
            params.pop("page", None)
            item.url = f"?{params.urlencode()}"
    return found
