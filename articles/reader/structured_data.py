"""
Structured data for reader pages: schema.org JSON-LD (NewsArticle, FAQPage, BreadcrumbList,
CollectionPage/ItemList) and Open Graph / Twitter card properties. Built from what the page
already loaded; nothing here queries. Only what the page shows in its language is described.
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import override

from articles.languages import LANGUAGES, html_lang, translated
from articles.reader.presentation import available_languages

ENTITY_TYPES = {
    "company": "Organization",
    "organization": "Organization",
    "person": "Person",
    "product": "Product",
    "model": "SoftwareApplication",
}
# The language articles are first written in: when both exist, the other is its translation.
ORIGINAL_LANGUAGE = "en"

# Like django.utils.html.json_script: nothing in the data can close the <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def json_ld(data):
    """A ``<script type="application/ld+json">`` element holding ``data``, safe to put in HTML."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped above


def absolute(request, path):
    if "://" in path:
        return path  # already absolute (media on a CDN)
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.SITE_URL + path


def _url_in(article, language, request):
    with override(language):
        return absolute(request, article.get_absolute_url())


def publisher(request):
    return {"@type": "Organization", "name": settings.SITE_NAME, "url": absolute(request, reverse("articles:home"))}


def breadcrumbs(request, trail):
    """``trail`` is [(name, path), …] from the home page down to the page itself."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": absolute(request, path)}
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }


def article_graph(*, request, article, body):
    """The JSON-LD objects for an article page in ``body["language"]``: NewsArticle, FAQPage, BreadcrumbList."""
    language = body["language"]
    version = body["version"]
    url = _url_in(article, language, request)
    news = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": url,
        "url": url,
        "mainEntityOfPage": url,
        "headline": body["title"],
        "description": body["summary"],
        "datePublished": article.published_at,
        "dateModified": article.updated_at or article.published_at,
        "inLanguage": html_lang(language),
        "articleSection": body["section"]["name"],
        "keywords": [tag["name"] for tag in body["tags"]],
        "about": [
            {
                "@type": ENTITY_TYPES.get(entity.kind, "Thing"),
                "name": translated(entity, "name", language) or entity.slug,
                "url": absolute(request, entity.get_absolute_url()),
            }
            for entity in version.entities.all()
        ],
        "publisher": publisher(request),
        "isAccessibleForFree": True,
        # How the article was made, from its provenance record (articles.provenance).
        "creditText": str(body["disclaimer"]["text"]),
    }
    if body["disclaimer"]["generator"]:
        news["contributor"] = {"@type": "SoftwareApplication", "name": body["disclaimer"]["generator"]}
    if body.get("provenance_sources"):
        news["isBasedOn"] = body["provenance_sources"]
    social = body.get("social_image")
    if social:
        news["image"] = _image_object(request, social, body.get("image"))
    others = [code for code in available_languages(version) if code != language]
    for other in others:
        link = {"@type": "NewsArticle", "@id": _url_in(article, other, request), "inLanguage": html_lang(other)}
        if language == ORIGINAL_LANGUAGE:
            news.setdefault("workTranslation", []).append(link)
        elif other == ORIGINAL_LANGUAGE:
            news["translationOfWork"] = link
    graph = [news]
    if body["faq"]:
        graph.append(
            {
                "@context": "https://schema.org",
                "@type": "FAQPage",
                "@id": f"{url}#faq",
                "inLanguage": html_lang(language),
                "mainEntity": [
                    {
                        "@type": "Question",
                        "name": item["question"],
                        "acceptedAnswer": {"@type": "Answer", "text": item["answer"]},
                    }
                    for item in body["faq"]
                    if item["answer"]
                ],
            }
        )
    graph.append(
        breadcrumbs(
            request,
            [
                (settings.SITE_NAME, reverse("articles:home")),
                (body["section"]["name"], body["section"]["url"]),
                (body["title"], article.get_absolute_url()),
            ],
        )
    )
    return graph


def _image_object(request, social, image):
    """The social picture (the lead image's 1200×630 crop, or the generated card) as an ImageObject."""
    data = {"@type": "ImageObject", "url": absolute(request, social["url"])}
    if social["width"]:
        data.update(width=social["width"], height=social["height"])
    if image and image["credit"]:
        data["creditText"] = image["credit"]
    return data


def _image_social(request, body):
    """og:image and its twitter twin: the lead image's social crop, or the card in the page's language."""
    social = body.get("social_image")
    if not social:
        return [("name", "twitter:card", "summary")]
    url = absolute(request, social["url"])
    alt = body["image"]["alt"] if body.get("image") else body["title"]
    return [
        ("property", "og:image", url),
        ("property", "og:image:width", str(social["width"] or "")),
        ("property", "og:image:height", str(social["height"] or "")),
        ("property", "og:image:alt", alt),
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:image", url),
        ("name", "twitter:image:alt", alt),
    ]


def article_social(*, request, article, body):
    """Open Graph and Twitter card properties for an article page: [(attribute, name, content), …]."""
    language = body["language"]
    tags = [
        ("property", "og:type", "article"),
        ("property", "og:site_name", settings.SITE_NAME),
        ("property", "og:title", body["title"]),
        ("property", "og:description", body["summary"]),
        ("property", "og:url", _url_in(article, language, request)),
        ("property", "og:locale", LANGUAGES[language].og_locale),
        *[
            ("property", "og:locale:alternate", LANGUAGES[code].og_locale)
            for code in available_languages(body["version"])
            if code != language
        ],
        ("property", "article:published_time", article.published_at.isoformat()),
        ("property", "article:modified_time", (article.updated_at or article.published_at).isoformat()),
        ("property", "article:section", body["section"]["name"]),
        *[("property", "article:tag", tag["name"]) for tag in body["tags"]],
        *_image_social(request, body),
        ("name", "twitter:title", body["title"]),
        ("name", "twitter:description", body["summary"]),
    ]
    return [tag for tag in tags if tag[2]]


def listing_graph(*, request, name, description, articles, language, trail=()):
    """CollectionPage with an ItemList of the page's articles, and the breadcrumbs down to it."""
    url = request.build_absolute_uri(request.path)
    items = [
        {
            "@type": "ListItem",
            "position": position,
            "url": absolute(request, article.get_absolute_url()),
            "name": translated(article.live_version, "title", language),
        }
        for position, article in enumerate(articles, start=1)
    ]
    collection = {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "@id": url,
        "url": url,
        "name": name,
        "description": description,
        "inLanguage": html_lang(language),
        "isPartOf": {
            "@type": "WebSite",
            "name": settings.SITE_NAME,
            "url": absolute(request, reverse("articles:home")),
        },
        "publisher": publisher(request),
        "mainEntity": {"@type": "ItemList", "numberOfItems": len(items), "itemListElement": items},
    }
    graph = [collection]
    if trail:
        graph.append(breadcrumbs(request, [(settings.SITE_NAME, reverse("articles:home")), *trail]))
    return graph


def listing_social(*, request, name, description, language):
    return [
        tag
        for tag in [
            ("property", "og:type", "website"),
            ("property", "og:site_name", settings.SITE_NAME),
            ("property", "og:title", name),
            ("property", "og:description", description),
            ("property", "og:url", request.build_absolute_uri(request.path)),
            ("property", "og:locale", LANGUAGES[language].og_locale),
            ("name", "twitter:card", "summary"),
            ("name", "twitter:title", name),
            ("name", "twitter:description", description),
        ]
        if tag[2]
    ]


def home_description():
    return _("The latest AI news and analysis from %(site)s.") % {"site": settings.SITE_NAME}
