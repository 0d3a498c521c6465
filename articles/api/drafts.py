"""POST /api/v1/drafts/: thin view over ``articles.api.ingestion``."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Status

from articles.api import ingestion, schemas
from articles.api.auth import TokenAuth
from articles.api.limits import submission_rate_check

router = Router(tags=["drafts"])

DRAFT_REQUEST_BODY = {
    "required": True,
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ExchangeArticle"}}},
}


def _too_large(request):
    limit = settings.API_MAX_BODY_BYTES
    try:
        declared = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        return True
    try:
        return len(request.body) > limit
    except RequestDataTooBig:  # over Django's own DATA_UPLOAD_MAX_MEMORY_SIZE
        return True


@router.post(
    "/drafts/",
    auth=TokenAuth(),
    response={
        200: schemas.DraftOut,
        201: schemas.DraftOut,
        400: schemas.ErrorOut,
        401: schemas.ErrorOut,
        409: schemas.ConflictOut,
        413: schemas.ErrorOut,
        422: schemas.ErrorOut,
        429: schemas.ErrorOut,
    },
    openapi_extra={
        "requestBody": DRAFT_REQUEST_BODY,
        "parameters": [
            {
                "name": "Idempotency-Key",
                "in": "header",
                "required": False,
                "description": "Any string up to 200 characters; a retry with the same key and body changes nothing.",
                "schema": {"type": "string", "maxLength": 200},
            }
        ],
    },
    summary="Submit a draft",
)
def draft_create(request):
    """
    Submit one article in the exchange format. It is saved as a new article (201) or as a new
    draft of an existing one (200), and put in review; it is never published. Send an
    ``Idempotency-Key`` header to make retries safe.
    """
    if _too_large(request):
        return Status(
            413, {"detail": _("The body is larger than %(limit)d bytes.") % {"limit": settings.API_MAX_BODY_BYTES}}
        )
    decision = submission_rate_check(token=request.auth)
    if not decision.allowed:
        response = JsonResponse({"detail": _("Too many submissions; try again later."), "errors": []}, status=429)
        response["Retry-After"] = str(decision.retry_after)
        return response
    outcome = ingestion.draft_submit(
        token=request.auth,
        body=request.body,
        idempotency_key=request.headers.get("Idempotency-Key", "").strip(),
        admin_url=lambda version: request.build_absolute_uri(
            reverse("admin:articles_articleversion_change", args=[version.pk])
        ),
    )
    return Status(outcome.status, outcome.body)
