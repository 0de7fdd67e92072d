"""The disputes inbox: what is waiting for a decision, for whom, and what was decided."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from kohtaamo.workspaces.access import MANAGERS, Actor

from ..models import Dispute, DisputeCategory
from .scope import evaluations_visible

SHOWN = ("open", "resolved", "all")


@dataclass(frozen=True)
class InboxFilter:
    status: str = "open"  # one of SHOWN
    category_id: int | None = None
    mine: bool = False  # only the ones the actor decides


def disputes_inbox(*, actor: Actor, filters: InboxFilter) -> QuerySet[Dispute]:
    """Disputes on evaluations the actor sees, oldest waiting first (resolved ones: newest first)."""
    disputes = (
        Dispute.objects.of(actor)
        .filter(evaluation__in=evaluations_visible(actor))
        .select_related(
            "evaluation__agent", "evaluation__evaluator", "opened_by", "resolved_by", "arbitrator", "category"
        )
    )
    if filters.status == "open":
        disputes = disputes.filter(status=Dispute.Status.OPEN).order_by("opened_at", "pk")
    elif filters.status == "resolved":
        disputes = disputes.exclude(status=Dispute.Status.OPEN).order_by("-resolved_at", "-pk")
    else:
        disputes = disputes.order_by("-opened_at", "-pk")
    if filters.category_id is not None:
        disputes = disputes.filter(category_id=filters.category_id)
    if filters.mine:
        disputes = disputes.filter(decided_by_me(actor))
    return disputes


def decided_by_me(actor: Actor) -> Q:
    """Disputes the actor decides: theirs to arbitrate, or (no arbitrator) on an evaluation they made."""
    mine = Q(arbitrator=actor.user) | Q(arbitrator__isnull=True, evaluation__evaluator=actor.user)
    if actor.can("coach") or actor.role in MANAGERS:
        mine |= Q(arbitrator__isnull=True)
    return mine


def dispute_categories(*, actor: Actor, include_archived: bool = False) -> QuerySet[DisputeCategory]:
    """The workspace's dispute categories with their arbitrators, by name."""
    categories = DisputeCategory.objects.of(actor).select_related("arbitrator")
    return categories if include_archived else categories.filter(archived=False)


def dispute_category_get(*, actor: Actor, category_id: int) -> DisputeCategory | None:
    """An active category of the workspace, or None (a stale or foreign id chooses no category)."""
    return dispute_categories(actor=actor).filter(pk=category_id).first()


def open_disputes_count(*, actor: Actor) -> int:
    """How many disputes wait for the actor's decision (the badge on the subnavigation)."""
    return disputes_inbox(actor=actor, filters=InboxFilter(mine=True)).count()
