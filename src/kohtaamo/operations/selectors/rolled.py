"""The KPI sums read from the roll-ups (``operations.kpi_rollups``) instead of the interactions.

The rows are the ones ``sums.sums_query`` returns for the same view (quarter-hour, key, sums), so the KPI
table and heatmap do not know which they read (a daily slice's "quarter-hour" is the local midnight of
its day). A view narrowed or split by more than one of queue, team and agent is in no
slice, nor is one of them by intervals shorter than a day; those read the interactions (None here), as
does any view while another process is still recounting the roll-ups.
"""

from datetime import datetime

from django.db.models import F, Sum

from kohtaamo.workspaces.access import Actor

from ..kpi_rollups import DIMENSION_SLICES, KpiRollup
from ..services.kpi_rollups import kpi_rollups_current
from .sums import SUMS

SLICE_OF = {column: name for name, column in DIMENSION_SLICES.items()}


def rolled_sums(
    actor: Actor, since: datetime, until: datetime, by_column: str | None, filters: dict, *, daily: bool
) -> list[dict] | None:
    """Sums per UTC quarter-hour (and ``by_column`` as ``key``) of the contacts from ``since`` to ``until``.

    ``daily``: the view adds them up to local days, weeks or months, which the queue, team and agent
    slices (counted per local day) can serve; shorter intervals of those read the interactions.
    """
    narrowed = {name: value for name, value in filters.items() if value not in (None, "")}
    facts = {name for name in narrowed if name != "channel"} | ({by_column} - {None, "channel"})
    if len(facts) > 1 or (facts and not daily):
        return None
    column = next(iter(facts), None)
    if not kpi_rollups_current(workspace=actor.workspace):
        return None
    name = SLICE_OF[column] if column else ("day" if daily else "channel")
    rows = KpiRollup.objects.of(actor).filter(
        slice=name, slot__gte=int(since.timestamp()) // 900, slot__lt=int(until.timestamp()) // 900
    )
    if "channel" in narrowed:
        rows = rows.filter(channel=narrowed["channel"])
    if column in narrowed:
        rows = rows.filter(dimension=narrowed[column])
    group = {"key": F("channel") if by_column == "channel" else F("dimension")} if by_column else {}
    result = list(rows.values("slot", **group).annotate(**{name: Sum(name) for name in SUMS}).order_by())
    if by_column and by_column != "channel":
        for row in result:
            row["key"] = row["key"] or None  # 0 is "no queue, team or agent" in the roll-ups
    return result
