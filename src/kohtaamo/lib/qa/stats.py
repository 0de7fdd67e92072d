"""Statistics for quality reports that the database pre-aggregates: IQS intervals and CX verdicts.

An IQS report over 100,000 evaluations must not pull every score into Python, so groups arrive
as ``(n, Σx, Σx²)`` from one SQL ``GROUP BY``; this module turns them into a mean with a
Student t interval (the same interval ``kohtaamo.lib.cxmetrics`` uses for means), clipped to
the 0–100 score range unless bonus points allow more.
"""

from __future__ import annotations

import math

from kohtaamo.lib.cxmetrics import Difference, Estimate
from kohtaamo.lib.cxmetrics.quantiles import t_quantile
from kohtaamo.lib.verdicts import change_verdict

__all__ = ["IQS_MIN_N", "cx_verdict", "mean_from_sums"]

#: Below this many evaluations a group's IQS is shown greyed out and never ranked.  Lower than
#: the survey minimum (30) because four evaluations a month is the common target: a quarter of an
#: agent's work (12) is already a usable figure, a single month (4) is not.
IQS_MIN_N = 10


def mean_from_sums(
    n: int,
    total: float,
    total_sq: float,
    *,
    min_n: int = IQS_MIN_N,
    bounds: tuple[float, float] | None = (0.0, 100.0),
    confidence: float = 0.95,
) -> Estimate:
    """Mean of ``n`` values from their sum and sum of squares, with a t interval.

    With fewer than two values there is no interval (NaN).  The variance is computed as
    ``(Σx² − (Σx)²/n) / (n − 1)``, floored at 0 against rounding; scores are bounded so the
    cancellation this formula is known for does not matter at this scale.
    """
    if n <= 0:
        return Estimate(math.nan, 0, math.nan, math.nan, True)
    mean = total / n
    too_few = n < max(min_n, 1)
    if n < 2:
        return Estimate(mean, n, math.nan, math.nan, too_few)
    variance = max(0.0, (total_sq - total * total / n) / (n - 1))
    half = t_quantile(0.5 + confidence / 2.0, n - 1) * math.sqrt(variance / n)
    low, high = mean - half, mean + half
    if bounds is not None:
        low, high = max(low, bounds[0]), min(high, bounds[1])
    return Estimate(mean, n, low, high, too_few)


def cx_verdict(difference: Difference) -> str:
    """What a passed-minus-failed CX difference says: too few, helps, hurts, or no clear effect.

    The shared rule of :func:`kohtaamo.lib.verdicts.change_verdict` (the 95 % interval excludes zero and
    p < 0.05), so this page and the feedback dashboard call the same evidence the same thing.
    """
    verdict = change_verdict(
        difference.difference, difference.ci_low, difference.ci_high, difference.p_value, too_few=difference.too_few
    )
    return {"better": "helps", "worse": "hurts", "no_difference": "no_effect"}.get(verdict.key, "no_evidence")
