"""Customer effort read from behaviour: how hard the journey was, before anyone answers a CES survey.

Every journey earns effort points: one per contact after the first (the customer had to come back),
one per channel switch (they had to start over elsewhere), one per day between first and last
contact (capped, so one forgotten case does not dominate), and two more if it ended unresolved. The
index of a set of journeys is the mean, with a t interval.

The weights are a judgement, so the index is checked against what customers say: where journeys have
CES answers (1–7, higher = easier), a clear negative rank correlation shows the index measures effort
as customers feel it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

from kohtaamo.lib.cxmetrics import DEFAULT_MIN_N, Estimate, mean_estimate

from .paths import JourneyTable

__all__ = [
    "EXTRA_CONTACT",
    "MAX_DAYS",
    "SWITCH",
    "UNRESOLVED",
    "CesCheck",
    "effort_index",
    "effort_points",
    "validate_against_ces",
]

EXTRA_CONTACT = 1.0
SWITCH = 1.0
PER_DAY = 1.0
MAX_DAYS = 7.0
UNRESOLVED = 2.0


def effort_points(table: JourneyTable) -> np.ndarray:
    """Effort points of every journey (same order as the table's journeys)."""
    days = np.minimum(table.elapsed / 86400.0, MAX_DAYS)
    return (
        EXTRA_CONTACT * (table.length - 1)
        + SWITCH * table.switches
        + PER_DAY * days
        + UNRESOLVED * (~table.resolved.astype(bool))
    )


def effort_index(points: np.ndarray, *, min_n: int = DEFAULT_MIN_N) -> Estimate:
    """Mean effort points with a t interval (never below 0)."""
    return mean_estimate(np.asarray(points, dtype=float).tolist(), min_n=min_n, bounds=(0.0, math.inf))


@dataclass(frozen=True)
class CesCheck:
    """Spearman's rank correlation between effort points and CES answers, with a 95 % interval.

    ``agrees`` is True when more effort goes with significantly lower CES (rho < 0, p < 0.05), False
    when it does not, and None when there are too few answered journeys to tell.
    """

    rho: float
    ci_low: float
    ci_high: float
    p_value: float
    n: int
    agrees: bool | None


def validate_against_ces(points: np.ndarray, ces: np.ndarray, *, min_n: int = DEFAULT_MIN_N) -> CesCheck:
    """Compare effort points with the CES answers of the same journeys (NaN = no answer)."""
    points, ces = np.asarray(points, dtype=float), np.asarray(ces, dtype=float)
    answered = ~np.isnan(ces)
    x, y = points[answered], ces[answered]
    n = int(answered.sum())
    if n < 4 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return CesCheck(math.nan, math.nan, math.nan, math.nan, n, None)
    rho, p = stats.spearmanr(x, y)
    rho, p = float(rho), float(p)
    # Fisher z with the Bonett–Wright standard error for Spearman's rho.
    se = math.sqrt((1 + rho * rho / 2) / (n - 3))
    z = math.atanh(max(min(rho, 0.999999), -0.999999))
    low, high = math.tanh(z - 1.959964 * se), math.tanh(z + 1.959964 * se)
    agrees = None if n < min_n else bool(rho < 0 and p < 0.05)
    return CesCheck(rho, low, high, p, n, agrees)
