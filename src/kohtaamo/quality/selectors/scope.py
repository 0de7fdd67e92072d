"""Who sees which evaluations: the one place quality data is narrowed to the actor.

* admins, CX managers and API tokens (``read_quality_api``): every evaluation of the workspace;
* QA evaluators: the ones they made, and final ones of the teams the plan assigns them;
* team leads: the ones they made, and final ones of the teams they lead;
* evaluators and leads also see the evaluations whose disputes they arbitrate;
* agents: their own final official and self-evaluations, and their own self-evaluation drafts.

Calibration evaluations are never in this set (they never count as anyone's score); the
calibration selectors show them to the session's participants.
"""

from datetime import datetime

from django.db.models import Q, QuerySet

from kohtaamo.db.filters import filter_given
from kohtaamo.timeline.models import Interaction
from kohtaamo.workspaces.access import INTEGRATION, MANAGERS, Actor, Role, get_visible_or_404
from kohtaamo.workspaces.models import Agent, Team

from ..models import Dispute, Evaluation, EvaluatorAssignment

FINAL = (Evaluation.Status.SUBMITTED, Evaluation.Status.ACKNOWLEDGED, Evaluation.Status.DISPUTED)


def teams_overseen(actor: Actor) -> QuerySet[Team] | None:
    """Teams whose final evaluations the actor sees; None means every team."""
    if actor.role in MANAGERS:
        return None
    teams = Team.objects.of(actor)
    if actor.role == Role.TEAM_LEAD:
        return teams.filter(lead=actor.user)
    if actor.role == Role.QA_EVALUATOR:
        assigned = EvaluatorAssignment.objects.of(actor).filter(evaluator=actor.user)
        return teams.filter(pk__in=assigned.values("team_id"))
    return teams.none()


def evaluations_visible(actor: Actor) -> QuerySet[Evaluation]:
    """Every non-calibration evaluation the actor may see."""
    evaluations = Evaluation.objects.of(actor).exclude(kind=Evaluation.Kind.CALIBRATION)
    if actor.role in MANAGERS or actor.role == INTEGRATION:
        return evaluations
    if actor.role == Role.AGENT:
        own = Q(agent__user=actor.user, status__in=FINAL, kind__in=[Evaluation.Kind.OFFICIAL, Evaluation.Kind.SELF])
        return evaluations.filter(own | Q(evaluator=actor.user, kind=Evaluation.Kind.SELF))
    arbitrated = Dispute.objects.of(actor).filter(arbitrator=actor.user).values("evaluation_id")
    return evaluations.filter(
        Q(evaluator=actor.user) | Q(team__in=teams_overseen(actor), status__in=FINAL) | Q(pk__in=arbitrated)
    )


def scored(actor: Actor, *, kind: str = Evaluation.Kind.OFFICIAL) -> QuerySet[Evaluation]:
    """Final scored evaluations of one kind (official by default): what reports count."""
    return evaluations_visible(actor).filter(kind=kind, status__in=FINAL, total__isnull=False)


def evaluation_get(*, actor: Actor, evaluation_id: int) -> Evaluation:
    """A visible evaluation, or one of the actor's own calibration evaluations."""
    own_calibration = Evaluation.objects.of(actor).filter(kind=Evaluation.Kind.CALIBRATION, evaluator=actor.user)
    visible = (evaluations_visible(actor) | own_calibration).select_related(
        "interaction", "interaction__customer", "agent", "agent__team", "evaluator", "version", "version__scorecard"
    )
    return get_visible_or_404(visible, actor, evaluation_id)


def agents_visible(actor: Actor) -> QuerySet[Agent]:
    """Agents whose evaluations the actor may see: their teams' and the ones they evaluated (an agent: themselves)."""
    agents = Agent.objects.of(actor).select_related("team")
    if actor.role == Role.AGENT:
        return agents.filter(user=actor.user)
    teams = teams_overseen(actor)
    if teams is None:
        return agents
    evaluated = Evaluation.objects.of(actor).filter(evaluator=actor.user).values("agent_id")
    return agents.filter(Q(team__in=teams) | Q(pk__in=evaluated))


def own_agent(actor: Actor) -> Agent | None:
    """The agent record of the acting user, if they handle interactions themselves."""
    return Agent.objects.of(actor).filter(user=actor.user).select_related("team").first()


def agent_get(*, actor: Actor, agent_id: int) -> Agent:
    """An agent whose evaluations the actor may see, or 404."""
    return get_visible_or_404(agents_visible(actor), actor, agent_id)


def interaction_for_evaluation(*, actor: Actor, interaction_id: int) -> Interaction:
    """An interaction of the workspace that has an agent (evaluators may score any agent's work)."""
    return get_visible_or_404(Interaction.objects.of(actor).select_related("agent"), actor, interaction_id)


def is_own(actor: Actor, evaluation: Evaluation) -> bool:
    """Is the evaluation about the actor's own work?"""
    return evaluation.agent.user_id is not None and evaluation.agent.user_id == actor.user.pk


def is_own_agent(actor: Actor, agent: Agent) -> bool:
    """Is this agent record the acting user's own?"""
    return agent.user_id is not None and agent.user_id == actor.user.pk


def can_edit(actor: Actor, evaluation: Evaluation) -> bool:
    """Only the evaluator edits, and only a draft."""
    return not evaluation.is_final and evaluation.evaluator_id == actor.user.pk


def can_acknowledge(actor: Actor, evaluation: Evaluation) -> bool:
    """The agent acknowledges their own submitted official evaluation."""
    return (
        is_own(actor, evaluation)
        and evaluation.kind == Evaluation.Kind.OFFICIAL
        and evaluation.status == Evaluation.Status.SUBMITTED
    )


def can_dispute(actor: Actor, evaluation: Evaluation) -> bool:
    """The agent disputes their own submitted or acknowledged official evaluation."""
    return (
        is_own(actor, evaluation)
        and evaluation.kind == Evaluation.Kind.OFFICIAL
        and evaluation.status in (Evaluation.Status.SUBMITTED, Evaluation.Status.ACKNOWLEDGED)
    )


def can_resolve(actor: Actor, evaluation: Evaluation, dispute: Dispute | None = None) -> bool:
    """Never the disputing agent. A dispute with an arbitrator: the arbitrator (or a manager) decides it;
    otherwise the evaluator or a lead who sees the evaluation."""
    if is_own(actor, evaluation) or actor.role == Role.AGENT:
        return False
    if dispute is not None and dispute.arbitrator_id is not None:
        return dispute.arbitrator_id == actor.user.pk or actor.role in MANAGERS
    return evaluation.evaluator_id == actor.user.pk or actor.can("coach")


def dispute_get(*, actor: Actor, dispute_id: int) -> Dispute:
    """A dispute on an evaluation the actor may see, or 404."""
    return get_visible_or_404(
        Dispute.objects.of(actor).filter(evaluation__in=evaluations_visible(actor)), actor, dispute_id
    )


def evaluation_kind_for(actor: Actor, interaction: Interaction, wanted: str) -> str | None:
    """What the actor may start on the interaction: a self-evaluation of their own work when they ask for one,
    an official evaluation of someone else's work when they evaluate; otherwise None."""
    own = interaction.agent is not None and is_own_agent(actor, interaction.agent)
    if wanted == Evaluation.Kind.SELF and own:
        return Evaluation.Kind.SELF
    if actor.can("evaluate") and not own:
        return Evaluation.Kind.OFFICIAL
    return None


def evaluations_list(
    *, actor: Actor, agent_id: int | None = None, status: str = "", submitted_since: datetime | None = None,
    interaction_id: int | None = None,
) -> QuerySet[Evaluation]:  # fmt: skip
    """Visible evaluations for the API's list and export."""
    rows = evaluations_visible(actor).select_related("version", "version__scorecard")
    return filter_given(rows, agent_id=agent_id, interaction_id=interaction_id, status=status,
                        submitted_at__gte=submitted_since)  # fmt: skip


def disputes_list(*, actor: Actor, status: str = "") -> QuerySet[Dispute]:
    """Disputes on the evaluations the actor sees."""
    rows = Dispute.objects.of(actor).filter(evaluation__in=evaluations_visible(actor))
    return filter_given(rows, status=status)
