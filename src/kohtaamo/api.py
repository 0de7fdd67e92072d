"""The JSON API under /api/v1/: one NinjaAPI, each domain app mounts its router."""

from ninja import NinjaAPI, Swagger

from kohtaamo.feedback.api import router as feedback_router
from kohtaamo.notify.api import router as notify_router
from kohtaamo.operations.api import router as operations_router
from kohtaamo.privacy.api import router as privacy_router
from kohtaamo.timeline.api import router as timeline_router
from kohtaamo.workspaces.auth import TokenAuth

api = NinjaAPI(
    title="Kohtaamo API",
    version="1",
    description="Customer interactions, identities and timelines. Authenticate with `Authorization: Bearer <token>`"
    " (create one with `kohtaamo token create --workspace SLUG`).",
    auth=TokenAuth(),
    urls_namespace="api",
    # Swagger UI's assets come from django-ninja's static files ("ninja" is an installed app); without
    # validatorUrl=None it would fetch a badge from validator.swagger.io on any host but localhost.
    docs=Swagger(settings={"validatorUrl": None}),
)
api.add_router("/", timeline_router)
api.add_router("/", feedback_router)
api.add_router("/", operations_router)
api.add_router("/", notify_router)
api.add_router("/", privacy_router)
