"""An agent's quality page: their evaluations, trend and coaching, and what the reader may do there."""

from dataclasses import dataclass

from django.db.models import QuerySet

from kohtaamo.timeline.models import Interaction
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.models import Agent

from ..models import CoachingSession, Evaluation, Scorecard
from .coaching import CoachedQuestion, coaching_progress, coaching_sessions
from .plan import quality_plan
from .reports import IqsRow, agent_trends, question_texts
from .scope import agent_get, evaluations_visible, is_own_agent, own_agent
from .scorecards import scorecards_active

SHOWN = 100  # evaluations listed of each kind


@dataclass(frozen=True)
class AgentPage:
    agent: Agent
    own: bool  # the reader is this agent
    official: QuerySet[Evaluation]
    self_evaluations: QuerySet[Evaluation]
    trends: dict[int, list[IqsRow]]  # the agent's month by month (empty without evaluations)
    coaching: list[tuple[CoachingSession, list[CoachedQuestion]]]
    scorecards: QuerySet[Scorecard]
    recent: QuerySet[Interaction] | None  # the agent's own latest interactions, to self-evaluate
    questions: dict[str, tuple[str, str]] | None  # the plan scorecard's questions, for a coach


def agent_page(*, actor: Actor, agent: Agent, language: str) -> AgentPage:
    """The agent's official and self-evaluations the actor may see, their monthly trend and their coaching."""
    visible = evaluations_visible(actor).filter(agent=agent).select_related("version__scorecard", "evaluator")
    visible = visible.order_by("-interaction_at")
    own = is_own_agent(actor, agent)
    texts = question_texts(quality_plan(actor=actor).scorecard, language)
    coaching = [
        (s, coaching_progress(actor=actor, session=s, texts=texts))
        for s in coaching_sessions(actor=actor).filter(agent=agent)
    ]
    recent = Interaction.objects.of(actor).filter(agent=agent).order_by("-started_at")[:15] if own else None
    questions = texts if actor.can("coach") and not own else None
    return AgentPage(
        agent=agent,
        own=own,
        official=visible.filter(kind=Evaluation.Kind.OFFICIAL).exclude(status=Evaluation.Status.DRAFT)[:SHOWN],
        self_evaluations=visible.filter(kind=Evaluation.Kind.SELF)[:SHOWN],
        trends=agent_trends(actor=actor, agents=[agent]),
        coaching=coaching,
        scorecards=scorecards_active(actor=actor),
        recent=recent,
        questions=questions,
    )


def own_agent_page(*, actor: Actor, language: str) -> AgentPage | None:
    """The acting user's own agent page; None when they handle no interactions themselves."""
    agent = own_agent(actor)
    return None if agent is None else agent_page(actor=actor, agent=agent, language=language)


def agent_page_of(*, actor: Actor, agent_id: int, language: str) -> AgentPage:
    """The page of an agent whose evaluations the actor may see, or 404."""
    return agent_page(actor=actor, agent=agent_get(actor=actor, agent_id=agent_id), language=language)
