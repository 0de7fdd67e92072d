"""The incidents section of the customer page: what the customer was told, and when."""

from kohtaamo.notify.selectors.incidents import customer_incidents
from kohtaamo.timeline.extensions import customer_section
from kohtaamo.timeline.models import Customer
from kohtaamo.workspaces.access import Actor


@customer_section
def incident_messages(actor: Actor, customer: Customer) -> tuple[str, dict] | None:
    """Every incident message the customer got (agents see it too: "notified 14:02, ETA 18:00")."""
    if not actor.can("view_incidents"):
        return None
    incidents = customer_incidents(actor=actor, customer=customer)
    if not incidents:
        return None
    return "notify/_customer_section.html", {"incidents": incidents}
