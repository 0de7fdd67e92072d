"""Quotas: per agent and team, evaluations done, still due and overdue in a period; evaluators' queues."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from kohtaamo.workspaces.access import Actor, Role, get_visible_or_404
from kohtaamo.workspaces.models import Agent

from ..models import Evaluation, QualityPlan, Scorecard
from ..periods import PeriodRange, period_of
from .plan import quality_plan
from .scope import FINAL, agents_visible
from .scorecards import scorecards_active


@dataclass(frozen=True)
class QuotaRow:
    agent: Agent
    target: int
    done: int
    in_progress: int  # drafts: sampled or started, not yet submitted
    due: int  # still needed to reach the target
    status: str  # "met", "overdue" (period over, target missed), "behind" (behind pace) or "on_track"


@dataclass(frozen=True)
class TeamQuota:
    team: str
    agents: int
    target: int
    done: int
    due: int
    overdue: int  # agents whose period ended short of the target


def quota_board(*, actor: Actor, plan: QualityPlan, period: PeriodRange) -> tuple[list[QuotaRow], list[TeamQuota]]:
    """Every visible active agent's progress towards the plan's target in the period, and team totals."""
    agents = list(agents_visible(actor).filter(active=True).order_by("team__name", "name"))
    official = Evaluation.objects.of(actor).filter(
        kind=Evaluation.Kind.OFFICIAL,
        agent__in=agents,
        interaction_at__gte=period.start,
        interaction_at__lt=period.end,
    )
    done = Counter(official.filter(status__in=FINAL).values_list("agent_id", flat=True))
    drafts = Counter(official.filter(status=Evaluation.Status.DRAFT).values_list("agent_id", flat=True))
    now = timezone.now()
    ended = period.has_ended(now)
    expected_by_now = plan.per_agent * period.elapsed_fraction(now)
    rows = []
    for agent in agents:
        n = done[agent.pk]
        due = max(0, plan.per_agent - n)
        if due == 0:
            status = "met"
        elif ended:
            status = "overdue"
        elif n + 1 <= expected_by_now:
            status = "behind"
        else:
            status = "on_track"
        rows.append(QuotaRow(agent, plan.per_agent, n, drafts[agent.pk], due, status))
    teams: dict[str, list[QuotaRow]] = {}
    for row in rows:
        teams.setdefault(row.agent.team.name if row.agent.team else "–", []).append(row)
    totals = [
        TeamQuota(
            name,
            len(members),
            sum(r.target for r in members),
            sum(r.done for r in members),
            sum(r.due for r in members),
            sum(r.status == "overdue" for r in members),
        )
        for name, members in teams.items()
    ]
    return rows, totals


def evaluator_queue(*, actor: Actor) -> QuerySet[Evaluation]:
    """Drafts waiting for the actor: their own, then the unassigned pool (a team lead's: their teams')."""
    drafts = (
        Evaluation.objects.of(actor)
        .filter(status=Evaluation.Status.DRAFT, kind=Evaluation.Kind.OFFICIAL)
        .select_related("agent", "interaction", "version__scorecard")
    )
    pool = Q(evaluator__isnull=True)
    if actor.role == Role.TEAM_LEAD:
        pool &= Q(team__lead=actor.user)
    return drafts.filter(Q(evaluator=actor.user) | pool).order_by("evaluator", "interaction_at")


def queue_item_get(*, actor: Actor, evaluation_id: int) -> Evaluation:
    """A draft in the actor's queue or the pool they may take from."""
    return get_visible_or_404(evaluator_queue(actor=actor), actor, evaluation_id)


@dataclass(frozen=True)
class QuotaPage:
    plan: QualityPlan
    period: PeriodRange
    rows: list[QuotaRow]
    teams: list[TeamQuota]


def quota_page(*, actor: Actor, month: date | None = None) -> QuotaPage:
    """The quota board of the plan's current period (or, for a monthly plan, of ``month`` when given)."""
    plan = quality_plan(actor=actor)
    period = period_of(actor.workspace, plan.period, month if plan.period == "month" else None)
    rows, teams = quota_board(actor=actor, plan=plan, period=period)
    return QuotaPage(plan, period, rows, teams)


@dataclass(frozen=True)
class QueuePage:
    plan: QualityPlan
    period: PeriodRange
    mine: list[Evaluation]
    pool: list[Evaluation]
    scorecards: QuerySet[Scorecard]


def queue_page(*, actor: Actor) -> QueuePage:
    """The evaluator's own drafts and the pool they may take from, in the plan's current period."""
    plan = quality_plan(actor=actor)
    drafts = list(evaluator_queue(actor=actor))
    return QueuePage(
        plan,
        period_of(actor.workspace, plan.period),
        [e for e in drafts if e.evaluator_id == actor.user_id],
        [e for e in drafts if e.evaluator_id is None],
        scorecards_active(actor=actor),
    )
