"""
Previews of any version, rendered exactly like the public article page with a "Preview" banner:
for staff who may view versions (``/<lang>/preview/<version>/``) and, through a share link, for
someone without an account (``/<lang>/shared/<token>/``).

Previews are never cached: ``Cache-Control: private, no-store``, ``X-Robots-Tag: noindex`` and a
robots meta tag. Anyone else (anonymous, staff without the permission, an expired, revoked or
forged token) gets the ordinary 404 page, which holds no draft text.
"""

from csp.constants import SELF
from csp.decorators import csp_replace
from django.http import Http404
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language, override
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_safe

from articles.languages import LANGUAGE_CODES, NATIVE_NAMES
from articles.models import ArticleVersion
from articles.reader.presentation import article_page_context, version_for_display
from articles.review.sharing import share_link_for_token

VIEW_PERMISSION = "articles.view_articleversion"


def can_preview(user):
    return bool(user.is_authenticated and user.is_active and user.is_staff and user.has_perm(VIEW_PERMISSION))


# The review screen shows both languages side by side in frames: this site's pages may frame a
# preview, no other site may. Both headers say so: a browser that knows CSP ignores
# X-Frame-Options once the policy names frame-ancestors, so the settings' 'none' alone would
# still block the frames. Every other response (share links too) keeps DENY and 'none'.
FRAMED_BY_THIS_SITE = {"frame-ancestors": [SELF]}


@require_safe
@xframe_options_sameorigin
@csp_replace(FRAMED_BY_THIS_SITE)
def version_preview(request, pk):
    if not can_preview(request.user):
        raise Http404("No such page.")
    try:
        version = version_for_display(pk)
    except ArticleVersion.DoesNotExist:
        raise Http404("No such version.") from None
    return _render_preview(request, version, url_name="previews:version", url_arg=pk)


@require_safe
def shared_preview(request, token):
    link = share_link_for_token(token)
    if link is None:
        raise Http404("No such page.")
    response = _render_preview(
        request, version_for_display(link.version_id), url_name="previews:shared", url_arg=token, link=link
    )
    # The token is the key to the draft: never send it on to the sites the article links to.
    response["Referrer-Policy"] = "no-referrer"
    return response


def _render_preview(request, version, *, url_name, url_arg, link=None):
    language = get_language()
    article = version.article
    body = article_page_context(article=article, version=version, language=language, preview=True)
    for other in body["other_languages"]:
        other["url"] = _url_in(other["code"], url_name, url_arg)
    context = {
        "body": body,
        "article": article,
        "version": version,
        "share_link": link,
        "current_section": version.section.slug,
        "preview_languages": [
            {
                "code": code,
                "name": NATIVE_NAMES[code],
                "url": _url_in(code, url_name, url_arg),
                "current": code == language,
            }
            for code in LANGUAGE_CODES
        ],
        "noindex": True,
        "alternate_links": [],
    }
    response = render(request, "articles/preview.html", context)
    patch_cache_control(response, private=True, no_store=True, no_cache=True, max_age=0)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _url_in(language, url_name, url_arg):
    with override(language):
        return reverse(url_name, args=[url_arg])


app_name = "previews"
urlpatterns = [
    path("preview/<int:pk>/", version_preview, name="version"),
    path("shared/<str:token>/", shared_preview, name="shared"),
]
