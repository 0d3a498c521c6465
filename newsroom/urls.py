from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from articles.views import root_redirect

urlpatterns = [
    path("", root_redirect, name="root"),
    # Before admin.site.urls, whose catch-all would answer these paths first.
    path("admin/moderation/", include("articles.admin.moderation")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("", include("articles.urls")),
    path("", include("articles.previews")),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
