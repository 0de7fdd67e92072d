"""The quality plan, and the sample of interactions it calls for each period."""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from kohtaamo.feedback.selectors.scores import survey_scores_for_interactions
from kohtaamo.lib.qa.sampling import Candidate, lowest_first, stratified_sample
from kohtaamo.timeline.models import Interaction, Recording
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.models import Agent, Queue, Team

from ..models import AutoReview, Evaluation, EvaluatorAssignment, QualityPlan, ScorecardVersion
from ..periods import PeriodRange, month_of

LOW_CSAT = 2  # a CSAT answer of 1 or 2 is a dissatisfied customer


@transaction.atomic
def quality_plan_update(
    *,
    plan: QualityPlan,
    queues: Iterable[Queue] | None = None,
    assignments: dict[Team, AbstractBaseUser | None] | None = None,
    **fields: Any,
) -> QualityPlan:
    """Change the plan's fields, queues and team → evaluator assignments (None keeps them).

    The first save creates the workspace's plan: until then ``selectors.plan.quality_plan`` reads an
    unsaved one with the defaults, so opening a page never writes.
    """
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.full_clean()
    plan.save()
    if queues is not None:
        plan.queues.set(queues)
    if assignments is not None:
        plan.assignments.all().delete()
        EvaluatorAssignment.objects.bulk_create(
            EvaluatorAssignment(plan=plan, team=team, evaluator=user) for team, user in assignments.items() if user
        )
    return plan


@dataclass(frozen=True)
class SampleReport:
    created: int
    agents_short: int  # agents with too few judgeable interactions to meet the quota
    reasons: dict[str, int]


def _has_evidence(plan: QualityPlan) -> Q:
    """Something to evaluate: a transcript (for written channels, the messages), a linked or a stored recording.

    An evaluator handed a contact with none of these can only guess, so sampling never picks one.
    """
    stored = Recording.objects.of(plan.workspace).values("interaction_id")
    return ~Q(transcript=[]) | ~Q(recording_url="") | Q(pk__in=stored)


def _candidates(plan: QualityPlan, period: PeriodRange) -> QuerySet:
    interactions = (
        Interaction.objects.of(plan.workspace)
        .filter(
            started_at__gte=period.start,
            started_at__lt=period.end,
            agent__isnull=False,
            agent__active=True,
            abandoned=False,
        )
        .exclude(handle_seconds__lt=plan.min_handle_seconds)
        .filter(_has_evidence(plan))
    )
    if plan.channels:
        interactions = interactions.filter(channel__in=plan.channels)
    queue_ids = list(plan.queues.values_list("pk", flat=True))
    if queue_ids:
        interactions = interactions.filter(queue_id__in=queue_ids)
    taken = Evaluation.objects.of(plan.workspace).filter(kind=Evaluation.Kind.OFFICIAL).values("interaction_id")
    return interactions.exclude(pk__in=taken).values_list("pk", "agent_id", "channel", "attributes")


def _weight(plan: QualityPlan, csat: int | None, attributes: dict | None) -> tuple[float, str]:
    weight, reasons = 1.0, []
    if plan.low_csat_weight != 1 and csat is not None and csat <= LOW_CSAT:
        weight *= plan.low_csat_weight
        reasons.append("low_csat")
    if plan.flagged_weight != 1 and (attributes or {}).get("flagged"):
        weight *= plan.flagged_weight
        reasons.append("flagged")
    return weight, "+".join(reasons) or "random"


def _low_aqs_scores(plan: QualityPlan, period: PeriodRange) -> dict[int, float]:
    """interaction id → AQS of the period's automatically scored interactions (only when the plan asks)."""
    if not plan.prefer_low_aqs:
        return {}
    reviews = AutoReview.objects.of(plan.workspace).filter(
        interaction_at__gte=period.start, interaction_at__lt=period.end, applicable=True, aqs__isnull=False
    )
    return dict(reviews.values_list("interaction_id", "aqs"))


def _draw(candidates: list[Candidate], need: int, aqs: dict[int, float], seed: str) -> list[tuple[Candidate, bool]]:
    """The agent's picks, each marked True when it was taken for its low AQS."""
    if not aqs:
        return [(c, False) for c in stratified_sample(candidates, need, seed=seed)]
    by_score, drawn = lowest_first(candidates, aqs, need, seed=seed)
    return [(c, True) for c in by_score] + [(c, False) for c in drawn]


@dataclass(frozen=True)
class SampledInteraction:
    interaction: Interaction
    team_id: int | None
    evaluator_id: int | None
    reason: str

    def draft(self, version: ScorecardVersion) -> Evaluation:
        """The unsaved draft evaluation this pick becomes."""
        return Evaluation(
            workspace_id=self.interaction.workspace_id,
            interaction=self.interaction,
            agent_id=self.interaction.agent_id,
            evaluator_id=self.evaluator_id,
            version=version,
            sampled_reason=self.reason,
            interaction_at=self.interaction.started_at,
            month=month_of(version.scorecard.workspace, self.interaction.started_at),
            channel=self.interaction.channel,
            queue_id=self.interaction.queue_id,
            team_id=self.team_id,
        )


def sample_period(
    *, plan: QualityPlan, period: PeriodRange, seed: int | str = 0
) -> tuple[list[SampledInteraction], int]:
    """Which interactions the period's sample takes (nothing is written), and how many agents fall short.

    Random within each agent's interactions, stratified by channel, too-short interactions and ones
    with nothing to evaluate (no transcript, messages or recording) excluded; extra weight (if the plan
    sets it) is written into the reason.  The same seed and data give the same sample; agents already at
    their quota get nothing.  With the plan's ``prefer_low_aqs`` the candidates the automatic QA scored
    lowest are taken first (reason ``low_aqs``), the unscored ones drawn as before to fill the quota.
    """
    rows = list(_candidates(plan, period))
    ids = [r[0] for r in rows]
    csat = survey_scores_for_interactions(actor=Actor.system(plan.workspace), interaction_ids=ids, metric="csat")
    by_agent: dict[int, list[Candidate]] = defaultdict(list)
    reason_of: dict[int, str] = {}
    aqs = _low_aqs_scores(plan, period)
    for pk, agent_id, channel, attributes in rows:
        weight, reason_of[pk] = _weight(plan, csat.get(pk), attributes)
        by_agent[agent_id].append(Candidate(pk, channel, weight))
    existing = Counter(
        Evaluation.objects.of(plan.workspace)
        .filter(
            kind=Evaluation.Kind.OFFICIAL,
            interaction_at__gte=period.start,
            interaction_at__lt=period.end,
        )
        .values_list("agent_id", flat=True)
    )
    evaluator_of = dict(plan.assignments.values_list("team_id", "evaluator_id"))
    chosen: list[tuple[int, int | None]] = []
    short = 0
    agents = Agent.objects.of(plan.workspace).filter(active=True).values_list("pk", "team_id")
    for agent_id, team_id in agents:
        need = plan.per_agent - existing[agent_id]
        if need <= 0:
            continue
        picked = _draw(by_agent.get(agent_id, []), need, aqs, f"{seed}:{agent_id}")
        short += len(picked) < need
        for c, low in picked:
            if low:
                reason_of[c.id] = "low_aqs"
            chosen.append((c.id, team_id))
    interactions = Interaction.objects.of(plan.workspace).in_bulk([pk for pk, _ in chosen])
    picks = [
        SampledInteraction(interactions[pk], team_id, evaluator_of.get(team_id), reason_of[pk])
        for pk, team_id in chosen
    ]
    return picks, short


@transaction.atomic
def evaluations_sample(*, plan: QualityPlan, period: PeriodRange, seed: int | str = 0) -> SampleReport:
    """Draft evaluations for the period so every agent can reach the quota, in their evaluator's queue."""
    if plan.scorecard is None:
        raise ValidationError(_("Choose the plan's scorecard before sampling."))
    picks, short = sample_period(plan=plan, period=period, seed=seed)
    version = plan.scorecard.current
    created = Evaluation.objects.bulk_create(pick.draft(version) for pick in picks)
    return SampleReport(len(created), short, dict(Counter(e.sampled_reason for e in created)))
