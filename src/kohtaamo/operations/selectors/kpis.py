"""Contact-centre KPIs from interactions, per channel, queue, team or agent and per local interval.

Each KPI has exactly one definition (docs/kpis.md). The database does the heavy lifting: one GROUP BY
over UTC quarter-hours (and the chosen dimension) returns additive sums; those roll up exactly to local
15/30/60-minute intervals, days, weeks and months, and every rate is computed from the rolled-up sums,
never by averaging averages.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

import numpy as np
from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
)

from kohtaamo.db.time import quarter_hour
from kohtaamo.lib.intervals import GRAINS, bucket_starts, local_datetime, local_midnight, wall_clock
from kohtaamo.timeline.models import Case as CustomerCase
from kohtaamo.timeline.models import Channel, Interaction
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.models import Agent, Queue, Team

from ..models import OperationsSettings
from .backlog import Backlog, backlog
from .rolled import rolled_sums
from .sums import SUMS, operations_settings, queued_contacts, sums_query

DIMENSIONS = {"total": None, "channel": "channel", "queue": "queue_id", "team": "team_id", "agent": "agent_id"}


@dataclass
class KpiValues:
    """Additive sums for one bucket; the KPIs are ratios of them."""

    sums: dict[str, float] = field(default_factory=lambda: dict.fromkeys(SUMS, 0.0))

    def add(self, other: KpiValues | dict) -> None:
        source = other.sums if isinstance(other, KpiValues) else other
        for key in SUMS:
            self.sums[key] += float(source.get(key) or 0)

    def __getattr__(self, name: str) -> float:
        sums = self.__dict__.get("sums", {})
        if name in sums:
            return sums[name]
        raise AttributeError(name)

    @staticmethod
    def _ratio(top: float, bottom: float) -> float | None:
        return top / bottom if bottom > 0 else None

    @property
    def counted(self) -> float:
        """Offered contacts that count for SL and abandonment: short abandons are left out."""
        return self.sums["offered"] - self.sums["short_abandoned"]

    @property
    def abandonment_rate(self) -> float | None:
        return self._ratio(self.sums["abandons"], self.counted)

    @property
    def service_level(self) -> float | None:
        return self._ratio(self.sums["within_sl"], self.counted)

    @property
    def asa_seconds(self) -> float | None:
        return self._ratio(self.sums["wait_sum"], self.sums["answered"])

    @property
    def aht_seconds(self) -> float | None:
        return self._ratio(self.sums["handle_sum"], self.sums["handled"])

    @property
    def fcr(self) -> float | None:
        return self._ratio(self.sums["first_resolved"], self.sums["first_contacts"])

    def as_dict(self) -> dict:
        return {
            "offered": int(self.sums["offered"]),
            "answered": int(self.sums["answered"]),
            "abandoned": int(self.sums["abandons"]),
            "short_abandoned": int(self.sums["short_abandoned"]),
            "abandonment_rate": self.abandonment_rate,
            "service_level": self.service_level,
            "asa_seconds": self.asa_seconds,
            "aht_seconds": self.aht_seconds,
            "fcr": self.fcr,
            "first_contacts": int(self.sums["first_contacts"]),
        }


@dataclass
class KpiTable:
    grain: str
    by: str
    starts: list[datetime]  # local, aware
    keys: list
    labels: dict
    cells: dict  # (start epoch, key) -> KpiValues
    totals: dict  # key -> KpiValues
    overall: KpiValues
    service_levels: dict  # key -> (target, seconds) when by == "channel"


def _range(actor: Actor, start: date, end: date) -> tuple[datetime, datetime]:
    tz = actor.workspace.tz
    return local_datetime(local_midnight(start, tz), tz), local_datetime(local_midnight(end, tz), tz)


def _scoped(actor: Actor, start: date, end: date, filters: dict) -> QuerySet[Interaction]:
    """The contacts the KPIs count in the local date range, narrowed by ``filters``."""
    since, until = _range(actor, start, end)
    contacts = queued_contacts(actor).filter(started_at__gte=since, started_at__lt=until)
    return contacts.filter(**{k: v for k, v in filters.items() if v not in (None, "")})


def _sums(
    actor: Actor,
    start: date,
    end: date,
    column: str | None,
    filters: dict,
    settings: OperationsSettings,
    *,
    grain: str,
    raw: bool,
) -> list[dict]:
    """The KPI sums per quarter-hour (and ``column``) for ``grain``: from the roll-ups where a slice holds them."""
    daily = grain in ("day", "week", "month")
    rows = None if raw else rolled_sums(actor, *_range(actor, start, end), column, filters, daily=daily)
    if rows is None:
        rows = list(sums_query(actor, _scoped(actor, start, end, filters), settings, *filter(None, [column])))
    return rows


def added_up(groups: list[Hashable], rows: list[dict]) -> dict[Hashable, KpiValues]:
    """The rows' sums added up per group (``groups[i]`` is row i's), with numpy: a year by agent is
    a hundred thousand rows, which one ``KpiValues.add`` per row takes most of a second over."""
    codes: dict[Hashable, int] = {}
    index = np.fromiter((codes.setdefault(g, len(codes)) for g in groups), dtype=np.int64, count=len(groups))
    sums = {
        key: np.bincount(index, np.fromiter((r[key] or 0 for r in rows), float, len(rows)), minlength=len(codes))
        for key in SUMS
    }
    return {group: KpiValues({key: float(sums[key][i]) for key in SUMS}) for group, i in codes.items()}


def _buckets(rows: list[dict], tz: ZoneInfo, grain: str) -> list[int]:
    """Local bucket start (UTC epoch) of each quarter-hour row."""
    slots = np.fromiter((r["slot"] for r in rows), dtype=np.int64, count=len(rows)) * 900
    return [int(b) for b in bucket_starts(slots, tz, grain)]


def _labels(actor: Actor, by: str, keys: list) -> dict:
    model = {"queue": Queue, "team": Team, "agent": Agent}.get(by)
    if by == "channel":
        names = dict(Channel.choices)
        return {k: str(names.get(k, k)) for k in keys}
    if model is None:
        return dict.fromkeys(keys, "")
    names = dict(model.objects.of(actor).filter(pk__in=[k for k in keys if k]).values_list("pk", "name"))
    return {k: names.get(k, "—") for k in keys}


def kpi_table(
    *,
    actor: Actor,
    start: date,
    end: date,
    grain: str = "day",
    by: str = "total",
    channel: str | None = None,
    queue_id: int | None = None,
    team_id: int | None = None,
    agent_id: int | None = None,
    raw: bool = False,
) -> KpiTable:
    """KPIs per local ``grain`` bucket of the local days ``start`` up to (not including) ``end``, split ``by``.

    ``raw`` sums the interactions even where the roll-ups hold the view (the tests compare the two).
    """
    if grain not in GRAINS:
        raise ValueError(f"interval must be one of {', '.join(GRAINS)}")
    if by not in DIMENSIONS:
        raise ValueError(f"split must be one of {', '.join(DIMENSIONS)}")
    settings = operations_settings(actor=actor)
    filters = {"channel": channel, "queue_id": queue_id, "team_id": team_id, "agent_id": agent_id}
    rows = _sums(actor, start, end, DIMENSIONS[by], filters, settings, grain=grain, raw=raw)
    tz = actor.workspace.tz
    buckets = _buckets(rows, tz, grain)
    keys_of_rows = [row.get("key") for row in rows]
    cells = added_up(list(zip(buckets, keys_of_rows, strict=True)), rows)
    totals = added_up(keys_of_rows, rows)
    overall = KpiValues()
    for total in totals.values():
        overall.add(total)
    keys = sorted(totals, key=lambda k: (k is None, str(k)))
    starts = [local_datetime(b, tz) for b in sorted({b for b, _ in cells})]
    service_levels = {k: settings.service_level(k) for k in keys} if by == "channel" else {}
    return KpiTable(grain, by, starts, keys, _labels(actor, by, keys), cells, totals, overall, service_levels)


def kpi_heatmap(
    *,
    actor: Actor,
    start: date,
    end: date,
    channel: str | None = "phone",
    queue_id: int | None = None,
    raw: bool = False,
) -> dict:
    """Service level by local weekday (rows, Monday first) and hour (columns), with the contacts behind each."""
    settings = operations_settings(actor=actor)
    filters = {"channel": channel, "queue_id": queue_id}
    rows = _sums(actor, start, end, None, filters, settings, grain="60min", raw=raw)
    slots = np.fromiter((r["slot"] for r in rows), dtype=np.int64, count=len(rows)) * 900
    weekday, minute = wall_clock(slots, actor.workspace.tz)
    cells = added_up([(int(w), int(m) // 60) for w, m in zip(weekday, minute, strict=True)], rows)
    grid = [[cells.get((w, h)) or KpiValues() for h in range(24)] for w in range(7)]
    return {
        "service_level": [[cell.service_level for cell in line] for line in grid],
        "offered": [[int(cell.offered) for cell in line] for line in grid],
    }


@dataclass
class CaseKpis:
    starts: list[datetime]
    cases: list[int]
    contacts_per_case: list[float | None]
    resolved: list[int]
    resolution_hours: list[float | None]


def case_kpis(*, actor: Actor, start: date, end: date, grain: str = "day") -> CaseKpis:
    """Contacts per case and resolution time of the cases opened in each local bucket."""
    since, until = _range(actor, start, end)
    cases = CustomerCase.objects.of(actor).filter(opened_at__gte=since, opened_at__lt=until)
    duration = ExpressionWrapper(F("resolved_at") - F("opened_at"), output_field=DurationField())
    per_slot = cases.values(slot=quarter_hour("opened_at")).annotate(
        n=Count("pk"),
        resolved=Count("pk", filter=Q(resolved_at__isnull=False)),
        resolution=Sum(duration, filter=Q(resolved_at__isnull=False)),
    )
    contacts = (
        Interaction.objects.of(actor)
        .filter(case__in=cases)
        .values(slot=quarter_hour("case__opened_at"))
        .annotate(n=Count("pk"))
    )
    tz = actor.workspace.tz
    acc: dict = defaultdict(lambda: [0, 0, 0, 0.0])
    case_rows, contact_rows = list(per_slot), list(contacts)
    for row, bucket in zip(case_rows, _buckets(case_rows, tz, grain), strict=True):
        acc[bucket][0] += row["n"]
        acc[bucket][2] += row["resolved"]
        acc[bucket][3] += row["resolution"].total_seconds() if row["resolution"] else 0.0
    for row, bucket in zip(contact_rows, _buckets(contact_rows, tz, grain), strict=True):
        acc[bucket][1] += row["n"]
    order = sorted(acc)
    return CaseKpis(
        starts=[local_datetime(b, tz) for b in order],
        cases=[acc[b][0] for b in order],
        contacts_per_case=[acc[b][1] / acc[b][0] if acc[b][0] else None for b in order],
        resolved=[acc[b][2] for b in order],
        resolution_hours=[acc[b][3] / acc[b][2] / 3600 if acc[b][2] else None for b in order],
    )


@dataclass
class Dashboard:
    table: KpiTable
    heatmap: dict
    cases: CaseKpis
    backlog: Backlog
    heat_channel: str


def kpi_dashboard(
    *, actor: Actor, start: date, end: date, grain: str, by: str, channel: str | None, now: datetime
) -> Dashboard:
    """Everything the KPI dashboard shows for the local days ``start`` up to (not including) ``end``."""
    heat_channel = channel or "phone"
    return Dashboard(
        table=kpi_table(actor=actor, start=start, end=end, grain=grain, by=by, channel=channel),
        heatmap=kpi_heatmap(actor=actor, start=start, end=end, channel=heat_channel),
        # A case lasts days, not minutes: intervals shorter than a day show cases per day.
        cases=case_kpis(actor=actor, start=start, end=end, grain=grain if grain in ("day", "week", "month") else "day"),
        backlog=backlog(actor=actor, start=start, end=end, grain="day", now=now),
        heat_channel=heat_channel,
    )
