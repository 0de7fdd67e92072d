"""The privacy section of the customer page: export and erase buttons, and whether it was erased."""

from kohtaamo.timeline.extensions import customer_section
from kohtaamo.timeline.models import Customer
from kohtaamo.workspaces.access import Actor

from .selectors.erasures import erasure_of


@customer_section
def privacy_section(actor: Actor, customer: Customer) -> tuple[str, dict] | None:
    """The person's rights, for the roles that may act on them; nothing for the others."""
    can_export, can_erase = actor.can("export_personal_data"), actor.can("erase_personal_data")
    erasure = erasure_of(actor=actor, customer_id=customer.pk)
    if not (can_export or can_erase or erasure):
        return None
    context = {"can_export": can_export, "can_erase": can_erase, "erasure": erasure, "customer": customer}
    return "privacy/customer_section.html", context
