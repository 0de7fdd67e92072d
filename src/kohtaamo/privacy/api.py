"""A person's rights over the API: export everything held about them, erase it."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from kohtaamo.timeline.selectors import customer_get
from kohtaamo.workspaces.auth import api_actor

from .services.erase import customer_erase
from .services.export import customer_export_hand_out

router = Router(tags=["privacy"])


class ErasureOut(Schema):
    erasure_id: int
    customer_id: int
    erased_at: str
    rows: dict[str, int]


@router.get("/customers/{customer_id}/export", response=dict[str, Any])
def customers_export(request: HttpRequest, customer_id: int) -> dict[str, Any]:
    """Everything held about the customer (and the customers merged into them) as one JSON document."""
    actor = api_actor(request, "export_personal_data")
    customer = customer_get(actor=actor, customer_id=customer_id)
    return customer_export_hand_out(actor=actor, customer=customer, request=request)


@router.post("/customers/{customer_id}/erase", response=ErasureOut)
def customers_erase(request: HttpRequest, customer_id: int) -> dict[str, Any]:
    """Erase the customer's personal data; interactions and answers stay as anonymous rows. Not undoable."""
    actor = api_actor(request, "erase_personal_data")
    erasure = customer_erase(actor=actor, customer=customer_get(actor=actor, customer_id=customer_id), request=request)
    return {
        "erasure_id": erasure.pk,
        "customer_id": erasure.customer_id,
        "erased_at": erasure.erased_at.isoformat(),
        "rows": erasure.rows,
    }
