"""
Absolute URLs from ``SITE_URL``, not from the request.

When ``SITE_URL`` is set, a reader request (anything outside the admin) is answered as if it had
come to that address: its Host and scheme are replaced after Django checked the Host against
``ALLOWED_HOSTS`` and after ``SecurityMiddleware`` made its HTTPS redirect. So feeds, sitemaps,
robots.txt, structured data, Open Graph and canonical links all name the site's own address, a
forged ``Host: localhost:666`` changes nothing, and a page rendered for one scheme is never
served under another.
"""

from urllib.parse import urlsplit

from django.conf import settings


class SiteUrlMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SITE_URL_FIXED and not request.path.startswith("/admin/"):
            parts = urlsplit(settings.SITE_URL)
            request.get_host()  # a Host outside ALLOWED_HOSTS is still a 400
            request.META["HTTP_HOST"] = parts.netloc
            request.META.pop("HTTP_X_FORWARDED_HOST", None)
            request.META["wsgi.url_scheme"] = parts.scheme
            if settings.SECURE_PROXY_SSL_HEADER:
                header, secure = settings.SECURE_PROXY_SSL_HEADER
                request.META[header] = secure if parts.scheme == "https" else ""
        return self.get_response(request)
