"""Reads of the journeys app, always scoped to the actor's workspace."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from kohtaamo.lib.journeymath.effort import CesCheck, effort_index, effort_points, validate_against_ces
from kohtaamo.lib.journeymath.pain import PainRanking, rank_pain_points
from kohtaamo.lib.journeymath.paths import PathReport, path_report
from kohtaamo.timeline.models import Case, Interaction
from kohtaamo.workspaces.access import Actor

from .frames import ContactFilter, ContactFrame, all_survey_scores, contact_frame, path_events, survey_scores
from .measure import FollowUp, action_follow_up, follow_up_json
from .models import Action, Insight, JourneyMap, Persona, Stage, StageTouchpoint, Touchpoint
from .personas import persona_customers

DIMENSIONS = ("touchpoint", "channel", "reason", "persona")


def _get(model, actor: Actor, pk: int):
    found = model.objects.filter(workspace=actor.workspace, pk=pk).first()
    if found is None:
        raise Http404
    return found


def persona_get(*, actor: Actor, persona_id: int) -> Persona:
    return _get(Persona, actor, persona_id)


def touchpoint_get(*, actor: Actor, touchpoint_id: int) -> Touchpoint:
    return _get(Touchpoint, actor, touchpoint_id)


def journey_get(*, actor: Actor, journey_id: int) -> JourneyMap:
    return _get(JourneyMap, actor, journey_id)


def insight_get(*, actor: Actor, insight_id: int) -> Insight:
    return _get(Insight, actor, insight_id)


def action_get(*, actor: Actor, action_id: int) -> Action:
    return _get(Action, actor, action_id)


def persona_members(*, actor: Actor, persona: Persona) -> QuerySet:
    if persona.workspace_id != actor.workspace.pk:
        raise Http404
    return persona_customers(actor.workspace, persona.rules, now=timezone.now())


def persona_list(*, actor: Actor) -> list[tuple[Persona, int]]:
    """Every persona with its live number of customers."""
    return [
        (p, persona_members(actor=actor, persona=p).count()) for p in Persona.objects.filter(workspace=actor.workspace)
    ]


def touchpoint_list(*, actor: Actor) -> QuerySet[Touchpoint]:
    return Touchpoint.objects.filter(workspace=actor.workspace).select_related("owner")


def journey_list(*, actor: Actor) -> QuerySet[JourneyMap]:
    return JourneyMap.objects.filter(workspace=actor.workspace).select_related("persona", "owner")


def insight_list(*, actor: Actor) -> QuerySet[Insight]:
    return Insight.objects.filter(workspace=actor.workspace).prefetch_related("journeys", "touchpoints")


def action_list(*, actor: Actor) -> list[Action]:
    """Actions, highest priority first."""
    actions = Action.objects.filter(workspace=actor.workspace).select_related("owner", "journey", "insight")
    return sorted(actions, key=lambda a: (-a.priority, a.title))


@dataclass(frozen=True)
class Grid:
    """The journey map: stages as columns, touchpoints as rows, and the cells that are set."""

    stages: list[Stage]
    touchpoints: list[Touchpoint]
    cells: dict[tuple[int, int], StageTouchpoint]

    def rows(self) -> list[tuple[Touchpoint, list[tuple[Stage, StageTouchpoint | None]]]]:
        return [(t, [(s, self.cells.get((s.pk, t.pk))) for s in self.stages]) for t in self.touchpoints]


def journey_grid(*, actor: Actor, journey: JourneyMap) -> Grid:
    if journey.workspace_id != actor.workspace.pk:
        raise Http404
    stages = list(journey.stages.prefetch_related(Prefetch("cells", StageTouchpoint.objects.all())))
    cells = {(c.stage_id, c.touchpoint_id): c for s in stages for c in s.cells.all()}
    return Grid(stages, list(touchpoint_list(actor=actor)), cells)


def window(actor: Actor, days: int) -> tuple[datetime, datetime]:
    until = timezone.now()
    return until - timedelta(days=days), until


def _frame(actor: Actor, days: int, where: ContactFilter) -> ContactFrame:
    since, until = window(actor, days)
    return contact_frame(actor.workspace, since=since, until=until, where=where)


def analysis_filter(*, actor: Actor, channel: str = "", reason: str = "", persona: Persona | None = None):
    customers = persona_members(actor=actor, persona=persona).values("pk") if persona else None
    return ContactFilter(channel=channel, contact_reasons=(reason,) if reason else (), customer_ids=customers)


def path_analytics(
    *, actor: Actor, days: int = 90, by: str = "case", gap_days: int = 7, where: ContactFilter | None = None,
    collapse_repeats: bool = False,
) -> PathReport:  # fmt: skip
    """Paths per case, or per customer split where they were silent longer than ``gap_days``."""
    since, until = window(actor, days)
    events = path_events(actor.workspace, since=since, until=until, by=by, where=where)
    gap = gap_days * 86400.0 if by == "customer" else None
    return path_report(events, gap_seconds=gap, collapse_repeats=collapse_repeats)


def _members(actor: Actor, frame: ContactFrame, dimension: str) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """(contact, group) pairs and group keys for one pain-point dimension."""
    everyone = np.arange(len(frame))
    if dimension == "channel":
        return everyone, frame.channel, frame.channels
    if dimension == "reason":
        return everyone, frame.reason, frame.reasons
    contacts, groups, keys = [], [], []
    if dimension == "persona":
        for persona in Persona.objects.filter(workspace=actor.workspace):
            ids = np.fromiter(persona_members(actor=actor, persona=persona).values_list("pk", flat=True), np.int64)
            hit = np.flatnonzero(np.isin(frame.customer, ids))
            contacts.append(hit), groups.append(np.full(len(hit), len(keys))), keys.append(str(persona.pk))
    elif dimension == "touchpoint":
        for touchpoint in touchpoint_list(actor=actor).exclude(channel=""):
            hit = frame.channel == _code(frame.channels, touchpoint.channel)
            if touchpoint.contact_reasons:
                hit &= np.isin(frame.reason, [_code(frame.reasons, r) for r in touchpoint.contact_reasons])
            hit = np.flatnonzero(hit)
            contacts.append(hit), groups.append(np.full(len(hit), len(keys))), keys.append(str(touchpoint.pk))
    else:
        raise Http404
    if not keys:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), ()
    return np.concatenate(contacts), np.concatenate(groups), tuple(keys)


def _code(labels: tuple[str, ...], label: str) -> int:
    return labels.index(label) if label in labels else -1


def pain_points(*, actor: Actor, dimension: str, days: int = 90) -> PainRanking:
    """Touchpoints, channels, contact reasons or personas ranked by problem contacts."""
    if dimension not in DIMENSIONS:
        raise Http404
    frame = _frame(actor, days, ContactFilter())
    signals = frame.signals(all_survey_scores(actor, frame))
    contacts, groups, keys = _members(actor, frame, dimension)
    return rank_pain_points(signals, contacts, groups, keys)


def pain_point_examples(*, actor: Actor, dimension: str, key: str, days: int = 90, limit: int = 8) -> list[Case]:
    """Recent cases with a problem contact in the group, each with its contacts in order."""
    frame = _frame(actor, days, ContactFilter())
    signals = frame.signals(all_survey_scores(actor, frame))
    contacts, groups, keys = _members(actor, frame, dimension)
    if key not in keys:
        raise Http404
    mine = contacts[groups == keys.index(key)]
    mine = mine[signals.problem()[mine] & (frame.case[mine] >= 0)]
    latest = mine[np.argsort(-frame.at[mine])]
    case_ids = list(dict.fromkeys(int(c) for c in frame.case[latest]))[:limit]
    cases = Case.objects.filter(workspace=actor.workspace, pk__in=case_ids).select_related("customer")
    contacts_of = Interaction.objects.filter(case_id__in=case_ids).defer("transcript").order_by("started_at", "pk")
    cases = list(cases.prefetch_related(Prefetch("interactions", contacts_of, to_attr="contacts")))
    return sorted(cases, key=lambda c: case_ids.index(c.pk))


@dataclass(frozen=True)
class JourneyEffort:
    report: PathReport
    index: object
    ces: CesCheck


def journey_where(*, actor: Actor, journey: JourneyMap) -> ContactFilter:
    return analysis_filter(actor=actor, persona=journey.persona) if journey.persona else ContactFilter()


def journey_effort(*, actor: Actor, journey: JourneyMap, days: int = 90) -> JourneyEffort:
    """Effort index of the journey's real cases, checked against CES answers in those cases."""
    base = journey_where(actor=actor, journey=journey)
    where = ContactFilter(contact_reasons=tuple(journey.contact_reasons), customer_ids=base.customer_ids)
    frame = _frame(actor, days, where)
    report = path_report(frame.events("case"))
    points = effort_points(report.table)
    ces = survey_scores(actor, frame, "ces")[report.table.order]
    answered = ~np.isnan(ces)
    sums = np.bincount(report.table.journey_of, weights=np.where(answered, ces, 0.0), minlength=len(report.table))
    counts = np.bincount(report.table.journey_of, weights=answered, minlength=len(report.table))
    with np.errstate(invalid="ignore", divide="ignore"):
        journey_ces = np.where(counts > 0, sums / counts, np.nan)
    return JourneyEffort(report, effort_index(points), validate_against_ces(points, journey_ces))


def follow_up(*, actor: Actor, action: Action) -> FollowUp | None:
    if action.workspace_id != actor.workspace.pk:
        raise Http404
    now = timezone.now()
    return action_follow_up(action, today=timezone.localdate(now, actor.workspace.tz), now=now)


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + quarter // 4, 1 if quarter == 4 else 3 * quarter + 1, 1)
    return start, end


def cx_review(*, actor: Actor, year: int, quarter: int) -> list[tuple[Action, dict]]:
    """Every action done in the quarter with its outcome: as judged if evaluated, measured now otherwise."""
    start, end = quarter_bounds(year, quarter)
    actions = Action.objects.filter(workspace=actor.workspace, done_on__gte=start, done_on__lt=end)
    rows = []
    for action in actions.select_related("owner").order_by("done_on", "pk"):
        result = action.evaluation or follow_up_json(follow_up(actor=actor, action=action))
        rows.append((action, result))
    return rows


def roadmap(*, actor: Actor) -> list[tuple[tuple[int, int] | None, list[Action]]]:
    """Actions by the quarter of their target date (undated ones last), highest priority first."""
    columns: dict[tuple[int, int] | None, list[Action]] = {}
    for action in action_list(actor=actor):
        columns.setdefault(quarter_of(action.target_date) if action.target_date else None, []).append(action)
    return sorted(columns.items(), key=lambda item: (item[0] is None, item[0] or (0, 0)))
