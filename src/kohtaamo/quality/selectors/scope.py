"""Who sees which evaluations: the one place quality data is narrowed to the actor.

* admins and CX managers: every evaluation of the workspace;
* QA evaluators: the ones they made, and final ones of the teams the plan assigns them;
* team leads: the ones they made, and final ones of the teams they lead;
* agents: their own final official and self-evaluations, and their own self-evaluation drafts.

Calibration evaluations are never in this set (they never count as anyone's score); the
calibration selectors show them to the session's participants.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from kohtaamo.timeline.models import Interaction
from kohtaamo.workspaces.access import MANAGERS, Actor, Role
from kohtaamo.workspaces.models import Agent, Team

from ..models import Dispute, Evaluation, EvaluatorAssignment

FINAL = (Evaluation.Status.SUBMITTED, Evaluation.Status.ACKNOWLEDGED, Evaluation.Status.DISPUTED)


def teams_overseen(actor: Actor) -> QuerySet[Team] | None:
    """Teams whose final evaluations the actor sees; None means every team."""
    if actor.role in MANAGERS:
        return None
    teams = Team.objects.filter(workspace=actor.workspace)
    if actor.role == Role.TEAM_LEAD:
        return teams.filter(lead=actor.user)
    if actor.role == Role.QA_EVALUATOR:
        assigned = EvaluatorAssignment.objects.filter(plan__workspace=actor.workspace, evaluator=actor.user)
        return teams.filter(pk__in=assigned.values("team_id"))
    return teams.none()


def evaluations_visible(actor: Actor) -> QuerySet[Evaluation]:
    """Every non-calibration evaluation the actor may see."""
    evaluations = Evaluation.objects.filter(workspace=actor.workspace).exclude(kind=Evaluation.Kind.CALIBRATION)
    if actor.role in MANAGERS:
        return evaluations
    if actor.role == Role.AGENT:
        own = Q(agent__user=actor.user, status__in=FINAL, kind__in=[Evaluation.Kind.OFFICIAL, Evaluation.Kind.SELF])
        return evaluations.filter(own | Q(evaluator=actor.user, kind=Evaluation.Kind.SELF))
    return evaluations.filter(Q(evaluator=actor.user) | Q(team__in=teams_overseen(actor), status__in=FINAL))


def scored(actor: Actor, *, kind: str = Evaluation.Kind.OFFICIAL) -> QuerySet[Evaluation]:
    """Final scored evaluations of one kind (official by default): what reports count."""
    return evaluations_visible(actor).filter(kind=kind, status__in=FINAL, total__isnull=False)


def evaluation_get(*, actor: Actor, evaluation_id: int) -> Evaluation:
    """A visible evaluation, or one of the actor's own calibration evaluations."""
    own_calibration = Evaluation.objects.filter(
        workspace=actor.workspace, kind=Evaluation.Kind.CALIBRATION, evaluator=actor.user
    )
    evaluation = (
        (evaluations_visible(actor) | own_calibration)
        .select_related("interaction", "agent", "agent__team", "evaluator", "version", "version__scorecard")
        .filter(pk=evaluation_id)
        .first()
    )
    if evaluation is None:
        raise Http404
    return evaluation


def agents_visible(actor: Actor) -> QuerySet[Agent]:
    """Agents whose evaluations the actor may see: their teams' and the ones they evaluated (an agent: themselves)."""
    agents = Agent.objects.filter(workspace=actor.workspace).select_related("team")
    if actor.role == Role.AGENT:
        return agents.filter(user=actor.user)
    teams = teams_overseen(actor)
    if teams is None:
        return agents
    evaluated = Evaluation.objects.filter(workspace=actor.workspace, evaluator=actor.user).values("agent_id")
    return agents.filter(Q(team__in=teams) | Q(pk__in=evaluated))


def own_agent(actor: Actor) -> Agent | None:
    """The agent record of the acting user, if they handle interactions themselves."""
    return Agent.objects.filter(workspace=actor.workspace, user=actor.user).select_related("team").first()


def agent_get(*, actor: Actor, agent_id: int) -> Agent:
    agent = agents_visible(actor).filter(pk=agent_id).first()
    if agent is None:
        raise Http404
    return agent


def interaction_for_evaluation(*, actor: Actor, interaction_id: int) -> Interaction:
    """An interaction of the workspace that has an agent (evaluators may score any agent's work)."""
    interaction = (
        Interaction.objects.select_related("agent").filter(workspace=actor.workspace, pk=interaction_id).first()
    )
    if interaction is None:
        raise Http404
    return interaction


def is_own(actor: Actor, evaluation: Evaluation) -> bool:
    """Is the evaluation about the actor's own work?"""
    return evaluation.agent.user_id is not None and evaluation.agent.user_id == actor.user.pk


def is_own_agent(actor: Actor, agent: Agent) -> bool:
    return agent.user_id is not None and agent.user_id == actor.user.pk


def can_edit(actor: Actor, evaluation: Evaluation) -> bool:
    return not evaluation.is_final and evaluation.evaluator_id == actor.user.pk


def can_acknowledge(actor: Actor, evaluation: Evaluation) -> bool:
    return (
        is_own(actor, evaluation)
        and evaluation.kind == Evaluation.Kind.OFFICIAL
        and evaluation.status == Evaluation.Status.SUBMITTED
    )


def can_dispute(actor: Actor, evaluation: Evaluation) -> bool:
    return (
        is_own(actor, evaluation)
        and evaluation.kind == Evaluation.Kind.OFFICIAL
        and evaluation.status in (Evaluation.Status.SUBMITTED, Evaluation.Status.ACKNOWLEDGED)
    )


def can_resolve(actor: Actor, evaluation: Evaluation) -> bool:
    """The evaluator or a lead who sees the evaluation, never the disputing agent."""
    if is_own(actor, evaluation) or actor.role == Role.AGENT:
        return False
    return evaluation.evaluator_id == actor.user.pk or actor.can("coach")


def dispute_get(*, actor: Actor, dispute_id: int) -> Dispute:
    dispute = Dispute.objects.filter(pk=dispute_id, evaluation__in=evaluations_visible(actor)).first()
    if dispute is None:
        raise Http404
    return dispute
