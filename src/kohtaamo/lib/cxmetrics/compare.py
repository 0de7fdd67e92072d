"""Two-sample differences: this period vs the last one, this team vs that one.

"NPS went from 31 to 27" is only news if the drop is larger than sampling noise, so each
comparison returns the difference together with its interval and a two-sided p-value:

* NPS — z-test on the adjusted-Wald values (Lewis & Sauro's extension of Rocks 2016).
* Proportions — pooled two-proportion z-test for the p-value; Newcombe's hybrid score
  interval (built from the two Wilson intervals) for the CI, so it stays within ±100
  and behaves at 0 % / 100 %. At the margin the test and the CI can disagree slightly.
* Means — Welch's t-test, which does not assume the two groups have equal variances.

Differences are always *a − b*, in the metric's reporting units (points for NPS,
percentage points for proportions, scale units for means). The samples must be
independent: different answers, not overlapping groups.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from .estimates import (
    _SUCCESS_RANGE,
    DEFAULT_MIN_N,
    AnswerData,
    Metric,
    NpsCounts,
    _adjusted_nps,
    _require_scale,
    _to_tally,
    _too_few,
    _z,
    wilson_interval,
)
from .quantiles import normal_two_sided_p, t_quantile, t_two_sided_p
from .scales import ScaleSpec, Tally

__all__ = ["Difference", "compare", "compare_means", "compare_nps_counts", "compare_proportions"]


@dataclass(frozen=True, slots=True)
class Difference:
    """``a − b`` with its confidence interval and two-sided p-value.

    ``statistic`` is the z or t statistic; its sign gives the direction the test saw
    (for NPS it is computed on the adjusted values and can differ from the raw
    difference's sign only when the difference is negligible). ``too_few`` is true if
    either side has fewer than min_n answers.
    """

    difference: float
    ci_low: float
    ci_high: float
    p_value: float
    n1: int
    n2: int
    too_few: bool
    statistic: float = math.nan


def _empty(n1: int, n2: int) -> Difference:
    """No figure without data on both sides; always flagged as too few."""
    return Difference(math.nan, math.nan, math.nan, math.nan, n1, n2, True)


def _two_sided_p(z: float) -> float:
    return normal_two_sided_p(z)


def compare_nps_counts(
    a: NpsCounts, b: NpsCounts, *, min_n: int = DEFAULT_MIN_N, confidence: float = 0.95
) -> Difference:
    """NPS a − b in points with the adjusted-Wald z-test.

    se = sqrt(var_a / n̂_a + var_b / n̂_b) with each side's adjusted variance; the CI is
    centred on the adjusted difference and clipped to [−200, 200].
    """
    z_crit = _z(confidence)
    if a.n == 0 or b.n == 0:
        return _empty(a.n, b.n)
    adj_a, var_a, nh_a = _adjusted_nps(a)
    adj_b, var_b, nh_b = _adjusted_nps(b)
    adj_diff = adj_a - adj_b
    se = math.sqrt(var_a / nh_a + var_b / nh_b)  # > 0: the adjustment keeps both variances positive
    z = adj_diff / se
    raw = 100.0 * ((a.promoters - a.detractors) / a.n - (b.promoters - b.detractors) / b.n)
    return Difference(
        raw,
        max(-200.0, 100.0 * (adj_diff - z_crit * se)),
        min(200.0, 100.0 * (adj_diff + z_crit * se)),
        _two_sided_p(z),
        a.n,
        b.n,
        _too_few(a.n, min_n) or _too_few(b.n, min_n),
        z,
    )


def compare_proportions(
    successes1: int,
    n1: int,
    successes2: int,
    n2: int,
    *,
    min_n: int = DEFAULT_MIN_N,
    confidence: float = 0.95,
) -> Difference:
    """Percentage-point difference p1 − p2: pooled z-test, Newcombe hybrid-score CI."""
    if n1 == 0 or n2 == 0:
        _z(confidence)
        return _empty(n1, n2)
    l1, u1 = wilson_interval(successes1, n1, confidence)
    l2, u2 = wilson_interval(successes2, n2, confidence)
    p1, p2 = successes1 / n1, successes2 / n2
    d = p1 - p2
    low = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    pooled = (successes1 + successes2) / (n1 + n2)
    se = math.sqrt(pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2))
    # se == 0 only when both sides are all-0 % or all-100 %: identical, nothing to test.
    z = d / se if se > 0 else 0.0
    return Difference(
        100.0 * d,
        100.0 * max(-1.0, low),
        100.0 * min(1.0, high),
        _two_sided_p(z),
        n1,
        n2,
        _too_few(n1, min_n) or _too_few(n2, min_n),
        z,
    )


def _compare_moments(
    n1: int,
    mean1: float,
    var1: float,
    n2: int,
    mean2: float,
    var2: float,
    *,
    min_n: int,
    confidence: float,
) -> Difference:
    """Welch t-test and interval from summary statistics."""
    _z(confidence)
    if n1 < 2 or n2 < 2:
        return _empty(n1, n2)
    few = _too_few(n1, min_n) or _too_few(n2, min_n)
    d = mean1 - mean2
    a, b = var1 / n1, var2 / n2
    se = math.sqrt(a + b)
    if se == 0.0:
        # Both groups answered uniformly; the difference is exact (or nil).
        stat = 0.0 if d == 0 else math.copysign(math.inf, d)
        return Difference(d, d, d, 1.0 if d == 0 else 0.0, n1, n2, few, stat)
    df = (a + b) ** 2 / (a * a / (n1 - 1) + b * b / (n2 - 1))
    t_stat = d / se
    t_crit = t_quantile(0.5 + confidence / 2.0, df)
    p = t_two_sided_p(t_stat, df)
    return Difference(d, d - t_crit * se, d + t_crit * se, p, n1, n2, few, t_stat)


def compare_means(
    a: Iterable[float],
    b: Iterable[float],
    *,
    min_n: int = DEFAULT_MIN_N,
    confidence: float = 0.95,
) -> Difference:
    """Welch t comparison of two sets of numbers (for scale answers prefer :func:`compare`)."""
    xa = np.asarray(list(a), dtype=float)
    xb = np.asarray(list(b), dtype=float)
    if np.isnan(xa).any() or np.isnan(xb).any():
        raise ValueError("values contain missing values (None/NaN); drop them first")

    def moments(x: np.ndarray) -> tuple[int, float, float]:
        n = int(x.size)
        return n, float(x.mean()) if n else math.nan, float(x.var(ddof=1)) if n > 1 else math.nan

    n1, m1, v1 = moments(xa)
    n2, m2, v2 = moments(xb)
    return _compare_moments(n1, m1, v1, n2, m2, v2, min_n=min_n, confidence=confidence)


def _compare_tallies(metric: Metric, a: Tally, b: Tally, *, min_n: int, confidence: float) -> Difference:
    _require_scale(a, metric.scale, metric.value)
    _require_scale(b, metric.scale, metric.value)
    if metric is Metric.NPS:
        return compare_nps_counts(NpsCounts.from_tally(a), NpsCounts.from_tally(b), min_n=min_n, confidence=confidence)
    if metric.kind == "proportion":
        lo, hi = _SUCCESS_RANGE[metric]
        return compare_proportions(
            a.count_between(lo, hi), a.n, b.count_between(lo, hi), b.n, min_n=min_n, confidence=confidence
        )
    return _compare_moments(
        a.n, a.mean(), a.variance(), b.n, b.mean(), b.variance(), min_n=min_n, confidence=confidence
    )


def compare(
    metric: Metric | str,
    a: AnswerData,
    b: AnswerData,
    *,
    scale: ScaleSpec | None = None,
    min_n: int = DEFAULT_MIN_N,
    confidence: float = 0.95,
) -> Difference:
    """Metric(a) − Metric(b) for two independent samples (e.g. this month − last month).

    ``a`` and ``b`` are tallies or raw answers; ``scale`` applies to raw answers and
    defaults to the metric's scale. For per-answer scales build each side with
    :meth:`Tally.from_values` first — mixing scales raises ValueError.
    """
    metric = Metric(metric)
    ta = _to_tally(a, scale, metric.scale)
    tb = _to_tally(b, scale, metric.scale)
    return _compare_tallies(metric, ta, tb, min_n=min_n, confidence=confidence)
