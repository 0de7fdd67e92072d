"""Many groups at once: agents, teams, queues.

Comparing 40 agents with the rest at p < 0.05 will "find" two outliers by chance alone,
and league tables of small samples mostly rank luck. So this module

* adjusts p-values with Benjamini–Hochberg (false discovery rate) across the family,
* flags each group as significantly above / below, no evidence, or too few answers,
* gives funnel-plot control limits, the standard display for "is this unit unusual
  given how many answers it has?" (Spiegelhalter 2005), and
* ranks only groups with enough answers, keeping the rest visibly apart.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Literal

import numpy as np
from scipy import stats

from .compare import Difference, _compare_tallies
from .estimates import (
    _SUCCESS_RANGE,
    DEFAULT_MIN_N,
    AnswerData,
    Estimate,
    Metric,
    NpsCounts,
    _estimate_tally,
    _require_scale,
    _to_tally,
)
from .scales import ScaleSpec, Tally

__all__ = [
    "Flag",
    "FunnelLimits",
    "GroupComparison",
    "GroupReport",
    "RankedGroup",
    "Ranking",
    "benjamini_hochberg",
    "compare_groups",
    "funnel_curve",
    "funnel_limits",
    "rank_groups",
]

_Z95 = float(stats.norm.ppf(0.975))  # 1.95996…
_Z998 = float(stats.norm.ppf(0.999))  # 3.09023…


def benjamini_hochberg(p_values: Iterable[float]) -> list[float]:
    """Benjamini–Hochberg adjusted p-values (same as statsmodels ``fdr_bh``).

    NaN p-values (e.g. groups with too few answers) are left out of the family and stay
    NaN, so untestable groups neither count against nor benefit the others.
    """
    p = np.asarray(list(p_values), dtype=float)
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    if np.any((p[ok] < 0) | (p[ok] > 1)):
        raise ValueError("p-values must lie in [0, 1]")
    m = int(ok.sum())
    if m == 0:
        return out.tolist()
    valid = p[ok]
    order = np.argsort(valid, kind="stable")
    scaled = valid[order] * m / np.arange(1, m + 1)
    # Step-up: each adjusted p is the smallest scaled p at or above its rank.
    adjusted_sorted = np.minimum(np.minimum.accumulate(scaled[::-1])[::-1], 1.0)
    adjusted = np.empty(m)
    adjusted[order] = adjusted_sorted
    out[ok] = adjusted
    return out.tolist()


@dataclass(frozen=True, slots=True)
class FunnelLimits:
    """Funnel-plot control limits at one sample size n, around the overall figure."""

    n: int
    target: float
    low_95: float
    high_95: float
    low_998: float
    high_998: float


def funnel_limits(
    target: float, unit_sd: float, n: int, *, bounds: tuple[float, float] = (-math.inf, math.inf)
) -> FunnelLimits:
    """Limits target ± z·unit_sd/√n for z at 95 % and 99.8 %, clipped to ``bounds``.

    ``unit_sd`` is the standard deviation of one answer's contribution (for a proportion
    p: √(p(1−p)), for NPS √(p_P + p_D − (p_P − p_D)²), for a mean the answer SD), in the
    figure's units. Normal approximation: at small n the limits of a proportion are a
    little too narrow, one more reason such groups are flagged ``too_few``.
    """
    if n <= 0 or math.isnan(target) or math.isnan(unit_sd):
        return FunnelLimits(n, target, math.nan, math.nan, math.nan, math.nan)
    se = unit_sd / math.sqrt(n)
    lo, hi = bounds

    def clip(x: float) -> float:
        return min(hi, max(lo, x))

    return FunnelLimits(
        n,
        target,
        clip(target - _Z95 * se),
        clip(target + _Z95 * se),
        clip(target - _Z998 * se),
        clip(target + _Z998 * se),
    )


def _unit_sd(metric: Metric, total: Tally) -> float:
    n = total.n
    if n == 0:
        return math.nan
    if metric is Metric.NPS:
        c = NpsCounts.from_tally(total)
        pp, pd = c.promoters / n, c.detractors / n
        return 100.0 * math.sqrt(max(0.0, pp + pd - (pp - pd) ** 2))
    if metric.kind == "proportion":
        p = total.count_between(*_SUCCESS_RANGE[metric]) / n
        return 100.0 * math.sqrt(p * (1.0 - p))
    var = total.variance()
    return math.sqrt(var) if not math.isnan(var) else math.nan


def funnel_curve(metric: Metric | str, overall: Tally, ns: Sequence[int]) -> list[FunnelLimits]:
    """Control limits around the overall figure at each n, for drawing the funnel."""
    metric = Metric(metric)
    _require_scale(overall, metric.scale, metric.value)
    target = _estimate_tally(metric, overall, min_n=0, confidence=0.95).value
    sd = _unit_sd(metric, overall)
    return [funnel_limits(target, sd, n, bounds=metric.bounds) for n in ns]


class Flag(StrEnum):
    """Verdict for one group against the reference, after multiple-comparison adjustment."""

    ABOVE = "above"
    BELOW = "below"
    NO_EVIDENCE = "no_evidence"
    TOO_FEW = "too_few"


@dataclass(frozen=True, slots=True)
class GroupComparison:
    """One group's figure, its difference from the reference, adjusted p, flag and funnel."""

    group: Hashable
    estimate: Estimate
    difference: Difference
    p_adjusted: float
    flag: Flag
    funnel: FunnelLimits


@dataclass(frozen=True, slots=True)
class GroupReport:
    """Result of :func:`compare_groups`; ``groups`` keeps the input order."""

    metric: Metric
    reference: str
    overall: Estimate
    groups: tuple[GroupComparison, ...]

    def ranking(self, *, descending: bool = True) -> Ranking:
        """Rank the groups by their figure, keeping too-few groups apart."""
        return rank_groups({g.group: g.estimate for g in self.groups}, descending=descending)


def compare_groups[K: Hashable](
    metric: Metric | str,
    groups: Mapping[K, AnswerData],
    *,
    reference: Literal["rest", "overall"] = "rest",
    scale: ScaleSpec | None = None,
    alpha: float = 0.05,
    min_n: int = DEFAULT_MIN_N,
    confidence: float = 0.95,
) -> GroupReport:
    """Compare every group with everyone else (or the overall figure), FDR-controlled.

    The test is always group vs the *rest* (two independent samples). With
    ``reference="overall"`` the reported difference and CI are rescaled to group − overall:
    the overall figure is the n-weighted blend ``w·group + (1−w)·rest`` (w = n_group/N),
    so group − overall = (1−w)·(group − rest) and the test statistic is unchanged.
    Groups with fewer than ``min_n`` answers are flagged TOO_FEW and kept out of the
    Benjamini–Hochberg family. Groups should not overlap (each answer in one group).
    """
    metric = Metric(metric)
    if reference not in ("rest", "overall"):
        raise ValueError(f"reference must be 'rest' or 'overall', got {reference!r}")
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must be between 0 and 1, got {alpha}")
    tallies = {g: _to_tally(d, scale, metric.scale) for g, d in groups.items()}
    for t in tallies.values():
        _require_scale(t, metric.scale, metric.value)
    total = sum(tallies.values(), Tally.empty(metric.scale))
    overall = _estimate_tally(metric, total, min_n=min_n, confidence=confidence)
    unit_sd = _unit_sd(metric, total)

    rows: list[tuple[K, Estimate, Difference, FunnelLimits]] = []
    for g, t in tallies.items():
        est = _estimate_tally(metric, t, min_n=min_n, confidence=confidence)
        diff = _compare_tallies(metric, t, total - t, min_n=min_n, confidence=confidence)
        if reference == "overall" and total.n:
            shrink = 1.0 - t.n / total.n
            diff = replace(
                diff,
                difference=shrink * diff.difference,
                ci_low=shrink * diff.ci_low,
                ci_high=shrink * diff.ci_high,
                n2=total.n,
            )
        rows.append((g, est, diff, funnel_limits(overall.value, unit_sd, t.n, bounds=metric.bounds)))

    family = [math.nan if est.too_few else diff.p_value for _, est, diff, _ in rows]
    adjusted = benjamini_hochberg(family)
    out = []
    for (g, est, diff, funnel), p_adj in zip(rows, adjusted, strict=True):
        if est.too_few:
            flag = Flag.TOO_FEW
        elif not math.isnan(p_adj) and p_adj < alpha and diff.statistic != 0:
            flag = Flag.ABOVE if diff.statistic > 0 else Flag.BELOW
        else:
            flag = Flag.NO_EVIDENCE
        out.append(GroupComparison(g, est, diff, p_adj, flag, funnel))
    return GroupReport(metric, reference, overall, tuple(out))


@dataclass(frozen=True, slots=True)
class RankedGroup:
    """A group's place in a ranking; ``rank`` is None for groups kept out of it."""

    rank: int | None
    group: Hashable
    estimate: Estimate


@dataclass(frozen=True, slots=True)
class Ranking:
    """Ranked groups (best first by default) and, separately, groups with too few answers."""

    ranked: tuple[RankedGroup, ...]
    unranked: tuple[RankedGroup, ...]


def rank_groups[K: Hashable](estimates: Mapping[K, Estimate], *, descending: bool = True) -> Ranking:
    """Sort groups by value, never ranking ``too_few`` (or valueless) ones.

    Ties share a rank (1, 2, 2, 4). Unranked groups are ordered by name, not by value,
    so their order cannot be read as a ranking either.
    """
    eligible = [(g, e) for g, e in estimates.items() if not e.too_few and not math.isnan(e.value)]
    excluded = [(g, e) for g, e in estimates.items() if e.too_few or math.isnan(e.value)]
    sign = -1.0 if descending else 1.0
    eligible.sort(key=lambda ge: (sign * ge[1].value, str(ge[0])))
    ranked: list[RankedGroup] = []
    for i, (g, e) in enumerate(eligible):
        rank = ranked[-1].rank if ranked and ranked[-1].estimate.value == e.value else i + 1
        ranked.append(RankedGroup(rank, g, e))
    unranked = tuple(RankedGroup(None, g, e) for g, e in sorted(excluded, key=lambda ge: str(ge[0])))
    return Ranking(tuple(ranked), unranked)
