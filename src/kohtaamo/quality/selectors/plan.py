"""The quality plan (how much is evaluated, of what, by whom) and the members who may be chosen for it."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from kohtaamo.workspaces.access import CAPABILITIES, Actor
from kohtaamo.workspaces.models import Queue, Team

from ..models import QualityPlan


def quality_plan(*, actor: Actor) -> QualityPlan:
    """The workspace's plan; until it is first saved, an unsaved one with the defaults.

    Reading never creates it (4 evaluations per agent per calendar month, no scorecard):
    ``services.sampling.quality_plan_update`` does, when someone saves the plan.
    """
    return QualityPlan.objects.of(actor).first() or QualityPlan(workspace=actor.workspace)


def members_who_can(*, actor: Actor, capability: str) -> QuerySet[AbstractBaseUser]:
    """Members of the actor's workspace whose role has the capability, by name."""
    return (
        get_user_model()
        .objects.filter(memberships__workspace=actor.workspace, memberships__role__in=CAPABILITIES[capability])
        .order_by("first_name", "email")
    )


def plan_queues(*, actor: Actor) -> QuerySet[Queue]:
    """The queues a plan may sample from: every queue of the workspace."""
    return Queue.objects.of(actor)


@dataclass(frozen=True)
class PlanPage:
    plan: QualityPlan
    teams: list[Team]
    evaluators: list[AbstractBaseUser]
    assigned: dict[int, int]  # team id → evaluator id


def plan_page(*, actor: Actor) -> PlanPage:
    """The plan with every team, the members who may evaluate, and who evaluates which team."""
    plan = quality_plan(actor=actor)
    assigned = {} if plan.pk is None else dict(plan.assignments.values_list("team_id", "evaluator_id"))
    return PlanPage(
        plan,
        list(Team.objects.of(actor)),
        list(members_who_can(actor=actor, capability="evaluate")),
        assigned,
    )
