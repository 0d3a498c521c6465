"""The ``NinjaAPI`` instance: routers, error format, and the OpenAPI document."""

from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from articles.api import content, drafts, schemas


class NewsroomAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Add the exchange format (the drafts endpoint's body) to the generated components."""
        document = super().get_openapi_schema(*args, **kwargs)
        found = schemas.ExchangeArticle.model_json_schema(ref_template="#/components/schemas/{model}", by_alias=True)
        components = document.setdefault("components", {}).setdefault("schemas", {})
        components.update(found.pop("$defs", {}))
        components["ExchangeArticle"] = found
        return document


api = NewsroomAPI(
    title="Newsroom API",
    version="1",
    description="Submit drafts (API token) and read published articles. See docs/api.md.",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("", drafts.router)
api.add_router("", content.router)


def _problem_path(location):
    """``("query", "limit")`` → ``"limit"``; the request part is left out."""
    return ".".join(str(part) for part in location[1:] if part != "query") or str(location[-1])


@api.exception_handler(ValidationError)
def validation_error(request, error):
    """Malformed query parameters: 400 with the parameter's name, like every other bad input."""
    return api.create_response(
        request,
        {
            "detail": _("The request is not valid."),
            "errors": [
                {"path": _problem_path(item.get("loc", ())), "message": item.get("msg", "")} for item in error.errors
            ],
        },
        status=400,
    )


@api.exception_handler(AuthenticationError)
def unauthorized(request, error):
    return api.create_response(request, {"detail": _("Unknown or revoked API token."), "errors": []}, status=401)
