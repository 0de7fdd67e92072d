"""Reads of the erasure record: whether (and when) a customer's data was erased."""

from kohtaamo.privacy.models import Erasure
from kohtaamo.workspaces.access import Actor


def erasure_of(*, actor: Actor, customer_id: int) -> Erasure | None:
    """The latest erasure of this customer in the actor's workspace, if any."""
    return Erasure.objects.of(actor).filter(customer_id=customer_id).order_by("-erased_at").first()
