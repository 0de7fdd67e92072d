"""Required versus planned staff per interval: forecasts in, Erlang and backlog maths, the gap out.

Plain data in and out (no queries), so the same computation serves the pages, the API, the CLI and the
tests. The maths is ``kohtaamo.lib.queueing``; this module only decides what goes into it:

* every channel's queues form one pool of agents (skills-based routing lets the same agents answer the
  channel's queues): volumes add, handle times are volume-weighted;
* voice (phone, in person): Erlang C, or Erlang A with the plan's customer patience, for the plan's
  service-level goal and occupancy cap;
* live chat: the same on an effective AHT for the plan's concurrency;
* email and asynchronous messaging (WhatsApp, SMS, social): each day's inflow is worked within the
  deadline (a moving average of the inflow over the deadline's business days), spread evenly over
  that day's opening hours;
* shrinkage turns agents into scheduled heads; the partner share splits the volume between in-house
  teams and the outsourcing partner, each compared with its own planned heads.

Expected service level at the planned staff shares each group's available agents (heads after
shrinkage) between its queues in proportion to their requirement, evaluates each queue with its share
(fractional agents: the Erlang formulas are continuous in n) and weights by volume.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

from kohtaamo.lib.intervals import bucket_starts, grain_starts, local_datetime, local_days, wall_clock
from kohtaamo.lib.queueing import (
    backlog_fte,
    effective_aht,
    erlang_a_metrics,
    erlang_c_metrics,
    required_agents,
    scheduled_agents,
    total_shrinkage,
)

# How staffing treats a channel: live chat is Erlang with concurrency; written channels are worked from a
# backlog (email and asynchronous messaging: the customer does not wait on the line); every other channel
# (phone, in person) is answered live by agents on the line, Erlang C or A.
CHAT_CHANNELS = frozenset({"chat"})
BACKLOG_CHANNELS = ("email", "whatsapp", "sms", "social")

GROUPS = ("in_house", "partner")
_EPOCH_DAY = date(1970, 1, 1)


@dataclass(frozen=True)
class Demand:
    """One queue-channel forecast: volume and AHT on its own interval grid."""

    queue_id: int
    channel: str
    starts: NDArray[np.int64]
    interval_minutes: int
    volume: NDArray[np.float64]
    aht_seconds: NDArray[np.float64]


@dataclass(frozen=True)
class Shift:
    team: str
    partner: bool
    weekdays: tuple[int, ...]
    start: time
    end: time
    heads: int
    valid_from: date | None = None
    valid_to: date | None = None


@dataclass(frozen=True)
class Assumptions:
    start: date
    end: date  # inclusive
    interval_minutes: int = 30
    sl_target: float = 0.8
    sl_seconds: float = 20.0
    max_occupancy: float = 0.85
    patience_seconds: float | None = None
    chat_concurrency: int = 2
    chat_sl_seconds: float = 60.0
    email_deadline_days: float = 1.0
    shrinkage: Mapping[str, float] = field(default_factory=dict)
    opening_hours: Mapping[str, Sequence[str]] = field(default_factory=dict)
    volume_factor: float = 1.0
    volume_from: date | None = None
    volume_to: date | None = None
    aht_factor: float = 1.0
    partner_share: float = 0.0


@dataclass
class PlanResult:
    starts: NDArray[np.int64]
    interval_minutes: int
    volume: NDArray[np.float64]
    closed_volume: NDArray[np.float64]  # forecast contacts outside opening hours (not served)
    required: dict[str, NDArray[np.float64]]  # agents before shrinkage, per group
    scheduled: dict[str, NDArray[np.int64]]  # heads after shrinkage, per group
    planned: dict[str, NDArray[np.int64]]
    planned_by_team: dict[str, NDArray[np.int64]]
    expected_sl: NDArray[np.float64]  # NaN where nothing is offered
    expected_abandonment: NDArray[np.float64] | None
    shrinkage: float
    uncovered_days: int

    @property
    def required_total(self) -> NDArray[np.int64]:
        return self.scheduled["in_house"] + self.scheduled["partner"]

    @property
    def planned_total(self) -> NDArray[np.int64]:
        return self.planned["in_house"] + self.planned["partner"]

    @property
    def gap(self) -> NDArray[np.int64]:
        """Planned minus required heads: negative is understaffed."""
        return self.planned_total - self.required_total

    def summary(self) -> dict[str, Any]:
        hours = self.interval_minutes / 60
        gap = self.gap
        served = self.volume - self.closed_volume
        weights = np.where(np.isfinite(self.expected_sl), served, 0.0)
        summary = {
            "intervals": int(self.starts.size),
            "volume": float(self.volume.sum()),
            "closed_volume": float(self.closed_volume.sum()),
            "required_hours": float(self.required_total.sum() * hours),
            "planned_hours": float(self.planned_total.sum() * hours),
            "understaffed_intervals": int((gap < 0).sum()),
            "understaffed_hours": float(-gap[gap < 0].sum() * hours),
            "overstaffed_hours": float(gap[gap > 0].sum() * hours),
            "expected_sl": float(np.nansum(self.expected_sl * weights) / weights.sum()) if weights.sum() else None,
            "peak_required": int(self.required_total.max()) if self.starts.size else 0,
            "uncovered_days": self.uncovered_days,
        }
        if self.expected_abandonment is not None:
            ab = np.nansum(self.expected_abandonment * weights)
            summary["expected_abandonment"] = float(ab / weights.sum()) if weights.sum() else None
        return summary

    def rows(self, tz: ZoneInfo) -> list[dict[str, Any]]:
        """One JSON-ready dict per interval (the API and ``kohtaamo plan`` write these)."""
        ab = self.expected_abandonment
        required, planned, gap = self.required_total, self.planned_total, self.gap
        return [
            {
                "start": local_datetime(start, tz).isoformat(),
                "volume": round(float(self.volume[i]), 3),
                "agents": round(float(self.required["in_house"][i] + self.required["partner"][i]), 3),
                "required_in_house": int(self.scheduled["in_house"][i]),
                "required_partner": int(self.scheduled["partner"][i]),
                "required": int(required[i]),
                "planned_in_house": int(self.planned["in_house"][i]),
                "planned_partner": int(self.planned["partner"][i]),
                "planned": int(planned[i]),
                "gap": int(gap[i]),
                "expected_sl": finite(round(float(self.expected_sl[i]), 4)),
                "expected_abandonment": None if ab is None else finite(round(float(ab[i]), 4)),
            }
            for i, start in enumerate(self.starts)
        ]


def finite[T](value: T) -> T | None:
    """JSON has no infinity or NaN: an unstable queue's ASA of ``inf`` is reported as null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _on_grid(
    demand: Demand, grid: NDArray[np.int64], tz: ZoneInfo, minutes: int
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.bool_]]:
    """Volume and volume-weighted AHT of ``demand`` on the plan's grid (coarser: summed; finer: split)."""
    volume = np.zeros(grid.size)
    handle = np.zeros(grid.size)
    if demand.interval_minutes <= minutes:
        target = bucket_starts(demand.starts, tz, f"{minutes}min")
        pos = np.searchsorted(grid, target)
        ok = (pos < grid.size) & (grid[np.minimum(pos, grid.size - 1)] == target)
        np.add.at(volume, pos[ok], demand.volume[ok])
        np.add.at(handle, pos[ok], (demand.volume * demand.aht_seconds)[ok])
    else:
        parent = bucket_starts(grid, tz, f"{demand.interval_minutes}min")
        pos = np.searchsorted(demand.starts, parent)
        ok = (pos < demand.starts.size) & (demand.starts[np.minimum(pos, demand.starts.size - 1)] == parent)
        split = demand.interval_minutes // minutes
        volume[ok] = demand.volume[pos[ok]] / split
        handle[ok] = volume[ok] * demand.aht_seconds[pos[ok]]
    covered = np.zeros(grid.size, dtype=bool)
    first, last = demand.starts.min(initial=0), demand.starts.max(initial=-1)
    covered[(grid >= first) & (grid <= last)] = True
    with np.errstate(invalid="ignore", divide="ignore"):
        aht = np.where(volume > 0, handle / volume, np.nanmean(demand.aht_seconds) if demand.aht_seconds.size else 0)
    return volume, aht, covered


def _open_mask(grid: NDArray[np.int64], tz: ZoneInfo, hours: Mapping[str, Sequence[str]]) -> NDArray[np.bool_]:
    weekday, minute = wall_clock(grid, tz)
    mask = np.zeros(grid.size, dtype=bool)
    for day in range(7):
        span = hours.get(str(day))
        if not span:
            continue
        opens, closes = (int(t[:2]) * 60 + int(t[3:5]) for t in span)
        mask |= (weekday == day) & (minute >= opens) & (minute < closes)
    return mask


def _day_factor(days: NDArray[np.int64], a: Assumptions) -> NDArray[np.float64]:
    first = (a.volume_from - _EPOCH_DAY).days if a.volume_from else -(10**9)
    last = (a.volume_to - _EPOCH_DAY).days if a.volume_to else 10**9
    return np.where((days >= first) & (days <= last), a.volume_factor, 1.0)


def _email_agents(
    volume: NDArray[np.float64],
    aht: NDArray[np.float64],
    open_mask: NDArray[np.bool_],
    days: NDArray[np.int64],
    a: Assumptions,
) -> NDArray[np.float64]:
    """Agents during opening hours to work each day's email within the deadline (see module docstring).

    An open day's batch is its own inflow plus that of the closed days just before it (the weekend's
    email waits for Monday). With a deadline of ``D`` business days, each open day works ``1/D`` of the
    last ``D`` batches, which is the even spread that meets the deadline.
    """
    unique_days, index = np.unique(days, return_inverse=True)
    inflow = np.bincount(index, volume, minlength=unique_days.size)
    work = np.bincount(index, volume * aht, minlength=unique_days.size)
    open_hours = np.bincount(index, open_mask.astype(float), minlength=unique_days.size) * a.interval_minutes / 60
    span = max(1, int(np.ceil(a.email_deadline_days)))
    agents_by_day = np.zeros(unique_days.size)
    batches: list[tuple[float, float]] = []
    since = 0
    for k in np.flatnonzero(open_hours > 0).tolist():
        batches.append((float(inflow[since : k + 1].sum()), float(work[since : k + 1].sum())))
        since = k + 1
        recent = batches[-span:]
        daily_inflow = sum(b[0] for b in recent) / len(recent)
        daily_work = sum(b[1] for b in recent) / len(recent)
        if daily_inflow > 0:
            agents_by_day[k] = backlog_fte(0.0, 1.0, daily_inflow, daily_work / daily_inflow, open_hours[k])
    return np.where(open_mask, agents_by_day[index], 0.0)


def _pool_agents(
    kind: str, volume: NDArray[np.float64], aht: NDArray[np.float64], a: Assumptions
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], float]:
    """Agents needed per interval for one channel's pooled volume, with the load and handle time used."""
    handle = np.maximum(aht * a.aht_factor, 1e-9)
    sl_seconds = a.sl_seconds
    if kind == "chat":
        handle = handle * effective_aht(1.0, a.chat_concurrency)
        sl_seconds = a.chat_sl_seconds
    load = volume / (a.interval_minutes * 60.0) * handle
    agents = required_agents(
        load,
        handle,
        sl=a.sl_target,
        sl_seconds=sl_seconds,
        max_occupancy=a.max_occupancy,
        patience_seconds=a.patience_seconds,
    )
    return np.asarray(agents, dtype=np.float64), load, handle, sl_seconds


def _kind(channel: str) -> str:
    if channel in BACKLOG_CHANNELS:
        return "email"
    return "chat" if channel in CHAT_CHANNELS else "voice"


def _planned(
    grid: NDArray[np.int64], tz: ZoneInfo, shifts: Sequence[Shift], minutes: int
) -> tuple[dict[str, NDArray[np.int64]], dict[str, NDArray[np.int64]]]:
    weekday, minute = wall_clock(grid, tz)
    days = local_days(grid, tz)
    groups = {g: np.zeros(grid.size, dtype=np.int64) for g in GROUPS}
    teams: dict[str, NDArray[np.int64]] = {}
    for shift in shifts:
        opens = shift.start.hour * 60 + shift.start.minute
        closes = shift.end.hour * 60 + shift.end.minute
        mask = np.isin(weekday, shift.weekdays) & (minute >= opens) & (minute + minutes <= closes)
        if shift.valid_from:
            mask &= days >= (shift.valid_from - _EPOCH_DAY).days
        if shift.valid_to:
            mask &= days <= (shift.valid_to - _EPOCH_DAY).days
        heads = np.where(mask, shift.heads, 0)
        groups["partner" if shift.partner else "in_house"] += heads
        teams[shift.team] = teams.get(shift.team, np.zeros(grid.size, dtype=np.int64)) + heads
    return groups, teams


def plan_staffing(
    *, demands: Sequence[Demand], shifts: Sequence[Shift], assumptions: Assumptions, tz: ZoneInfo
) -> PlanResult:
    """Required and planned heads, the gap and the expected service level per interval of the plan."""
    a = assumptions
    minutes = a.interval_minutes
    grid = grain_starts(a.start, a.end + timedelta(days=1), tz, f"{minutes}min")
    days = local_days(grid, tz)
    open_mask = _open_mask(grid, tz, a.opening_hours)
    shrink = total_shrinkage(dict(a.shrinkage))
    pools, covered_any = _channel_pools(demands, grid, tz, minutes, _day_factor(days, a))
    total_volume = sum((p[0] for p in pools.values()), np.zeros(grid.size))
    required, evaluated, closed_volume = _required(pools, open_mask, days, a)
    scheduled = {
        g: np.array([scheduled_agents(float(v), shrink) for v in np.ceil(required[g] - 1e-9)], dtype=np.int64)
        for g in GROUPS
    }
    planned, teams = _planned(grid, tz, shifts, minutes)
    expected_sl, expected_ab = _expected(evaluated, required, planned, shrink, a, grid.size)
    uncovered = int(np.unique(days[~covered_any]).size) if demands else int(np.unique(days).size)
    return PlanResult(
        starts=grid,
        interval_minutes=minutes,
        volume=total_volume,
        closed_volume=closed_volume,
        required=required,
        scheduled=scheduled,
        planned=planned,
        planned_by_team=teams,
        expected_sl=expected_sl,
        expected_abandonment=expected_ab,
        shrinkage=shrink,
        uncovered_days=uncovered,
    )


def _channel_pools(
    demands: Sequence[Demand], grid: NDArray[np.int64], tz: ZoneInfo, minutes: int, factor: NDArray[np.float64]
) -> tuple[dict[str, list[NDArray[np.float64]]], NDArray[np.bool_]]:
    """Each channel's queues pooled on the plan's grid, channel -> [volume, handle seconds].

    Also returns which intervals some forecast covers, so the plan can tell days it could not size.
    """
    covered_any = np.zeros(grid.size, dtype=bool)
    pools: dict[str, list[NDArray[np.float64]]] = {}
    for demand in demands:
        volume, aht, covered = _on_grid(demand, grid, tz, minutes)
        covered_any |= covered
        pool = pools.setdefault(demand.channel, [np.zeros(grid.size), np.zeros(grid.size)])
        pool[0] += volume * factor
        pool[1] += volume * factor * aht
    return pools, covered_any


@dataclass(frozen=True)
class _ErlangPool:
    """One group's share of a live channel, kept to evaluate the service level at the planned heads."""

    group: str
    agents: NDArray[np.float64]
    load: NDArray[np.float64]
    handle: NDArray[np.float64]
    sl_seconds: float
    volume: NDArray[np.float64]


def _required(
    pools: dict[str, list[NDArray[np.float64]]],
    open_mask: NDArray[np.bool_],
    days: NDArray[np.int64],
    a: Assumptions,
) -> tuple[dict[str, NDArray[np.float64]], list[_ErlangPool], NDArray[np.float64]]:
    """Agents needed per group before shrinkage, the Erlang pools behind them, and the closed volume.

    Only live channels lose volume outside opening hours; email waits for the next open day.
    """
    size = open_mask.size
    closed_volume = np.zeros(size)
    required = {g: np.zeros(size) for g in GROUPS}
    evaluated: list[_ErlangPool] = []
    shares = {"in_house": 1.0 - a.partner_share, "partner": a.partner_share}
    for channel, (volume, work) in sorted(pools.items()):
        with np.errstate(invalid="ignore", divide="ignore"):
            mean_aht = work.sum() / volume.sum() if volume.sum() > 0 else 1.0
            aht = np.where(volume > 0, work / volume, mean_aht)
        kind = _kind(channel)
        if kind != "email":
            closed_volume += np.where(open_mask, 0.0, volume)
            volume = np.where(open_mask, volume, 0.0)
        for group, share in shares.items():
            if share <= 0:
                continue
            part = volume * share
            if kind == "email":
                required[group] += _email_agents(part, aht * a.aht_factor, open_mask, days, a)
                continue
            agents, load, handle, sl_seconds = _pool_agents(kind, part, aht, a)
            required[group] += agents
            evaluated.append(_ErlangPool(group, agents, load, handle, sl_seconds, part))
    return required, evaluated, closed_volume


def _expected(
    evaluated: Sequence[_ErlangPool],
    required: Mapping[str, NDArray[np.float64]],
    planned: Mapping[str, NDArray[np.int64]],
    shrink: float,
    a: Assumptions,
    size: int,
) -> tuple[NDArray[np.float64], NDArray[np.float64] | None]:
    """Volume-weighted SL (and abandonment) at the planned heads, shared pro rata to requirement."""
    sl_sum = np.zeros(size)
    ab_sum = np.zeros(size)
    weight = np.zeros(size)
    for pool in evaluated:
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.where(required[pool.group] > 0, pool.agents / required[pool.group], 0.0)
        available = planned[pool.group] * (1.0 - shrink) * share
        if a.patience_seconds:
            m = erlang_a_metrics(available, pool.load, pool.handle, a.patience_seconds, pool.sl_seconds, with_asa=False)
            ab_sum += np.asarray(m.abandonment) * pool.volume
        else:
            m = erlang_c_metrics(available, pool.load, pool.handle, pool.sl_seconds)
        sl_sum += np.asarray(m.service_level) * pool.volume
        weight += pool.volume
    with np.errstate(invalid="ignore", divide="ignore"):
        sl = np.where(weight > 0, sl_sum / weight, np.nan)
        ab = np.where(weight > 0, ab_sum / weight, np.nan) if a.patience_seconds else None
    return sl, ab
