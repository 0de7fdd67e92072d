"""The feedback section of the customer page: surveys sent, answers given and follow-ups."""

from kohtaamo.timeline.extensions import customer_section

from . import selectors


@customer_section
def feedback_section(actor, customer):
    """The customer's survey answers and follow-ups; nothing when they were never surveyed."""
    if not actor.can("view_feedback"):
        return None
    responses = selectors.customer_feedback(actor=actor, customer=customer)
    invitations = selectors.invitation_counts(actor=actor, customer=customer)
    if not responses and not invitations:
        return None
    context = {
        "responses": responses,
        "invitations": invitations,
        "invited": sum(invitations.values()),
        "can_follow_up": actor.can("follow_up"),
    }
    return "feedback/customer_section.html", context
