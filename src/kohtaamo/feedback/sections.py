"""The feedback section of the customer page: surveys sent, answers given and follow-ups."""

from kohtaamo.timeline.extensions import customer_section
from kohtaamo.timeline.models import Customer
from kohtaamo.workspaces.access import Actor

from .selectors.answers import customer_feedback
from .selectors.invitations import invitation_counts, only_invitation_id


@customer_section
def feedback_section(actor: Actor, customer: Customer) -> tuple[str, dict] | None:
    """The customer's survey answers and follow-ups; nothing when they were never surveyed."""
    if not actor.can("view_feedback"):
        return None
    responses = customer_feedback(actor=actor, customer=customer)
    invitations = invitation_counts(actor=actor, customer=customer)
    if not responses and not invitations:
        return None
    invited = sum(invitations.values())
    can_preview = actor.can("manage_surveys")
    context = {
        "responses": responses,
        "invitations": invitations,
        "invited": invited,
        "can_follow_up": actor.can("follow_up"),
        # Managers follow the count to the invitations (straight to the one when there is one).
        "can_preview": can_preview,
        "only_invitation": only_invitation_id(actor=actor, customer=customer) if can_preview and invited == 1 else None,
    }
    return "feedback/customer_section.html", context
