"""
HTTP behaviour shared by every API response: CORS for the origins in ``API_CORS_ALLOWED_ORIGINS``,
and, on successful GETs, ``Cache-Control`` plus an ``ETag`` that answers ``If-None-Match`` with 304.
"""

import hashlib

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers

API_PREFIX = "/api/"
CORS_ALLOWED_HEADERS = "Authorization, Content-Type, Idempotency-Key, If-None-Match"


def _allowed_origin(request):
    origin = request.headers.get("Origin")
    allowed = settings.API_CORS_ALLOWED_ORIGINS
    if not origin:
        return None
    if "*" in allowed:
        return "*"
    return origin if origin in allowed else None


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        origin = _allowed_origin(request)
        if request.method == "OPTIONS" and request.headers.get("Access-Control-Request-Method"):
            response = HttpResponse(status=204)
            if origin:
                response["Access-Control-Allow-Methods"] = "GET, HEAD, POST, OPTIONS"
                response["Access-Control-Allow-Headers"] = CORS_ALLOWED_HEADERS
                response["Access-Control-Max-Age"] = "3600"
        else:
            response = self.get_response(request)
            if request.method in ("GET", "HEAD") and response.status_code == 200 and not response.streaming:
                response = self._conditional(request, response)
        if origin:
            response["Access-Control-Allow-Origin"] = origin
            response["Access-Control-Expose-Headers"] = "ETag, Retry-After"
        if settings.API_CORS_ALLOWED_ORIGINS and "*" not in settings.API_CORS_ALLOWED_ORIGINS:
            patch_vary_headers(response, ["Origin"])
        return response

    @staticmethod
    def _conditional(request, response):
        if not response.has_header("ETag"):
            response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = f"public, max-age={settings.API_CACHE_SECONDS}"
        return get_conditional_response(request, etag=response["ETag"], response=response)
