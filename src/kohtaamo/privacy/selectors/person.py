"""Who "the person" is: a customer and every customer merged into it (they hold the same person's data)."""

from kohtaamo.timeline.models import Customer
from kohtaamo.workspaces.access import Actor


def person_customer_ids(*, actor: Actor, customer: Customer) -> list[int]:
    """The customer's id and the ids of the customers merged into it, directly or through a chain."""
    found = [customer.pk]
    frontier = [customer.pk]
    while frontier:
        frontier = [
            pk
            for pk in Customer.objects.of(actor).filter(merged_into_id__in=frontier).values_list("pk", flat=True)
            if pk not in found
        ]
        found.extend(frontier)
    return found
