from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpResponseRedirect
from django.templatetags.static import static as static_url
from django.urls import include, path

from articles.api.site import api
from articles.reader import sitemaps
from articles.reader.views import root_redirect


def favicon(request):
    """Browsers ask for /favicon.ico by themselves; the icon is an SVG among the static files."""
    return HttpResponseRedirect(static_url("img/favicon.svg"))


urlpatterns = [
    path("", root_redirect, name="root"),
    # Before admin.site.urls, whose catch-all would answer these paths first.
    path("admin/moderation/", include("articles.review.views")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # Outside i18n_patterns: one address per endpoint; the language is a query parameter.
    path("api/v1/", api.urls),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap_index"),
    path("sitemap-<str:section>.xml", sitemaps.sitemap_section, name="sitemap_section"),
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
    path("favicon.ico", favicon, name="favicon"),
]

urlpatterns += i18n_patterns(
    path("", include("articles.reader.urls")),
    path("feeds/", include("articles.reader.feed_urls")),
    path("", include("articles.review.previews")),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
