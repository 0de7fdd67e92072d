"""Invitations: the list with its CSV export, counts for the customer page, response rates, and the public key."""

from django.db.models import Count, Q, QuerySet

from kohtaamo.lib.cxmetrics import proportion_estimate
from kohtaamo.timeline.models import Customer
from kohtaamo.workspaces.access import Actor

from ..filters import MetricFilters
from ..models import Invitation


def invitation_list(*, actor: Actor, status: str = "") -> QuerySet[Invitation]:
    """The workspace's invitations, newest first, ready for listing or CSV export (pages and the CLI)."""
    invitations = Invitation.objects.of(actor)
    if status:
        invitations = invitations.filter(status=status)
    return (
        invitations.select_related("survey", "agent", "team", "customer")
        .prefetch_related("survey__questions")
        .order_by("-send_after", "-pk")
    )


def invitation_counts(*, actor: Actor, customer: Customer) -> dict[str, int]:
    """Status → how many invitations the customer got."""
    rows = Invitation.objects.of(actor).filter(customer=customer).values("status")
    return {row["status"]: row["n"] for row in rows.annotate(n=Count("pk")).order_by()}


def response_rates(*, actor: Actor, filters: MetricFilters) -> list[dict]:
    """Per trigger rule: invitations sent in the period, how many were answered, and the rate with a CI."""
    sent_states = [Invitation.Status.SENT, Invitation.Status.STARTED, Invitation.Status.COMPLETED]
    rows = (
        Invitation.objects.of(actor)
        .filter(status__in=sent_states, send_after__date__gte=filters.start, send_after__date__lte=filters.end)
        .values("trigger_id", "trigger__name")
        .annotate(
            sent=Count("pk"),
            answered=Count("pk", filter=Q(status__in=[Invitation.Status.STARTED, Invitation.Status.COMPLETED])),
        )
        .order_by("trigger__name")
    )
    return [
        {
            "trigger": row["trigger__name"] or "–",
            "sent": row["sent"],
            "answered": row["answered"],
            "rate": proportion_estimate(row["answered"], row["sent"]),
        }
        for row in rows
    ]
