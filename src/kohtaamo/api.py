"""The JSON API under /api/v1/: one NinjaAPI, each domain app mounts its router."""

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.errors import ValidationError

from kohtaamo.feedback.api import router as feedback_router
from kohtaamo.feedback.invitations_api import router as invitations_router
from kohtaamo.inputs.body import BodyTextInvalid
from kohtaamo.journeys.api import router as journeys_router
from kohtaamo.notify.api import router as notify_router
from kohtaamo.notify.webhooks_api import router as webhooks_router
from kohtaamo.operations.api import router as operations_router
from kohtaamo.privacy.api import router as privacy_router
from kohtaamo.quality.api import router as quality_router
from kohtaamo.timeline.api import router as timeline_router
from kohtaamo.workspaces.auth import TokenAuth

ERROR_BODY = {"type": "object", "properties": {"detail": {}}, "additionalProperties": True}
# The two shapes of a 422 that come before an operation's own code runs: django-ninja's validation of a body
# field (``invalid_input`` below) and a text that is not well-formed Unicode (``body_text_invalid``).
EARLY_422_BODIES = [
    {"type": "object", "required": ["detail"], "properties": {"detail": {"type": "array"}}},
    {
        "type": "object",
        "required": ["errors"],
        "properties": {"errors": {"type": "object", "additionalProperties": {"type": "string"}}},
    },
]
NOT_FOUND = "The object named in the path is not in the token's workspace (another workspace's ids are 404 too)."
# Answers any operation may give (docs/security.md, "Input validation and limits"), documented on all.
COMMON_ERRORS = {
    "401": "No bearer token, or one that is unknown, revoked or expired.",
    "403": "The token may not do this (a read-only token asking for a write); the answer names the capability.",
    "400": "A query or path parameter out of range or malformed (e.g. ?page past 1,000,000, ?agent=²), "
    "or a body that is not readable JSON (or nests deeper than 512 levels).",
    "413": "The request body is larger than the limit (DATA_UPLOAD_MAX_MEMORY_SIZE); the answer states it.",
    "422": "A body field out of its documented range, or a text that is not well-formed Unicode (lone "
    "surrogate, NUL); the answer names the field.",
    "429": "Too many requests for this token (KOHTAAMO_API_RATE a minute); RateLimit-* headers on every "
    "answer say the budget, Retry-After when to try again.",
}


class KohtaamoAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        """Ninja's document, with the answers every operation can give listed on each.

        That is 400/401/403/413/422/429 everywhere, 404 where the path names an object, and, where an
        operation declares its own 422 body, the two shapes a 422 has before its code runs.
        """
        schema = super().get_openapi_schema(*args, **kwargs)
        for route, path in schema["paths"].items():
            for operation in path.values():
                responses = operation.setdefault("responses", {})
                if "422" in responses or 422 in responses:
                    content = responses.get(422, responses.get("422"))["content"]["application/json"]
                    content["schema"] = {"anyOf": [content["schema"], *EARLY_422_BODIES]}
                errors = {**COMMON_ERRORS, "404": NOT_FOUND} if "{" in route else COMMON_ERRORS
                for status, description in errors.items():
                    if status not in responses and int(status) not in responses:
                        responses[status] = {
                            "description": description,
                            "content": {"application/json": {"schema": ERROR_BODY}},
                        }
        return schema


api = KohtaamoAPI(
    title="Kohtaamo API",
    version="1",
    description="Customer interactions, identities and timelines. Authenticate with `Authorization: Bearer <token>`"
    " (create one with `kohtaamo token create --workspace SLUG`). Request bodies are limited to"
    f" {settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes (413 above it); texts must be well-formed Unicode"
    " without NUL (422 naming the field); see docs/security.md.",
    auth=TokenAuth(),
    urls_namespace="api",
    # Swagger UI's assets come from django-ninja's static files ("ninja" is an installed app); without
    # validatorUrl=None it would fetch a badge from validator.swagger.io on any host but localhost.
    docs=Swagger(settings={"validatorUrl": None}),
)
api.add_router("/", timeline_router)
api.add_router("/", feedback_router)
api.add_router("/", invitations_router)
api.add_router("/", operations_router)
api.add_router("/", notify_router)
api.add_router("/", privacy_router)
api.add_router("/", webhooks_router)
api.add_router("/", quality_router)
api.add_router("/", journeys_router)


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


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A bad query or path parameter is the request's fault as a whole: 400; a bad body field is 422."""
    in_url = all(error.get("loc", ("",))[0] in ("query", "path") for error in exc.errors)
    return api.create_response(request, {"detail": exc.errors}, status=400 if in_url else 422)
