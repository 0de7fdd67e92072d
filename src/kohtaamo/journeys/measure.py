"""Measuring a target metric in a window, and the before/after follow-up of an action.

Windows are whole weeks (so each holds every weekday once per week) in the workspace's time zone. The
comparison a year earlier uses 364 days, which keeps weekdays aligned.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import numpy as np

from kohtaamo.lib.cxmetrics import NpsCounts
from kohtaamo.lib.journeymath.followup import Outcome, Sample, Verdict, follow_up
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.models import Workspace

from .frames import ContactFilter, contact_frame, survey_scores
from .metrics import METRICS
from .models import Action, Persona
from .personas import persona_customers

WINDOW_DAYS = 28
YEAR_DAYS = 364


def day_start(workspace: Workspace, day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=workspace.tz)


def contact_filter(workspace: Workspace, data: dict, *, now: datetime) -> ContactFilter:
    """The stored filter of an action or insight as a ContactFilter (unknown persona ids match nobody)."""
    customers = None
    if data.get("persona"):
        persona = Persona.objects.filter(workspace=workspace, pk=data["persona"]).first()
        rules = persona.rules if persona else [{"field": "language", "op": "in", "value": []}]
        customers = persona_customers(workspace, rules, now=now).values("pk")
    reasons = data.get("contact_reason") or ()
    return ContactFilter(
        channel=data.get("channel") or "",
        contact_reasons=tuple(reasons) if isinstance(reasons, list) else (reasons,) if reasons else (),
        customer_ids=customers,
    )


def metric_sample(workspace: Workspace, metric: str, where: ContactFilter, start: date, end: date) -> Sample:
    """The metric's data over the days [start, end)."""
    spec = METRICS[metric]
    frame = contact_frame(workspace, since=day_start(workspace, start), until=day_start(workspace, end), where=where)
    if spec.survey:
        scores = survey_scores(Actor.system(workspace), frame, metric)
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


@dataclass(frozen=True)
class FollowUp:
    """The verdict of an action, or why there is none yet; the windows compared."""

    before: tuple[date, date]
    after: tuple[date, date]
    verdict: Verdict | None
    measurable_on: date | None  # the after-window is still open until this day

    @property
    def outcome(self) -> str:
        return self.verdict.outcome if self.verdict else Outcome.NOT_MEASURABLE

    @property
    def reason(self) -> str:
        return self.verdict.reason if self.verdict else "window_open"


def action_follow_up(action: Action, *, today: date, now: datetime) -> FollowUp | None:
    """Compare the action's metric in equal windows before and after it was done (None: not done yet)."""
    if action.done_on is None:
        return None
    workspace = action.workspace
    done = action.done_on
    before = (done - timedelta(days=WINDOW_DAYS), done)
    after = (done, done + timedelta(days=WINDOW_DAYS))
    if after[1] > today:
        return FollowUp(before, after, None, after[1])
    where = contact_filter(workspace, action.metric_filter, now=now)
    spec = METRICS[action.metric]
    samples = [metric_sample(workspace, action.metric, where, *window) for window in (before, after)]
    year = timedelta(days=YEAR_DAYS)
    last_year = tuple(metric_sample(workspace, action.metric, where, s - year, e - year) for s, e in (before, after))
    verdict = follow_up(
        before=samples[0],
        after=samples[1],
        higher_is_better=spec.higher_is_better,
        target=action.target_value,
        year_before=last_year if all(s.n for s in last_year) else None,
    )
    return FollowUp(before, after, verdict, None)


def follow_up_json(result: FollowUp) -> dict:
    """What is kept on the action when it is evaluated, so the CX review shows it as it was judged."""
    data = {
        "outcome": str(result.outcome),
        "reason": str(result.reason),
        "before": [d.isoformat() for d in result.before],
        "after": [d.isoformat() for d in result.after],
    }
    v = result.verdict
    if v is not None:
        data.update(
            before_value=_number(v.before.value), before_n=v.before.n, after_value=_number(v.after.value),
            after_n=v.after.n, difference=_number(v.difference), ci_low=_number(v.ci_low),
            ci_high=_number(v.ci_high), p_value=_number(v.p_value), seasonal_change=_number(v.seasonal_change),
        )  # fmt: skip
    return data


def _number(value: float | None) -> float | None:
    return None if value is None or value != value else round(float(value), 4)
