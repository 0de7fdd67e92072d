"""What the CX dashboard shows, as plain data: headline figures, trends, breakdowns and key drivers.

The page and its CSV exports are shaped from the same reports (``kohtaamo.feedback.presenters``), so they
never disagree.
"""

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext_lazy as _

from kohtaamo.lib.cxmetrics import Difference, KeyDrivers, key_drivers
from kohtaamo.timeline.models import Channel, channel_label
from kohtaamo.workspaces.access import Actor, Role
from kohtaamo.workspaces.models import Agent, Queue, Team

from ..filters import MetricFilters
from ..models import Answer, Response
from .answers import answers_for
from .metrics import HEADLINE, MetricReport, metric_report, period_changes, response_count, trend_reports

METRICS = ("nps", "csat", "ces")
DEFAULT_BREAKDOWNS = ("channel", "team", "agent", "contact_reason")
# Key drivers use the latest responses of the period; enough for stable weights, quick to fit.
DRIVER_SAMPLE = 5000
RESOLVED_SCORE = {"yes": 1.0, "partly": 0.5, "no": 0.0}


@dataclass
class Dashboard:
    figures: dict[str, MetricReport]
    changes: dict[str, Difference]
    trends: dict[str, MetricReport]
    breakdown_metric: str
    breakdowns: dict[str, MetricReport]
    responses: int


def dashboard_data(
    *,
    actor: Actor,
    filters: MetricFilters,
    breakdown_metric: str = "nps",
    breakdowns: Sequence[str] = DEFAULT_BREAKDOWNS,
) -> Dashboard:
    """The headline figures of the period, weekly trends of each metric, and breakdowns of one metric."""
    trends = trend_reports(actor=actor, filters=filters, period="week")
    return Dashboard(
        # The period's figure is the weekly tallies added up: one query per metric, not two.
        figures=trends,
        changes=period_changes(actor=actor, filters=filters, current=trends),
        trends=trends,
        breakdown_metric=breakdown_metric,
        breakdowns={
            b: metric_report(actor=actor, metric=breakdown_metric, filters=filters, group_by=b) for b in breakdowns
        },
        responses=response_count(actor=actor, filters=filters),
    )


@dataclass
class DriverReport:
    metric: str
    result: KeyDrivers | None
    error: str


def key_driver_report(*, actor: Actor, filters: MetricFilters, metric: str = "nps") -> DriverReport:
    """Which other answers and contact facts move the metric's score most (Shapley / relative weights).

    Rows are the period's latest responses with an answer on the metric's scale; a driver missing on a
    row drops the row (complete cases), and the report says how many were dropped.
    """
    scale = HEADLINE[metric].scale.key
    outcome_rows = (
        answers_for(actor)
        .filter(filters.q(), scale=scale, value__isnull=False)
        .order_by("-answered_at")
        .values_list("response_id", "value")[:DRIVER_SAMPLE]
    )
    outcome = dict(outcome_rows)
    if len(outcome) < 3:
        return DriverReport(metric, None, str(_("Too few answers to look for drivers.")))
    columns = _driver_columns(actor, list(outcome), exclude_scale=scale)
    ids = list(outcome)
    drivers = {name: [values.get(i, math.nan) for i in ids] for name, values in columns.items()}
    drivers = {name: values for name, values in drivers.items() if not np.all(np.isnan(values))}
    if not drivers:
        return DriverReport(metric, None, str(_("No other answers or contact facts to compare with.")))
    try:
        result = key_drivers(drivers, [outcome[i] for i in ids])
    except ValueError as error:
        return DriverReport(metric, None, str(error))
    return DriverReport(metric, result, "")


def _driver_columns(actor: Actor, response_ids: list[int], *, exclude_scale: str) -> dict[str, dict[int, float]]:
    """Driver name → {response id: value}: the other scored answers, resolution, and interaction facts."""
    columns: dict[str, dict[int, float]] = {}
    names = {"csat_1_5": str(_("CSAT")), "ces_1_7": str(_("CES")), "nps_0_10": str(_("NPS"))}
    resolved = str(_("Issue resolved"))
    answers = (
        Answer.objects.of(actor)
        .filter(response_id__in=response_ids)
        .values_list("response_id", "scale", "value", "choice")
    )
    for response_id, scale, value, choice in answers.iterator(chunk_size=5000):
        if scale in names and scale != exclude_scale and value is not None:
            columns.setdefault(names[scale], {})[response_id] = float(value)
        elif choice in RESOLVED_SCORE:
            columns.setdefault(resolved, {})[response_id] = RESOLVED_SCORE[choice]
    facts = (
        Response.objects.of(actor)
        .filter(pk__in=response_ids, interaction__isnull=False)
        .values_list("pk", "interaction__wait_seconds", "interaction__is_repeat", "interaction__outcome", "channel")
    )
    wait, repeat, transferred = str(_("Wait time (minutes)")), str(_("Repeat contact")), str(_("Transferred"))
    channels = {}
    for pk, wait_seconds, is_repeat, outcome, channel in facts.iterator(chunk_size=5000):
        if wait_seconds is not None:
            columns.setdefault(wait, {})[pk] = wait_seconds / 60.0
        columns.setdefault(repeat, {})[pk] = 1.0 if is_repeat else 0.0
        columns.setdefault(transferred, {})[pk] = 1.0 if outcome == "transferred" else 0.0
        channels[pk] = channel
    # One indicator per channel except the most common, the baseline the others are compared with
    # (all of them together would add up to 1 and leave the regression without a unique solution).
    counts = Counter(channels.values())
    for channel in sorted(set(counts) - {""} - {max(counts, key=counts.get, default="")}):
        columns[str(_("Channel: %(channel)s") % {"channel": channel_label(channel)})] = {
            pk: 1.0 if value == channel else 0.0 for pk, value in channels.items()
        }
    return columns


def filter_choices(*, actor: Actor) -> dict:
    """The options of the dashboard's filters: channels, teams, queues and (not for an agent) agents."""
    return {
        "channels": Channel.choices,
        "teams": Team.objects.of(actor).values_list("pk", "name"),
        "queues": Queue.objects.of(actor).values_list("pk", "name"),
        "agents": Agent.objects.of(actor).values_list("pk", "name") if actor.role != Role.AGENT else [],
    }
