"""Answer counts per scale point, read from the daily roll-ups wherever they hold the same figures.

``ScoreRollup`` rows count the scored answers per day, scale, score and every fact the dashboard filters
and groups by, so any period, equality filter and grouping of ``feedback.filters`` sums roll-up rows
instead of counting answers: a view of one fact (or none) reads that fact's slice, a few rows per day;
a view combining facts reads the full rows. Only a customer segment (an attribute of the customer, not of the answer)
is not in them; such a request counts the answers themselves. Both paths return the same rows.
"""

from django.db.models import Count, F, QuerySet, Sum

from kohtaamo.workspaces.access import Actor, Role
from kohtaamo.workspaces.models import Agent

from ..filters import MetricFilters
from ..models import ROLLUP_SLICES, ScoreRollup
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

    ``raw`` counts the answers even when the roll-ups could answer (the tests compare the two).
    """
    if raw or filters.segment:
        rows = answers_for(actor).filter(filters.q(), scale__in=scales, value__isnull=False)
        count = Count("*")  # COUNT(*): the id is not in the covering index (see metrics.tallies)
    else:
        rows = rollups_for(actor).filter(filters.q(), slice=_slice(actor, filters, group_by), scale__in=scales)
        count = Sum("count")
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
