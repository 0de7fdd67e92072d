"""Incidents in from operational systems (outage management, network monitoring), delivery status out."""

from datetime import datetime
from enum import Enum
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.utils import translation
from ninja import Field, Query, Router, Schema, Status

from kohtaamo.api_paging import ErrorOut, PageQuery, cursor_page, export_doc, jsonl_export, page_of
from kohtaamo.inputs.body import well_formed_body
from kohtaamo.inputs.schema import Id, Moment, Text
from kohtaamo.notify.incoming import IncidentInvalid
from kohtaamo.notify.models import Delivery, Incident, NotifyChannel
from kohtaamo.notify.selectors import incidents as selectors
from kohtaamo.notify.services.incidents import incident_receive
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.auth import api_actor

router = Router(tags=["incidents"])
# A status of the list's filter: one incident status, or "open" (not resolved or cancelled) or "over".
IncidentStatus = Enum("IncidentStatus", {v: v for v in [*Incident.Status.values, "open", "over"]}, type=str)  # type: ignore[misc]
DeliveryStatus = Enum("DeliveryStatus", {v: v for v in Delivery.Status.values}, type=str)  # type: ignore[misc]
DeliveryChannel = Enum("DeliveryChannel", {v: v for v in NotifyChannel.values}, type=str)  # type: ignore[misc]
INCIDENT_SORTS = {"id": "pk", "started_at": "started_at", "updated_at": "updated_at"}
DELIVERY_SORTS = {"id": "pk", "created_at": "created_at"}
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
    id: int
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


class IncidentItemOut(Schema):
    """An incident as the list shows it: what it is and whom it targets (counts and updates: get it by
    ``external_id``)."""

    id: int
    external_id: str = Field(examples=["OMS-2026-0311"])
    kind: str = Field(examples=["outage"])
    status: str = Field(examples=["repairing"])
    severity: str = Field(examples=["major"])
    title: dict = Field(description="texts by language", examples=[{"fi": "Sähkökatko", "en": "Power outage"}])
    message: dict
    postal_codes: list
    areas: list
    customer_ids: list
    asset_ids: list
    segment: dict
    eta: datetime | None
    started_at: datetime
    ended_at: datetime | None
    source: str = Field(description="api, webhook or ui: where it was declared")
    created_at: datetime
    updated_at: datetime


class IncidentFilters(Schema):
    status: IncidentStatus | None = Field(None, description="one status, or open (not resolved or cancelled) or over")
    started_from: Moment | None = Field(None, alias="from", description="started at or after (ISO 8601)")
    started_to: Moment | None = Field(None, alias="to", description="started before (exclusive)")
    updated_since: Moment | None = Field(None, description="declared or changed at or after: incremental sync")


class DeliveryOut(Schema):
    """One message of an incident to one customer, with its fate in the outbox."""

    id: int
    incident_id: int
    update_sequence: int | None = Field(description="the incident update it tells of (1 is the declaration)")
    customer_id: int | None
    channel: str = Field(examples=["sms"])
    language: str
    address: str = Field(description="the email address, phone number or URL it goes to")
    status: str = Field(examples=["sent"])
    dead_reason: str = Field(description="why a dead letter is one: refused, gave_up, unknown, config, opted_out")
    attempts: int
    next_attempt_at: datetime
    last_error: str
    provider_message_id: str
    consent_source: str
    quiet_override: bool
    subject: str
    body: str
    created_at: datetime
    sent_at: datetime | None

    @staticmethod
    def resolve_update_sequence(obj: Delivery) -> int | None:
        return obj.update.sequence if obj.update_id else None


class DeliveryFilters(Schema):
    status: DeliveryStatus | None = None
    channel: DeliveryChannel | None = None


def _incidents(actor: Actor, filters: IncidentFilters) -> QuerySet[Incident]:
    return selectors.incidents_filtered(actor=actor, status=filters.status.value if filters.status else "",
                                        started_from=filters.started_from, started_to=filters.started_to,
                                        updated_since=filters.updated_since)  # fmt: skip


@router.get("/incidents", response=page_of(IncidentItemOut))
def incidents_list(request: HttpRequest, filters: Query[IncidentFilters], page: Query[PageQuery]) -> dict[str, Any]:
    """Incidents, sortable by `id`, `started_at` or `updated_at`.
    Example: `GET /api/v1/incidents?status=open&from=2026-03-01T00:00:00Z&sort=-started_at`."""
    return cursor_page(_incidents(api_actor(request, "read_incidents_api"), filters), page, INCIDENT_SORTS)


@router.get("/incidents/export", openapi_extra=export_doc(IncidentItemOut))
def incidents_export(request: HttpRequest, filters: Query[IncidentFilters]) -> StreamingHttpResponse:
    """Every incident the filters match, as JSON Lines, streamed (the list's object, in id order)."""
    return jsonl_export(_incidents(api_actor(request, "read_incidents_api"), filters), IncidentItemOut, "incidents")


def _incident(actor: Actor, external_id: str) -> Incident:
    incident = selectors.incident_by_external_id(actor=actor, external_id=external_id)
    if incident is None:
        raise Http404
    return incident


def _deliveries(actor: Actor, external_id: str, filters: DeliveryFilters) -> QuerySet[Delivery]:
    return selectors.incident_deliveries(actor=actor, incident=_incident(actor, external_id),
                                         status=filters.status.value if filters.status else "",
                                         channel=filters.channel.value if filters.channel else "")  # fmt: skip


@router.get("/incidents/{external_id}/deliveries", response={200: page_of(DeliveryOut), 404: ErrorOut})
def incidents_deliveries_list(
    request: HttpRequest, external_id: Text, filters: Query[DeliveryFilters], page: Query[PageQuery]
) -> dict[str, Any]:
    """The messages of one incident (every update, every customer), sortable by `id` or `created_at`.
    Example: `GET /api/v1/incidents/OMS-2026-0311/deliveries?status=dead&channel=sms`."""
    actor = api_actor(request, "read_incidents_api")
    return cursor_page(_deliveries(actor, external_id, filters), page, DELIVERY_SORTS)


@router.get("/incidents/{external_id}/deliveries/export", openapi_extra=export_doc(DeliveryOut))
def incidents_deliveries_export(
    request: HttpRequest, external_id: Text, filters: Query[DeliveryFilters]
) -> StreamingHttpResponse:
    """Every message of one incident the filters match, as JSON Lines, streamed."""
    actor = api_actor(request, "read_incidents_api")
    return jsonl_export(_deliveries(actor, external_id, filters), DeliveryOut, "deliveries")


@router.get("/incidents/{external_id}/deliveries/{delivery_id}", response={200: DeliveryOut, 404: ErrorOut})
def incidents_delivery_get(request: HttpRequest, external_id: Text, delivery_id: Id) -> Delivery:
    """One message of this incident; another incident's or another workspace's id is a 404."""
    actor = api_actor(request, "read_incidents_api")
    return selectors.incident_delivery_get(actor=actor, incident=_incident(actor, external_id),
                                           delivery_id=delivery_id)  # fmt: skip


@router.get("/incidents/{external_id}", response={200: IncidentOut, 404: ErrorOut})
def incidents_get(request: HttpRequest, external_id: Text) -> dict:
    """An incident, addressed by the sender's `external_id` (every incident has one; those declared on the
    page get `ui-…`), with its updates and how many messages are queued, sent, held or dead."""
    actor = api_actor(request, "read_incidents_api")
    return selectors.incident_summary(actor=actor, incident=_incident(actor, external_id))
