"""AQS (automatic quality score) beside IQS in the reports: the same groups, never one number with it.

AQS is the mean of ``AutoReview.aqs`` over the interactions of a group that the automatic QA could
check, in the report's period. It is a different measurement from IQS (machine checks on every
transcript, not a person's judgement on a sample), so it is computed and shown apart: it never enters
an IQS mean, a ranking or an interval of IQS. Like IQS it is aggregated in SQL as ``(n, Σx, Σx²)``
and turned into a mean with a 95 % t interval by ``kohtaamo.lib.qa.stats``.
"""

from dataclasses import replace

from django.db.models import Count, DateField, F, QuerySet, Sum
from django.db.models.functions import TruncMonth

from kohtaamo.lib.cxmetrics import Estimate
from kohtaamo.lib.qa.stats import IQS_MIN_N, mean_from_sums
from kohtaamo.workspaces.access import Actor, Role

from ..models import AutoReview
from .reports import IqsRow, ReportFilter
from .scope import teams_overseen

# The interaction fields an automatic review is grouped by; a form version has no AQS (no scorecard).
_GROUP = {"agent": "agent_id", "team": "agent__team_id", "queue": "interaction__queue_id",
          "channel": "interaction__channel"}  # fmt: skip
SUMS = {"n": Count("pk"), "s": Sum("aqs"), "ss": Sum(F("aqs") * F("aqs"))}


def reviews_visible(actor: Actor) -> QuerySet[AutoReview]:
    """Scored automatic reviews of the agents whose quality the actor oversees (an agent: their own)."""
    reviews = AutoReview.objects.of(actor).filter(applicable=True, aqs__isnull=False)
    if actor.role == Role.AGENT:
        return reviews.filter(agent__user=actor.user)
    teams = teams_overseen(actor)
    return reviews if teams is None else reviews.filter(agent__team__in=teams)


def _filtered(actor: Actor, filters: ReportFilter | None) -> QuerySet[AutoReview]:
    # The scorecard filter does not apply: the automatic checks belong to no scorecard.
    reviews = reviews_visible(actor)
    filters = filters or ReportFilter()
    if filters.start is not None:
        reviews = reviews.filter(interaction_at__gte=filters.start)
    if filters.end is not None:
        reviews = reviews.filter(interaction_at__lt=filters.end)
    if filters.team is not None:
        reviews = reviews.filter(agent__team=filters.team)
    return reviews


def _estimate(row: dict) -> Estimate:
    return mean_from_sums(row["n"] or 0, row["s"] or 0.0, row["ss"] or 0.0, min_n=IQS_MIN_N, bounds=(0.0, 100.0))


def aqs_overall(*, actor: Actor, filters: ReportFilter | None = None) -> Estimate:
    """One AQS over every automatically checked interaction the filter covers."""
    return _estimate(_filtered(actor, filters).aggregate(**SUMS))


def aqs_by_group(*, actor: Actor, by: str, filters: ReportFilter | None = None) -> dict[object, Estimate]:
    """AQS per group key (the same keys as ``reports.iqs_report``); groups without any AQS are absent."""
    if by == "month":
        group = TruncMonth("interaction_at", output_field=DateField(), tzinfo=actor.workspace.tz)
    elif by in _GROUP:
        group = F(_GROUP[by])
    else:
        return {}
    rows = _filtered(actor, filters).annotate(group=group).values("group").annotate(**SUMS).order_by()
    return {row["group"]: _estimate(row) for row in rows}


def with_aqs(*, actor: Actor, by: str, filters: ReportFilter, rows: list[IqsRow]) -> list[IqsRow]:
    """The IQS rows, order untouched, each carrying its group's AQS (None: no automatic score in it)."""
    found = aqs_by_group(actor=actor, by=by, filters=filters)
    return [replace(row, aqs=found.get(row.key)) for row in rows]
