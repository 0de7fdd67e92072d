"""Reads of the improvement loop's outcomes: an action's metric in a window, its before/after follow-up,
the roadmap and the quarter's CX review."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
from django.utils import timezone

from kohtaamo.lib.cxmetrics import NpsCounts
from kohtaamo.lib.journeymath.followup import Sample, follow_up
from kohtaamo.workspaces.access import Actor

from ..follow_up import YEAR_DAYS, FollowUp, day_start, follow_up_json, windows
from ..frames import ContactFilter, contact_frame, survey_scores
from ..models import Action, Persona
from ..quarters import quarter_bounds, quarter_of
from ..targets import METRICS
from .catalogue import action_get, action_list
from .personas import persona_customers


def contact_filter(*, actor: Actor, data: dict, now: datetime) -> ContactFilter:
    """The stored filter of an action or insight as a ContactFilter (unknown persona ids match nobody)."""
    customers = None
    if data.get("persona"):
        persona = Persona.objects.of(actor).filter(pk=data["persona"]).first()
        rules = persona.rules if persona else [{"field": "language", "op": "in", "value": []}]
        customers = persona_customers(actor=actor, rules=rules, now=now).values("pk")
    reasons = data.get("contact_reason") or ()
    return ContactFilter(
        channel=data.get("channel") or "",
        contact_reasons=tuple(reasons) if isinstance(reasons, list) else (reasons,) if reasons else (),
        customer_ids=customers,
    )


def metric_sample(*, actor: Actor, metric: str, where: ContactFilter, start: date, end: date) -> Sample:
    """The metric's data over the days [start, end)."""
    spec = METRICS[metric]
    workspace = actor.workspace
    frame = contact_frame(workspace, since=day_start(workspace, start), until=day_start(workspace, end), where=where)
    if spec.survey:
        scores = survey_scores(actor, frame, metric)
        answered = scores[~np.isnan(scores)]
        if metric == "csat":
            return Sample.proportion(int((answered >= 4).sum()), len(answered))
        if metric == "nps":
            promoters, detractors = int((answered >= 9).sum()), int((answered <= 6).sum())
            return Sample.net_promoter(NpsCounts(promoters, len(answered) - promoters - detractors, detractors))
        return Sample.mean(answered.tolist())
    if metric == "wait_seconds":
        return Sample.mean(frame.wait[~np.isnan(frame.wait)].tolist())
    flags = {
        "repeat_rate": frame.repeat,
        "resolution_rate": frame.resolved,
        "escalation_rate": frame.escalated,
        "abandon_rate": frame.abandoned,
        "long_wait_rate": frame.long_wait(),
    }[metric]
    return Sample.proportion(int(flags.sum()), len(frame))


def action_follow_up(*, actor: Actor, action: Action, now: datetime | None = None) -> FollowUp | None:
    """Compare the action's metric in equal windows before and after it was done (None: not done yet)."""
    if action.done_on is None:
        return None
    now = now or timezone.now()
    before, after = windows(action.done_on)
    if after[1] > timezone.localdate(now, actor.workspace.tz):
        return FollowUp(before, after, None, after[1])
    where = contact_filter(actor=actor, data=action.metric_filter, now=now)
    spec = METRICS[action.metric]

    def sample(start: date, end: date) -> Sample:
        return metric_sample(actor=actor, metric=action.metric, where=where, start=start, end=end)

    samples = [sample(*window) for window in (before, after)]
    year = timedelta(days=YEAR_DAYS)
    last_year = tuple(sample(s - year, e - year) for s, e in (before, after))
    verdict = follow_up(
        before=samples[0],
        after=samples[1],
        higher_is_better=spec.higher_is_better,
        target=action.target_value,
        year_before=last_year if all(s.n for s in last_year) else None,
    )
    return FollowUp(before, after, verdict, None)


def action_result(*, actor: Actor, action: Action) -> dict | None:
    """The action's outcome: as judged if evaluated, measured now otherwise (None: not done yet)."""
    if action.evaluation:
        return action.evaluation
    live = action_follow_up(actor=actor, action=action)
    return follow_up_json(live) if live else None


@dataclass(frozen=True)
class ActionDetail:
    action: Action
    result: dict | None


def action_detail(*, actor: Actor, action_id: int) -> ActionDetail:
    action = action_get(actor=actor, action_id=action_id)
    return ActionDetail(action, action_result(actor=actor, action=action))


def cx_review(*, actor: Actor, year: int, quarter: int) -> list[tuple[Action, dict]]:
    """Every action done in the quarter with its outcome: as judged if evaluated, measured now otherwise."""
    start, end = quarter_bounds(year, quarter)
    actions = Action.objects.of(actor).filter(done_on__gte=start, done_on__lt=end).select_related("owner")
    return [(a, action_result(actor=actor, action=a)) for a in actions.order_by("done_on", "pk")]


def roadmap(*, actor: Actor) -> list[tuple[tuple[int, int] | None, list[Action]]]:
    """Actions by the quarter of their target date (undated ones last), highest priority first."""
    columns: dict[tuple[int, int] | None, list[Action]] = {}
    for action in action_list(actor=actor):
        columns.setdefault(quarter_of(action.target_date) if action.target_date else None, []).append(action)
    return sorted(columns.items(), key=lambda item: (item[0] is None, item[0] or (0, 0)))
