"""Reads of journey analytics: real paths, pain points and the effort of a journey's cases."""

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kohtaamo.lib.cxmetrics import Estimate
from kohtaamo.lib.journeymath.effort import CesCheck, effort_index, effort_points, validate_against_ces
from kohtaamo.lib.journeymath.pain import PainPoint, PainRanking, rank_pain_points
from kohtaamo.lib.journeymath.paths import PathReport, path_report
from kohtaamo.timeline.models import Case, Interaction
from kohtaamo.workspaces.access import Actor

from ..frames import ContactFilter, ContactFrame, all_survey_scores, contact_frame, path_events, survey_scores
from ..models import JourneyMap, Persona
from .catalogue import Grid, journey_get, journey_grid, touchpoint_list
from .personas import persona_members

DIMENSIONS = ("touchpoint", "channel", "reason", "persona")


def window(actor: Actor, days: int) -> tuple[datetime, datetime]:
    until = timezone.now()
    return until - timedelta(days=days), until


def _frame(actor: Actor, days: int, where: ContactFilter) -> ContactFrame:
    since, until = window(actor, days)
    return contact_frame(actor.workspace, since=since, until=until, where=where)


def analysis_filter(
    *, actor: Actor, channel: str = "", reason: str = "", persona: Persona | None = None
) -> ContactFilter:
    """Contacts on the channel, of the contact reason and of the persona's customers (each optional)."""
    customers = persona_members(actor=actor, persona=persona).values("pk") if persona else None
    return ContactFilter(channel=channel, contact_reasons=(reason,) if reason else (), customer_ids=customers)


def path_analytics(
    *, actor: Actor, days: int = 90, by: str = "case", gap_days: int = 7, reason: str = "",
    collapse_repeats: bool = False,
) -> PathReport:  # fmt: skip
    """Paths per case, or per customer split where they were silent longer than ``gap_days``."""
    since, until = window(actor, days)
    where = analysis_filter(actor=actor, reason=reason)
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
        for persona in Persona.objects.of(actor):
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
    cases = Case.objects.of(actor).filter(pk__in=case_ids).select_related("customer")
    # Ordered by case first so that SQLite reads the case index rather than the workspace's whole history.
    contacts_of = Interaction.objects.of(actor).filter(case_id__in=case_ids).defer("transcript")
    contacts_of = contacts_of.order_by("case_id", "started_at", "pk")
    cases = list(cases.prefetch_related(Prefetch("interactions", contacts_of, to_attr="contacts")))
    return sorted(cases, key=lambda c: case_ids.index(c.pk))


def pain_point_names(*, actor: Actor, dimension: str) -> dict[str, str]:
    """What the pages call each group of the dimension, by its key (channels are named by the page)."""
    if dimension == "persona":
        return {str(p.pk): p.name for p in Persona.objects.of(actor)}
    if dimension == "touchpoint":
        return {str(t.pk): t.name for t in touchpoint_list(actor=actor)}
    if dimension == "channel":
        return {}
    return {"": _("(no reason)")}


@dataclass(frozen=True)
class PainOverview:
    ranking: PainRanking
    names: dict[str, str]


def pain_overview(*, actor: Actor, dimension: str, days: int = 90) -> PainOverview:
    """The ranking of one dimension with the names of its groups."""
    ranking = pain_points(actor=actor, dimension=dimension, days=days)
    return PainOverview(ranking, pain_point_names(actor=actor, dimension=dimension))


@dataclass(frozen=True)
class PainPointDetail:
    point: PainPoint
    names: dict[str, str]
    cases: list[Case]


def pain_point_detail(*, actor: Actor, dimension: str, key: str, days: int = 90) -> PainPointDetail:
    """One group's figures and its example cases; 404 for a group that is not in the ranking."""
    if dimension not in DIMENSIONS:
        raise Http404
    ranking = pain_points(actor=actor, dimension=dimension, days=days)
    point = next((p for p in (*ranking.ranked, *ranking.too_few) if p.key == key), None)
    if point is None:
        raise Http404
    names = pain_point_names(actor=actor, dimension=dimension)
    cases = pain_point_examples(actor=actor, dimension=dimension, key=key, days=days)
    return PainPointDetail(point, names, cases)


@dataclass(frozen=True)
class JourneyEffort:
    report: PathReport
    index: Estimate
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


@dataclass(frozen=True)
class JourneyOverview:
    journey: JourneyMap
    grid: Grid
    effort: JourneyEffort


def journey_overview(*, actor: Actor, journey_id: int, days: int = 90) -> JourneyOverview:
    """A journey map with its grid and the effort of its real cases."""
    journey = journey_get(actor=actor, journey_id=journey_id)
    grid = journey_grid(actor=actor, journey=journey)
    return JourneyOverview(journey, grid, journey_effort(actor=actor, journey=journey, days=days))
