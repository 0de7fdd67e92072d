"""Interactions in, customers and timelines out."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, JsonResponse
from ninja import Router, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from kohtaamo.inputs.body import json_body
from kohtaamo.inputs.schema import BoundedPages, Id, Text
from kohtaamo.privacy.services.audit import audit_record
from kohtaamo.workspaces.auth import api_actor

from . import selectors
from .ingest import IngestBusy, interactions_ingest
from .models import Customer
from .schemas import BusyOut, CustomerBriefOut, CustomerOut, IngestOut, TimelineOut

router = Router(tags=["customers and interactions"])
MAX_BATCH = 1000
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


@router.get("/customers", response=list[CustomerBriefOut])
@paginate(BoundedPages, page_size=50)
def customers_list(request: HttpRequest, q: Text = "") -> QuerySet[Customer]:
    """Customers of the token's workspace, searchable by name, email, phone, external id or handle."""
    return selectors.customer_list(actor=api_actor(request, "view_customers"), query=q)


@router.get("/customers/lookup", response=CustomerOut)
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


@router.get("/customers/{customer_id}", response=CustomerOut)
def customers_get(request: HttpRequest, customer_id: Id) -> Customer:
    return selectors.customer_get(actor=api_actor(request, "view_customers"), customer_id=customer_id)


@router.get("/customers/{customer_id}/timeline", response=TimelineOut)
def customers_timeline(request: HttpRequest, customer_id: Id) -> dict[str, Any]:
    """The customer's interactions on every channel (newest first) and their open cases."""
    actor = api_actor(request, "view_customers")
    customer = selectors.customer_get(actor=actor, customer_id=customer_id)
    timeline = selectors.customer_timeline(actor=actor, customer=customer)
    audit_record(actor=actor, action="customer.view", object_type="customer", object_id=customer.pk, request=request)
    return {"customer": customer, "interactions": timeline.interactions, "open_cases": timeline.open_cases}
