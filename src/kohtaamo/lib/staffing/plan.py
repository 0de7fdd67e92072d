"""A staffing plan put together: required and planned heads, the gap and the expected service level."""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

from kohtaamo.lib.intervals import grain_starts, local_datetime, local_days
from kohtaamo.lib.queueing import scheduled_agents, total_shrinkage

from .inputs import GROUPS, Assumptions, Demand, Shift
from .planned import expected_service, planned_heads
from .required import channel_pools, required_by_group

__all__ = ["PlanResult", "finite", "plan_staffing"]


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


def plan_staffing(
    *, demands: Sequence[Demand], shifts: Sequence[Shift], assumptions: Assumptions, tz: ZoneInfo
) -> PlanResult:
    """Required and planned heads, the gap and the expected service level per interval of the plan."""
    a = assumptions
    minutes = a.interval_minutes
    grid = grain_starts(a.start, a.end + timedelta(days=1), tz, f"{minutes}min")
    days = local_days(grid, tz)
    shrink = total_shrinkage(dict(a.shrinkage))
    pools, covered_any = channel_pools(demands, grid, tz, a.volume_factors(days), minutes)
    total_volume = sum((p[0] for p in pools.values()), np.zeros(grid.size))
    required, evaluated, closed_volume = required_by_group(pools, grid, tz, days, a)
    scheduled = {
        g: np.array([scheduled_agents(float(v), shrink) for v in np.ceil(required[g] - 1e-9)], dtype=np.int64)
        for g in GROUPS
    }
    planned, teams = planned_heads(grid, tz, shifts, minutes)
    expected_sl, expected_ab = expected_service(evaluated, required, planned, shrink, a, grid.size)
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
