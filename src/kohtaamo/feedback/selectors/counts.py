"""Answer counts per scale point, read from the daily roll-ups wherever they hold the same figures.

``ScoreRollup`` rows count the scored answers per day, scale, score and every fact the dashboard filters
and groups by, so any period, equality filter and grouping of ``feedback.filters`` sums roll-up rows
instead of counting answers: a view of one fact (or none) reads that fact's slice, a few rows per day;
a view combining facts reads the full rows. A view not grouped by time reads the whole months of its
period from the monthly rows and only the days at its ends from the daily ones. Only a customer segment
(an attribute of the customer, not of the answer) is not in them; such a request counts the answers
themselves. Both paths return the same rows.
"""

from collections import Counter
from datetime import date, timedelta

from django.db.models import Aggregate, Count, F, QuerySet, Sum

from kohtaamo.workspaces.access import Actor, Role
from kohtaamo.workspaces.models import Agent

from ..filters import MetricFilters
from ..models import MONTHLY, ROLLUP_SLICES, ScoreRollup
from .answers import answers_for

GROUP_COLUMNS = {
    "channel": F("channel"),
    "queue": F("queue_id"),
    "team": F("team_id"),
    "agent": F("agent_id"),
    "contact_reason": F("contact_reason"),
    "language": F("language"),
    "day": F("answered_on"),
    "week": F("answered_week"),
    "month": F("answered_month"),
}
# Groupings by time read the daily rows; any other reads whole months from the MONTHLY rows.
TIME_GROUPS = ("day", "week", "month")
# Roll-ups store "no queue/team/agent" as 0 (see ScoreRollup); answers as None.
ID_GROUPS = ("queue", "team", "agent")


def rollups_for(actor: Actor) -> QuerySet[ScoreRollup]:
    """The roll-up rows of the answers the actor may see (an agent: their own contacts', as ``answers_for``)."""
    rows = ScoreRollup.objects.of(actor)
    if actor.role == Role.AGENT:
        rows = rows.filter(agent_id__in=Agent.objects.of(actor).filter(user=actor.user).values("pk"))
    return rows


def _slice(actor: Actor, filters: MetricFilters, group_by: str | None) -> str:
    """The smallest slice holding every fact the view filters or groups by ("" for the full rows)."""
    facts = set(filters.equals)
    if group_by in ROLLUP_SLICES:
        facts.add(group_by)
    if actor.role == Role.AGENT:
        facts.add("agent")  # rollups_for narrows by agent
    if not facts:
        return "total"
    return facts.pop() if len(facts) == 1 else ""


def score_counts(
    *, actor: Actor, filters: MetricFilters, scales: list[str], group_by: str | None = None, raw: bool = False
) -> list[tuple[str, object, int, int]]:
    """(scale, group key or None, score, number of answers) for the filtered answers on ``scales``.

    In one order whichever rows were read (scale, score, group; no group last), so groups that tie
    further on (same figures, same name) come out the same from the roll-ups and from the answers.
    ``raw`` counts the answers even when the roll-ups could answer (the tests compare the two).
    """
    return sorted(_counts(actor, filters, scales, group_by, raw), key=_in_order)


def _in_order(row: tuple[str, object, int, int]) -> tuple:
    scale, group, value, _ = row
    return (scale, value, group is None, group if group is not None else 0)


def _counts(
    actor: Actor, filters: MetricFilters, scales: list[str], group_by: str | None, raw: bool
) -> list[tuple[str, object, int, int]]:
    if raw or filters.segment:
        answers = answers_for(actor).filter(filters.q(), scale__in=scales, value__isnull=False)
        # COUNT(*): the id is not in the covering index (see metrics.tallies)
        return _grouped(answers, Count("*"), group_by)
    rows = rollups_for(actor).filter(filters.facts_q(), scale__in=scales)
    name = _slice(actor, filters, group_by)
    months = None if group_by in TIME_GROUPS else whole_months(filters.start, filters.end)
    if months is None:
        return _grouped(
            rows.filter(slice=name, answered_on__range=(filters.start, filters.end)), Sum("count"), group_by
        )
    first, after = months
    parts = [
        rows.filter(slice=name + MONTHLY, answered_on__gte=first, answered_on__lt=after),
        rows.filter(slice=name, answered_on__gte=filters.start, answered_on__lt=first),
        rows.filter(slice=name, answered_on__gte=after, answered_on__lte=filters.end),
    ]
    total: Counter = Counter()
    for part in parts:
        for scale, group, value, n in _grouped(part, Sum("count"), group_by):
            total[(scale, group, value)] += n
    return [(scale, group, value, n) for (scale, group, value), n in total.items()]


def whole_months(start: date, end: date) -> tuple[date, date] | None:
    """The first day of the first whole month in ``start``..``end`` and of the month after the last, or None."""
    first = start if start.day == 1 else (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    after = (end + timedelta(days=1)).replace(day=1)
    return (first, after) if first < after else None


def _grouped(rows: QuerySet, count: Aggregate, group_by: str | None) -> list[tuple[str, object, int, int]]:
    fields = ["scale", "value"]
    if group_by:
        rows = rows.annotate(group=GROUP_COLUMNS[group_by])
        fields.append("group")
    result = []
    for row in rows.values(*fields).annotate(n=count).order_by():
        group = row.get("group")
        if group_by in ID_GROUPS and group == 0:
            group = None
        result.append((row["scale"], group, row["value"], row["n"]))
    return result
