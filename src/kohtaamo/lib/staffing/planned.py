"""The heads the rota gives per interval, and the service level those heads would deliver."""

from collections.abc import Mapping, Sequence
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

from kohtaamo.lib.intervals import local_days, wall_clock
from kohtaamo.lib.queueing import erlang_a_metrics, erlang_c_metrics

from .inputs import GROUPS, Assumptions, Shift
from .required import ErlangPool

__all__ = ["expected_service", "planned_heads"]


def planned_heads(
    grid: NDArray[np.int64], tz: ZoneInfo, shifts: Sequence[Shift], minutes: int
) -> tuple[dict[str, NDArray[np.int64]], dict[str, NDArray[np.int64]]]:
    """Heads on shift per interval, per group and per team; a shift covers the intervals it spans whole."""
    weekday, minute = wall_clock(grid, tz)
    days = local_days(grid, tz)
    groups = {g: np.zeros(grid.size, dtype=np.int64) for g in GROUPS}
    teams: dict[str, NDArray[np.int64]] = {}
    for shift in shifts:
        opens = shift.start.hour * 60 + shift.start.minute
        closes = shift.end.hour * 60 + shift.end.minute
        mask = np.isin(weekday, shift.weekdays) & (minute >= opens) & (minute + minutes <= closes)
        mask &= shift.valid_on(days)
        heads = np.where(mask, shift.heads, 0)
        groups["partner" if shift.partner else "in_house"] += heads
        teams[shift.team] = teams.get(shift.team, np.zeros(grid.size, dtype=np.int64)) + heads
    return groups, teams


def expected_service(
    evaluated: Sequence[ErlangPool],
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
