"""Handing a person's data out: the export document, with the read recorded in the audit trail."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kohtaamo.privacy.selectors.export import customer_export
from kohtaamo.timeline.models import Customer
from kohtaamo.workspaces.access import Actor

from .audit import audit_record

if TYPE_CHECKING:
    from django.http import HttpRequest


def customer_export_hand_out(*, actor: Actor, customer: Customer, request: HttpRequest | None = None) -> dict[str, Any]:
    """The person's export document; who took it, when and from where goes into the audit trail."""
    document = customer_export(actor=actor, customer=customer)
    rows = {label: len(table) for label, table in document["tables"].items() if table}
    audit_record(
        actor=actor, action="customer.export", object_type="customer", object_id=customer.pk, request=request,
        detail={"customer_ids": document["customer_ids"], "tables": len(rows), "rows": sum(rows.values())},
    )  # fmt: skip
    return document
