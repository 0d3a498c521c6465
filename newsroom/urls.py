from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from articles import sitemaps
from articles.views import root_redirect

urlpatterns = [
    path("", root_redirect, name="root"),
    # Before admin.site.urls, whose catch-all would answer these paths first.
    path("admin/moderation/", include("articles.admin.moderation")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap_index"),
    path("sitemap-<str:section>.xml", sitemaps.sitemap_section, name="sitemap_section"),
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
]

urlpatterns += i18n_patterns(
    path("", include("articles.urls")),
    path("feeds/", include("articles.feed_urls")),
    path("", include("articles.previews")),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
