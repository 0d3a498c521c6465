"""Response headers Django has no setting for, and the Content-Security-Policy middleware."""

import csp.constants
import csp.middleware
import csp.utils
from django.conf import settings


class PermissionsPolicyMiddleware:
    """
    Sends ``Permissions-Policy`` from ``settings.PERMISSIONS_POLICY`` ({feature: [origins]}; an
    empty list switches the feature off everywhere, ``"self"`` allows this site).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(_origin(origin) for origin in origins)})"
            for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


def _origin(origin):
    return origin if origin in ("self", "*") else f'"{origin}"'


# Response attributes django-csp's decorators set to change or drop a page's policy.
_CSP_OVERRIDES = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt_ro",
)


class CSPMiddleware(csp.middleware.CSPMiddleware):
    """
    django-csp's middleware, except that a response which changes nothing in the policy (no
    nonce used, no decorator: every reader page) gets headers built once per settings value
    rather than once per response. Anything else goes through django-csp unchanged.
    """

    _built = (None, None)  # ((settings objects), (policy, report-only policy))

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(hasattr(response, name) for name in _CSP_OVERRIDES):
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in (500, 404):
            return response  # django-csp leaves Django's debug pages alone
        enforced = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        report_only = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        source, headers = self._built
        if source is None or source[0] is not enforced or source[1] is not report_only:
            headers = (csp.utils.build_policy(), csp.utils.build_policy(report_only=True))
            type(self)._built = ((enforced, report_only), headers)
        for header, value, config in zip(
            (csp.constants.HEADER, csp.constants.HEADER_REPORT_ONLY), headers, (enforced, report_only), strict=True
        ):
            prefixes = tuple((config or {}).get("EXCLUDE_URL_PREFIXES", None) or ())
            if value and header not in response and not request.path_info.startswith(prefixes):
                response[header] = value
        # As django-csp does: a nonce asked for after the header was written is an error.
        request.csp_nonce = csp.middleware.CheckableLazyObject(self._csp_nonce_post_response)
        return response
