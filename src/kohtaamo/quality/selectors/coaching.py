"""Coaching sessions and whether the coached questions improved in the agent's later evaluations."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from kohtaamo.lib.cxmetrics import Estimate, proportion_estimate
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.models import Agent

from ..models import CoachingSession, Evaluation, QuestionScore
from .plan import quality_plan
from .reports import question_texts
from .scope import agents_visible, evaluations_visible, scored

MIN_N = 3  # fewer later evaluations than this: "too early to tell"


def coaching_sessions(*, actor: Actor) -> QuerySet[CoachingSession]:
    """Coaching sessions of the agents whose evaluations the actor may see."""
    return CoachingSession.objects.of(actor).filter(agent__in=agents_visible(actor)).select_related("agent", "coach")


@dataclass(frozen=True)
class CoachedQuestion:
    question_id: str
    text: str  # the question as the scorecard words it in the reader's language (the id if it was removed)
    before: Estimate  # pass rate (%) in official evaluations of interactions before the session
    after: Estimate  # ... and after it
    verdict: str  # "improved", "worse", "same" or "too_early"


def coaching_progress(
    *, actor: Actor, session: CoachingSession, texts: dict[str, tuple[str, str]] | None = None
) -> list[CoachedQuestion]:
    """Pass rate of each coached question before vs after the session, in the agent's official evaluations.

    ``texts`` (question id → (text, section), from ``question_texts``) names the questions for people.
    """
    scores = QuestionScore.objects.of(actor).filter(
        evaluation__in=scored(actor).filter(agent=session.agent),
        question_id__in=session.question_ids,
        score__isnull=False,
    )
    after_q = Q(evaluation__interaction_at__gte=session.held_at)
    rows = {
        r["question_id"]: r
        for r in scores.values("question_id")
        .annotate(
            n_before=Count("pk", filter=~after_q),
            p_before=Count("pk", filter=~after_q & Q(passed=True)),
            n_after=Count("pk", filter=after_q),
            p_after=Count("pk", filter=after_q & Q(passed=True)),
        )
        .order_by()
    }
    out = []
    for question_id in session.question_ids:
        r = rows.get(question_id, {"n_before": 0, "p_before": 0, "n_after": 0, "p_after": 0})
        before = proportion_estimate(r["p_before"], r["n_before"], min_n=MIN_N)
        after = proportion_estimate(r["p_after"], r["n_after"], min_n=MIN_N)
        if after.too_few or before.n == 0:
            verdict = "too_early"
        elif after.value > before.value:
            verdict = "improved"
        elif after.value < before.value:
            verdict = "worse"
        else:
            verdict = "same"
        text = (texts or {}).get(question_id, (question_id, ""))[0]
        out.append(CoachedQuestion(question_id, text, before, after, verdict))
    return out


@dataclass(frozen=True)
class CoachingChoices:
    questions: list[tuple[str, str]]  # (question id, text) of the plan's scorecard
    evaluations: list[Evaluation]  # the agent's latest final evaluations


def coaching_choices(*, actor: Actor, agent: Agent, language: str) -> CoachingChoices:
    """What a new coaching session may link to: the plan scorecard's questions, the agent's 20 latest evaluations."""
    texts = question_texts(quality_plan(actor=actor).scorecard, language)
    recent = evaluations_visible(actor).filter(agent=agent).exclude(status="draft").order_by("-interaction_at")
    return CoachingChoices([(qid, text) for qid, (text, _section) in texts.items()], list(recent[:20]))
