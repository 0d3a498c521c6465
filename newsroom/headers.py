"""Response headers Django has no setting for."""

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
