"""Interactions in, customers and timelines out."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, JsonResponse, StreamingHttpResponse
from ninja import Query, Router, Status
from ninja.errors import HttpError

from kohtaamo.api_paging import ErrorOut, PageQuery, cursor_page, export_doc, jsonl_export, page_of
from kohtaamo.inputs.body import json_body
from kohtaamo.inputs.schema import Id, Text
from kohtaamo.privacy.services.audit import audit_record
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.auth import api_actor

from . import selectors
from .ingest import IngestBusy, interactions_ingest
from .models import Case, Customer, Interaction
from .schemas import (
    BusyOut,
    CaseFilters,
    CaseOut,
    CustomerFilters,
    CustomerOut,
    CustomerPatchIn,
    FieldErrorsOut,
    IngestOut,
    InteractionFilters,
    InteractionOut,
    TimelineOut,
)
from .services import ProfileInvalid, customer_profile_change

router = Router(tags=["customers and interactions"])
MAX_BATCH = 1000
INTERACTION_SORTS = {"id": "pk", "started_at": "started_at", "updated_at": "updated_at"}
CASE_SORTS = {"id": "pk", "opened_at": "opened_at", "last_contact_at": "last_contact_at"}
CUSTOMER_SORTS = {"id": "pk", "name": "name", "updated_at": "updated_at"}
NOT_FOUND = {404: ErrorOut}
INGEST_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "oneOf": [
                        {"type": "object", "description": "one interaction record (docs/import-format.md)"},
                        {"type": "array", "maxItems": MAX_BATCH, "items": {"type": "object"}},
                    ]
                }
            }
        },
    }
}


def records_from_body(request: HttpRequest) -> list:
    """The JSON body as a list of records: one object or an array of at most ``MAX_BATCH``."""
    payload = json_body(request)
    records = payload if isinstance(payload, list) else [payload]
    if len(records) > MAX_BATCH:
        raise HttpError(413, f"At most {MAX_BATCH} records per request; this one has {len(records)}.")
    return records


@router.post("/interactions", response={200: IngestOut, 422: IngestOut, 503: BusyOut}, openapi_extra=INGEST_BODY)
def interactions_post(request: HttpRequest) -> Status | JsonResponse:
    """Store one interaction record or a batch of up to 1,000; idempotent by (source, external_id).

    Every rejected record is listed with its index, field and reason; the others are kept.
    Answers 422 only when no record was accepted. Concurrent clients are welcome: a batch that keeps
    colliding with other writers is answered 503 with a ``Retry-After`` header and nothing of it stored;
    sending the same batch again is safe.
    """
    records = records_from_body(request)
    try:
        report = interactions_ingest(
            workspace=api_actor(request, "import_data").workspace, records=enumerate(records), default_source="api"
        )
    except IngestBusy as busy:
        return JsonResponse(
            {"detail": str(busy), "retry_after": busy.retry_after},
            status=503,
            headers={"Retry-After": str(busy.retry_after)},
        )
    body = {
        "received": report.received,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "rejected": [r.as_dict("index") for r in report.rejected],
        "customers_created": report.identity.customers_created,
        "customers_merged": report.identity.merges,
    }
    return Status(422 if report.rejected and not report.accepted else 200, body)


def _customers(actor: Actor, filters: CustomerFilters) -> QuerySet[Customer]:
    return selectors.customers_changed(actor=actor, query=filters.q, updated_since=filters.updated_since)


@router.get("/customers", response=page_of(CustomerOut))
def customers_list(request: HttpRequest, filters: Query[CustomerFilters], page: Query[PageQuery]) -> dict[str, Any]:
    """Customers (merged-away ones hidden), searchable with `q` by name, email, phone, external id or handle;
    sortable by `id`, `name` or `updated_at`. Example: `GET /api/v1/customers?q=virtanen&limit=20`."""
    return cursor_page(_customers(api_actor(request, "view_customers"), filters), page, CUSTOMER_SORTS)


@router.get("/customers/export", openapi_extra=export_doc(CustomerOut))
def customers_export(request: HttpRequest, filters: Query[CustomerFilters]) -> StreamingHttpResponse:
    """Every customer the filters match, as JSON Lines, streamed (the audit trail records the export)."""
    actor = api_actor(request, "view_customers")
    audit_record(actor=actor, action="customer.export", object_type="customer", request=request)
    return jsonl_export(_customers(actor, filters), CustomerOut, "customers")


@router.get("/customers/lookup", response={200: CustomerOut, **NOT_FOUND})
def customers_lookup(
    request: HttpRequest, email: Text = "", phone: Text = "", external_id: Text = "", handle: Text = ""
) -> Customer:
    """Find one customer by any identifier (normalised as ingestion does); 404 when there is none."""
    given = {
        k: v for k, v in {"email": email, "phone": phone, "external_id": external_id, "handle": handle}.items() if v
    }
    if len(given) != 1:
        raise HttpError(400, "Give exactly one of email, phone, external_id or handle.")
    kind, value = given.popitem()
    customer = selectors.customer_lookup(actor=api_actor(request, "view_customers"), kind=kind, value=value)
    if customer is None:
        raise Http404
    return selectors.customer_get(actor=api_actor(request, "view_customers"), customer_id=customer.pk)


@router.get("/customers/{customer_id}", response={200: CustomerOut, **NOT_FOUND})
def customers_get(request: HttpRequest, customer_id: Id) -> Customer:
    return selectors.customer_get(actor=api_actor(request, "view_customers"), customer_id=customer_id)


@router.patch("/customers/{customer_id}", response={200: CustomerOut, 422: FieldErrorsOut, **NOT_FOUND})
def customers_patch(request: HttpRequest, customer_id: Id, body: CustomerPatchIn) -> Customer | Status:
    """Change attributes and consent (a merge patch: keys given are set, `null` removes, others stay).

    Attribute values are text (≤ 1,000 characters), numbers or true/false; consent keys are
    `<service|marketing|survey>_<email|sms|phone|post|whatsapp>` with true, false or null, stored with
    source "api" and the time. Example body: `{"attributes": {"segment": "business"}, "consent":
    {"service_sms": false}}`. A read-only token gets 403; any invalid key a 422 naming it, nothing stored.
    """
    actor = api_actor(request, "import_data")
    customer = selectors.customer_get(actor=actor, customer_id=customer_id)
    try:
        changed = customer_profile_change(customer=customer, attributes=body.attributes, consent=body.consent,
                                          audit={"actor": actor, "request": request})  # fmt: skip
    except ProfileInvalid as invalid:
        return Status(422, {"errors": [{"field": f, "message": m} for f, m in invalid.errors]})
    return selectors.customer_get(actor=actor, customer_id=changed.pk)


@router.get("/customers/{customer_id}/timeline", response={200: TimelineOut, **NOT_FOUND})
def customers_timeline(request: HttpRequest, customer_id: Id) -> dict[str, Any]:
    """The customer's interactions on every channel (newest first) and their open cases."""
    actor = api_actor(request, "view_customers")
    customer = selectors.customer_get(actor=actor, customer_id=customer_id)
    timeline = selectors.customer_timeline(actor=actor, customer=customer)
    audit_record(actor=actor, action="customer.view", object_type="customer", object_id=customer.pk, request=request)
    return {"customer": customer, "interactions": timeline.interactions, "open_cases": timeline.open_cases}


def _interactions(actor: Actor, filters: InteractionFilters) -> QuerySet[Interaction]:
    return selectors.interactions_list(
        actor=actor, customer_id=filters.customer, case_id=filters.case,
        channel=filters.channel.value if filters.channel else "", started_from=filters.started_from,
        started_to=filters.started_to, updated_since=filters.updated_since,
    )  # fmt: skip


@router.get("/interactions", response={200: page_of(InteractionOut), **NOT_FOUND})
def interactions_list(
    request: HttpRequest, filters: Query[InteractionFilters], page: Query[PageQuery]
) -> dict[str, Any]:
    """Interactions, oldest id first by default (`sort=started_at`, `-started_at`, `updated_at`, `id`).

    For an incremental sync ask `?updated_since=<the time of your last sync>&sort=updated_at`.
    Example: `GET /api/v1/interactions?customer=42&channel=phone&from=2026-03-01T00:00:00Z&limit=100`.
    """
    return cursor_page(_interactions(api_actor(request, "view_customers"), filters), page, INTERACTION_SORTS)


@router.get("/interactions/export", response=NOT_FOUND, openapi_extra=export_doc(InteractionOut))
def interactions_export(request: HttpRequest, filters: Query[InteractionFilters]) -> StreamingHttpResponse:
    """Every interaction the filters match, as JSON Lines (one object a line, id order), streamed."""
    return jsonl_export(_interactions(api_actor(request, "view_customers"), filters), InteractionOut, "interactions")


@router.get("/interactions/{interaction_id}", response={200: InteractionOut, **NOT_FOUND})
def interactions_get(request: HttpRequest, interaction_id: Id) -> Interaction:
    return selectors.interaction_get(actor=api_actor(request, "view_customers"), interaction_id=interaction_id)


def _cases(actor: Actor, filters: CaseFilters) -> QuerySet[Case]:
    return selectors.cases_list(
        actor=actor, customer_id=filters.customer,
        status=filters.status.value if filters.status else "", contact_since=filters.contact_since,
    )  # fmt: skip


@router.get("/cases", response={200: page_of(CaseOut), **NOT_FOUND})
def cases_list(request: HttpRequest, filters: Query[CaseFilters], page: Query[PageQuery]) -> dict[str, Any]:
    """Cases (threads of contacts about one matter), sortable by `opened_at`, `last_contact_at` or `id`."""
    return cursor_page(_cases(api_actor(request, "view_customers"), filters), page, CASE_SORTS)


@router.get("/cases/export", response=NOT_FOUND, openapi_extra=export_doc(CaseOut))
def cases_export(request: HttpRequest, filters: Query[CaseFilters]) -> StreamingHttpResponse:
    return jsonl_export(_cases(api_actor(request, "view_customers"), filters), CaseOut, "cases")


@router.get("/cases/{case_id}", response={200: CaseOut, **NOT_FOUND})
def cases_get(request: HttpRequest, case_id: Id) -> Case:
    return selectors.case_get(actor=api_actor(request, "view_customers"), case_id=case_id)
