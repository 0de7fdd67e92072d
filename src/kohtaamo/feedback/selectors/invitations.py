"""Invitations: the list with its CSV export, the API's list, counts for the customer page, response rates
per rule and per way of sending."""

from datetime import datetime

from django.db.models import Count, Q, QuerySet

from kohtaamo.db.filters import filter_given
from kohtaamo.lib.cxmetrics import proportion_estimate
from kohtaamo.timeline.models import Customer
from kohtaamo.workspaces.access import Actor, Role, get_visible_or_404

from ..filters import MetricFilters
from ..models import Invitation, SendBy


def invitation_list(*, actor: Actor, status: str = "", customer_id: int | None = None) -> QuerySet[Invitation]:
    """The workspace's invitations (of one customer when given), newest first, for listing or CSV export."""
    invitations = Invitation.objects.of(actor)
    if status:
        invitations = invitations.filter(status=status)
    if customer_id is not None:
        invitations = invitations.filter(customer_id=customer_id)
    return (
        invitations.select_related("survey", "agent", "team", "customer")
        .prefetch_related("survey__questions")
        .order_by("-send_after", "-pk")
    )


def invitation_get(*, actor: Actor, invitation_id: int) -> Invitation:
    """One invitation of the workspace with its survey, questions and answers so far, or 404.

    The staff preview and the API's invitation read both take it.
    """
    invitations = (
        Invitation.objects.of(actor)
        .select_related("survey", "workspace", "customer", "response")
        .prefetch_related("survey__questions", "response__answers")
    )
    return get_visible_or_404(invitations, actor, invitation_id)


def invitation_counts(*, actor: Actor, customer: Customer) -> dict[str, int]:
    """Status → how many invitations the customer got."""
    rows = Invitation.objects.of(actor).filter(customer=customer).values("status")
    return {row["status"]: row["n"] for row in rows.annotate(n=Count("pk")).order_by()}


def only_invitation_id(*, actor: Actor, customer: Customer) -> int | None:
    """The id of the customer's one invitation (None when they have none)."""
    return Invitation.objects.of(actor).filter(customer=customer).values_list("pk", flat=True).first()


SENT_STATES = (Invitation.Status.SENT, Invitation.Status.STARTED, Invitation.Status.COMPLETED)


def _sent_in(actor: Actor, filters: MetricFilters) -> QuerySet[Invitation]:
    """Invitations sent in the period; an agent's rates count only the invitations about their own contacts,
    as the rest of their dashboard does (they saw the workspace's totals beside their own responses)."""
    sent = Invitation.objects.of(actor).filter(
        status__in=SENT_STATES, send_after__date__gte=filters.start, send_after__date__lte=filters.end
    )
    return sent.filter(agent__user=actor.user) if actor.role == Role.AGENT else sent


def response_rates(*, actor: Actor, filters: MetricFilters) -> list[dict]:
    """Per trigger rule: invitations sent in the period, how many were answered, and the rate with a CI."""
    rows = (
        _sent_in(actor, filters)
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


def response_rates_by_delivery(*, actor: Actor, filters: MetricFilters) -> list[dict]:
    """Per way of sending (email, SMS): invitations sent in the period, how many were answered (partly
    or fully, on the page or by an SMS reply), how many got a reminder, and the rate with a CI."""
    answered = Q(status__in=[Invitation.Status.STARTED, Invitation.Status.COMPLETED])
    rows = (
        _sent_in(actor, filters)
        .values("delivery")
        .annotate(
            sent=Count("pk"),
            answered=Count("pk", filter=answered),
            reminded=Count("pk", filter=Q(reminded_at__isnull=False)),
        )
        .order_by("delivery")
    )
    labels = dict(SendBy.choices)
    return [
        {
            "delivery": row["delivery"],
            "label": labels.get(row["delivery"], row["delivery"]),
            "sent": row["sent"],
            "answered": row["answered"],
            "reminded": row["reminded"],
            "rate": proportion_estimate(row["answered"], row["sent"]),
        }
        for row in rows
    ]


def invitations_filtered(
    *, actor: Actor, status: str = "", delivery: str = "", survey: str = "", customer_id: int | None = None,
    send_from: datetime | None = None, send_to: datetime | None = None,
) -> QuerySet[Invitation]:  # fmt: skip
    """Invitations for the API's list and export, with their survey (reminder days) and response id loaded."""
    rows = Invitation.objects.of(actor).select_related("survey", "response")
    return filter_given(rows, status=status, delivery=delivery, survey__key=survey, customer_id=customer_id,
                        send_after__gte=send_from, send_after__lt=send_to)  # fmt: skip
