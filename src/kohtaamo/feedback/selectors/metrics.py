"""NPS, CSAT and CES over stored answers: grouped counts in the database, statistics in cxmetrics.

The database only ever returns counts per (group, scale point), summed from the daily roll-ups
(``counts.score_counts``); every figure, interval, comparison and
"too few answers" verdict comes from :mod:`kohtaamo.lib.cxmetrics`, so the API, the dashboard and the
exports cannot disagree. Agents see only answers about their own contacts (``answers.answers_for``).
"""

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from kohtaamo.lib.cxmetrics import Difference, Estimate, Flag, Metric, Tally, compare, compare_groups, estimate
from kohtaamo.timeline.models import channel_label
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.labels import key_label
from kohtaamo.workspaces.models import Agent, Queue, Team

from ..filters import MetricFilters
from .answers import answers_for, responses_for
from .counts import score_counts

# The API's metric names, their headline figure and the one scale it is computed on.
HEADLINE = {"nps": Metric.NPS, "csat": Metric.CSAT_PERCENT, "ces": Metric.CES_MEAN}
SECONDARY = {"csat": Metric.CSAT_MEAN, "ces": Metric.CES_PERCENT_EASY}
NAMED = {"queue": Queue, "team": Team, "agent": Agent}
PERIOD_GROUPS = ("day", "week", "month")


def tallies(*, actor: Actor, metric: str, filters: MetricFilters, group_by: str | None = None) -> dict:
    """Group key → Tally of the metric's scale (key None when not grouped), from the roll-ups where they serve.

    Counting answers uses COUNT(*), not COUNT(id): the id is not in the covering index, and PostgreSQL
    would leave the index-only scan to fetch it from the table.
    """
    scale = HEADLINE[metric].scale
    counts: dict = defaultdict(dict)
    for _scale, group, value, n in score_counts(actor=actor, filters=filters, scales=[scale.key], group_by=group_by):
        counts[group][value] = n
    return {group: Tally.from_counts(values, scale) for group, values in counts.items()}


@dataclass(frozen=True)
class GroupRow:
    key: object
    label: str
    estimate: Estimate
    secondary: Estimate | None = None
    flag: str = ""
    p_adjusted: float = math.nan
    difference: float = math.nan


@dataclass(frozen=True)
class MetricReport:
    metric: str
    scale: str
    total: Tally
    overall: Estimate
    secondary: Estimate | None
    group_by: str | None
    groups: list[GroupRow]


def metric_report(*, actor: Actor, metric: str, filters: MetricFilters, group_by: str | None = None) -> MetricReport:
    """The metric overall and per group, each with n and a 95 % CI.

    Groups of people and places (channel, team, agent, …) are each compared with the rest, with
    Benjamini–Hochberg across the groups; groups below the minimum n are flagged and never ranked.
    Periods (day/week/month) are a trend, so they are listed in time order without comparisons.
    """
    if group_by is None:
        overall = tallies(actor=actor, metric=metric, filters=filters).get(None, Tally.empty(HEADLINE[metric].scale))
        return _report(actor, metric, {}, None, total=overall)
    return _report(actor, metric, tallies(actor=actor, metric=metric, filters=filters, group_by=group_by), group_by)


def trend_reports(*, actor: Actor, filters: MetricFilters, period: str = "week") -> dict[str, MetricReport]:
    """Every metric per period in one pass over the answers (the dashboard's trends and headline figures)."""
    metric_of = {HEADLINE[m].scale.key: m for m in HEADLINE}
    counts: dict = {m: defaultdict(dict) for m in HEADLINE}
    for scale, group, value, n in score_counts(actor=actor, filters=filters, scales=list(metric_of), group_by=period):
        counts[metric_of[scale]][group][value] = n
    return {
        metric: _report(
            actor,
            metric,
            {group: Tally.from_counts(values, HEADLINE[metric].scale) for group, values in grouped.items()},
            period,
        )
        for metric, grouped in counts.items()
    }


def _report(actor: Actor, metric: str, grouped: dict, group_by: str | None, total: Tally | None = None) -> MetricReport:
    headline = HEADLINE[metric]
    if total is None:
        total = sum(grouped.values(), Tally.empty(headline.scale))
    labels = _labels(actor, group_by, grouped.keys())
    rows: list[GroupRow] = []
    if group_by in PERIOD_GROUPS:
        rows = [_row(metric, key, labels[key], tally) for key, tally in sorted(grouped.items())]
    elif grouped:
        rows = [
            GroupRow(
                c.group,
                labels[c.group],
                c.estimate,
                _secondary(metric, grouped[c.group]),
                flag=c.flag,
                p_adjusted=c.p_adjusted,
                difference=c.difference.difference,
            )
            for c in compare_groups(headline, grouped).groups
        ]
        rows.sort(key=_rank_key)
    return MetricReport(
        metric=metric,
        scale=headline.scale.key,
        total=total,
        overall=estimate(headline, total),
        secondary=_secondary(metric, total),
        group_by=group_by,
        groups=rows,
    )


def _secondary(metric: str, tally: Tally) -> Estimate | None:
    return estimate(SECONDARY[metric], tally) if metric in SECONDARY else None


def _row(metric: str, key: object, label: str, tally: Tally) -> GroupRow:
    return GroupRow(key, label, estimate(HEADLINE[metric], tally), _secondary(metric, tally))


def _rank_key(row: GroupRow) -> tuple[int, float, str]:
    """Enough answers first, best first; groups with too few answers after them in name order, never by value."""
    if row.flag == Flag.TOO_FEW or row.estimate.too_few:
        return (1, 0.0, row.label.casefold())
    return (0, -row.estimate.value, row.label.casefold())


def _labels(actor: Actor, group_by: str | None, keys: Iterable[object]) -> dict:
    keys = list(keys)
    if group_by in NAMED:
        names = dict(
            NAMED[group_by]
            .objects.of(actor)
            .filter(pk__in=[k for k in keys if k is not None])
            .values_list("pk", "name")
        )
        return {k: names.get(k, "–") if k is not None else "–" for k in keys}
    if group_by in PERIOD_GROUPS:
        return {k: k.isoformat() if k is not None else "–" for k in keys}
    if group_by == "channel":  # the channel's name in the reader's language, not its key
        return {k: channel_label(str(k)) if k else "–" for k in keys}
    if group_by == "contact_reason":  # the workspace's own name for its reason ("laskutus" → "Billing")
        return {k: key_label(actor.workspace, "reason", str(k)) if k else "–" for k in keys}
    return {k: str(k) if k else "–" for k in keys}


def period_changes(*, actor: Actor, filters: MetricFilters, current: dict[str, MetricReport]) -> dict[str, Difference]:
    """Each metric now minus the period of the same length just before, with its CI and p-value."""
    previous = trend_reports(actor=actor, filters=filters.previous(), period="month")
    return {m: compare(HEADLINE[m], current[m].total, previous[m].total) for m in current}


def response_count(*, actor: Actor, filters: MetricFilters) -> int:
    """Responses answered in the period (their own table and index: cheaper than distinct answers)."""
    start, end = filters.moments(actor.workspace.tz)
    responses = responses_for(actor).filter(answered_at__gte=start, answered_at__lt=end)
    if filters.equals or filters.segment:
        # Filters name answer columns; the answers of the period carry the same facts as their response.
        responses = responses.filter(pk__in=answers_for(actor).filter(filters.q()).values("response_id"))
    return responses.count()
