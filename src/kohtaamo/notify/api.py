"""Incidents in from operational systems (outage management, network monitoring), delivery status out."""

from datetime import datetime

from django.http import Http404, HttpRequest
from django.utils import translation
from ninja import Router, Schema, Status

from kohtaamo.inputs.body import well_formed_body
from kohtaamo.inputs.schema import Text
from kohtaamo.notify.incoming import IncidentInvalid
from kohtaamo.notify.selectors import incidents as selectors
from kohtaamo.notify.services.incidents import incident_receive
from kohtaamo.workspaces.auth import api_actor

router = Router(tags=["incidents"])
INCIDENT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["external_id"],
                    "properties": {
                        "external_id": {"type": "string", "description": "your system's incident id"},
                        "kind": {"enum": ["outage", "disruption", "maintenance", "warning"]},
                        "status": {
                            "enum": [
                                "warning",
                                "investigating",
                                "identified",
                                "repairing",
                                "monitoring",
                                "resolved",
                                "cancelled",
                            ]
                        },  # fmt: skip
                        "severity": {"enum": ["minor", "major", "critical"]},
                        "title": {"description": "a text, or {fi, sv, en} texts"},
                        "message": {"description": "a text, or {fi, sv, en} texts"},
                        "note": {"description": "what changed, shown in this update's message"},
                        "postal_codes": {
                            "type": "array",
                            "items": {"type": "string"},
                            "description": "'00100' or '001*'",
                        },
                        "areas": {"type": "array", "items": {"type": "string"}},
                        "customer_ids": {"type": "array", "items": {"type": "string"}},
                        "asset_ids": {"type": "array", "items": {"type": "string"}},
                        "segment": {"type": "object", "description": "customer attribute: value or [values]"},
                        "eta": {"type": "string", "format": "date-time"},
                        "started_at": {"type": "string", "format": "date-time"},
                        "notify": {"type": "boolean", "default": True},
                        "channels": {"type": "array", "items": {"enum": ["email", "sms", "webhook", "apprise"]}},
                    },
                }
            }
        },
    }
}


class UpdateOut(Schema):
    sequence: int
    event: str
    status: str
    eta: datetime | None
    material: bool
    outcome: dict


class IncidentOut(Schema):
    external_id: str
    kind: str
    status: str
    severity: str
    eta: datetime | None
    started_at: datetime
    ended_at: datetime | None
    affected: int
    deliveries: dict[str, int]
    updates: list[UpdateOut]


class ReceivedOut(Schema):
    created: bool
    notified: bool
    incident: IncidentOut


class ErrorsOut(Schema):
    errors: dict[str, str]


@router.post("/incidents", response={200: ReceivedOut, 201: ReceivedOut, 422: ErrorsOut}, openapi_extra=INCIDENT_BODY)
def incidents_post(request: HttpRequest) -> Status:
    """Declare an incident, or change it by sending the same ``external_id`` again (idempotent).

    A new status, ETA or note notifies the affected customers; sending an unchanged incident does not.
    Every invalid field is named in ``errors``.
    """
    actor = api_actor(request, "send_incidents")
    payload = well_formed_body(request)  # 400 when not JSON, 422 {"errors"} naming a malformed text
    try:
        with translation.override("en"):
            received = incident_receive(workspace=actor.workspace, payload=payload, source="api")
    except IncidentInvalid as invalid:
        return Status(422, {"errors": invalid.errors})
    body = {
        "created": received.created,
        "notified": received.update is not None and received.update.notify,
        "incident": selectors.incident_summary(actor=actor, incident=received.incident),
    }
    return Status(201 if received.created else 200, body)


@router.get("/incidents/{external_id}", response=IncidentOut)
def incidents_get(request: HttpRequest, external_id: Text) -> dict:
    """An incident with its updates and how many messages are queued, sent, held or dead."""
    actor = api_actor(request, "read_incidents_api")
    incident = selectors.incident_by_external_id(actor=actor, external_id=external_id)
    if incident is None:
        raise Http404
    return selectors.incident_summary(actor=actor, incident=incident)
