"""The staff a forecast needs: each channel's demand pooled on the plan's grid and sized by its kind."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

from kohtaamo.lib.intervals import bucket_starts, wall_clock
from kohtaamo.lib.queueing import backlog_fte, effective_aht, required_agents

from .inputs import GROUPS, Assumptions, Demand

__all__ = ["BACKLOG_CHANNELS", "CHAT_CHANNELS", "ErlangPool", "channel_pools", "required_by_group"]

# How staffing treats a channel: live chat is Erlang with concurrency; written channels are worked from a
# backlog (email and asynchronous messaging: the customer does not wait on the line); every other channel
# (phone, in person) is answered live by agents on the line, Erlang C or A.
CHAT_CHANNELS = frozenset({"chat"})
BACKLOG_CHANNELS = ("email", "whatsapp", "sms", "social")


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


def channel_pools(
    demands: Sequence[Demand], grid: NDArray[np.int64], tz: ZoneInfo, factor: NDArray[np.float64], minutes: int
) -> tuple[dict[str, list[NDArray[np.float64]]], NDArray[np.bool_]]:
    """Each channel's queues pooled on the plan's grid, channel -> [volume, handle seconds].

    Volumes are scaled by ``factor`` (the scenario's volume factor per interval).  Also returns which
    intervals some forecast covers, so the plan can tell days it could not size.
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
class ErlangPool:
    """One group's share of a live channel, kept to evaluate the service level at the planned heads."""

    group: str
    agents: NDArray[np.float64]
    load: NDArray[np.float64]
    handle: NDArray[np.float64]
    sl_seconds: float
    volume: NDArray[np.float64]


def required_by_group(
    pools: Mapping[str, list[NDArray[np.float64]]],
    grid: NDArray[np.int64],
    tz: ZoneInfo,
    days: NDArray[np.int64],
    a: Assumptions,
) -> tuple[dict[str, NDArray[np.float64]], list[ErlangPool], NDArray[np.float64]]:
    """Agents needed per group before shrinkage, the Erlang pools behind them, and the closed volume.

    Only live channels lose volume outside opening hours; email waits for the next open day.
    """
    open_mask = _open_mask(grid, tz, a.opening_hours)
    size = grid.size
    closed_volume = np.zeros(size)
    required = {g: np.zeros(size) for g in GROUPS}
    evaluated: list[ErlangPool] = []
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
            evaluated.append(ErlangPool(group, agents, load, handle, sl_seconds, part))
    return required, evaluated, closed_volume


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


def _email_agents(
    volume: NDArray[np.float64],
    aht: NDArray[np.float64],
    open_mask: NDArray[np.bool_],
    days: NDArray[np.int64],
    a: Assumptions,
) -> NDArray[np.float64]:
    """Agents during opening hours to work each day's email within the deadline (see the package docstring).

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
