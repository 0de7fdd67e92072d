"""Follow-ups: the call-back tasks of detractors' responses."""

from datetime import datetime

from django.db.models import Q, QuerySet

from kohtaamo.db.filters import filter_given
from kohtaamo.workspaces.access import Actor, Role, get_visible_or_404

from ..models import FollowUp


def follow_up_list(*, actor: Actor, status: str = FollowUp.Status.OPEN) -> QuerySet[FollowUp]:
    """Follow-ups the actor works on: a team lead's own and their teams'; managers see all. Oldest due first."""
    follow_ups = FollowUp.objects.of(actor)
    if actor.role == Role.TEAM_LEAD:
        follow_ups = follow_ups.filter(Q(assignee=actor.user) | Q(team__lead=actor.user))
    if status:
        follow_ups = follow_ups.filter(status=status)
    return follow_ups.select_related("customer", "agent", "team", "assignee", "response").order_by("due_at", "pk")


def follow_up_get(*, actor: Actor, follow_up_id: int) -> FollowUp:
    """One follow-up the actor works on, or 404."""
    return get_visible_or_404(follow_up_list(actor=actor, status=""), actor, follow_up_id)


def follow_ups_filtered(
    *, actor: Actor, status: str = "", assignee_id: int | None = None, customer_id: int | None = None,
    updated_since: datetime | None = None,
) -> QuerySet[FollowUp]:  # fmt: skip
    """Follow-ups for the API's list and export: every status unless one is asked for, the same role rule
    as the pages (a team lead's own and their teams'), optionally only those changed since a moment."""
    return filter_given(follow_up_list(actor=actor, status=status), assignee_id=assignee_id,
                        customer_id=customer_id, updated_at__gte=updated_since)  # fmt: skip
