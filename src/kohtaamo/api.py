"""The JSON API under /api/v1/: one NinjaAPI, each domain app mounts its router."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from kohtaamo.feedback.api import router as feedback_router
from kohtaamo.inputs.body import BodyTextInvalid
from kohtaamo.notify.api import router as notify_router
from kohtaamo.operations.api import router as operations_router
from kohtaamo.timeline.api import router as timeline_router
from kohtaamo.workspaces.auth import TokenAuth

api = NinjaAPI(
    title="Kohtaamo API",
    version="1",
    description="Customer interactions, identities and timelines. Authenticate with `Authorization: Bearer <token>`"
    " (create one with `kohtaamo token create --workspace SLUG`). Request bodies are limited to"
    f" {settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes (413 above it); texts must be well-formed Unicode"
    " without NUL (422 naming the field); see docs/security.md.",
    auth=TokenAuth(),
    urls_namespace="api",
)
api.add_router("/", timeline_router)
api.add_router("/", feedback_router)
api.add_router("/", operations_router)
api.add_router("/", notify_router)


@api.exception_handler(RequestDataTooBig)
def body_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    """A body over the limit: JSON that says the limit, not Django's bare HTML 400."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return api.create_response(
        request,
        {"detail": f"The request body is larger than the limit of {limit:,} bytes.", "limit": limit},
        status=413,
    )


@api.exception_handler(BodyTextInvalid)
def body_text_invalid(request: HttpRequest, exc: BodyTextInvalid) -> HttpResponse:
    return api.create_response(request, {"errors": exc.errors}, status=422)
