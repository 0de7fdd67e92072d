"""Did the action work? Before/after comparison of a target metric, said plainly.

The metric is measured in two windows of the same length either side of the day the action was done.
Windows are whole weeks, so both hold the same weekdays (Monday's rush counts once in each). When the
same calendar windows a year earlier have enough data, the change seen then is subtracted
(difference-in-differences), so a seasonal swing such as January's billing peak is not credited to
the action; the test then uses a normal approximation with the four windows' standard errors added.
Otherwise the two windows are compared with the cxmetrics test for the metric's kind.

The verdict is one of three: the goal was *reached* (a significant change in the right direction and
the after-value meets the target), it was *missed* (no significant change, a change the wrong way, or
short of the target), or it is *not measurable* yet (too few data on either side).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from scipy import stats

from kohtaamo.lib.cxmetrics import (
    DEFAULT_MIN_N,
    Difference,
    Estimate,
    NpsCounts,
    compare_means,
    compare_nps_counts,
    compare_proportions,
    mean_estimate,
    nps_from_counts,
    proportion_estimate,
)

__all__ = ["Outcome", "Reason", "Sample", "Verdict", "follow_up"]


@dataclass(frozen=True)
class Sample:
    """One window's data for a metric: a proportion (``successes`` of ``n``), mean ``values``, or NPS counts."""

    kind: str
    successes: int = 0
    n: int = 0
    values: tuple[float, ...] = ()
    nps: NpsCounts | None = None

    @classmethod
    def proportion(cls, successes: int, n: int) -> Sample:
        return cls("proportion", successes=successes, n=n)

    @classmethod
    def mean(cls, values: Iterable[float]) -> Sample:
        floats = tuple(float(v) for v in values)
        return cls("mean", n=len(floats), values=floats)

    @classmethod
    def net_promoter(cls, counts: NpsCounts) -> Sample:
        return cls("nps", n=counts.n, nps=counts)

    def estimate(self, min_n: int = DEFAULT_MIN_N) -> Estimate:
        if self.kind == "proportion":
            return proportion_estimate(self.successes, self.n, min_n=min_n)
        if self.kind == "nps":
            return nps_from_counts(self.nps or NpsCounts(0, 0, 0), min_n=min_n)
        return mean_estimate(self.values, min_n=min_n)

    def standard_error(self) -> float:
        """Standard error of the estimate in reporting units (percent points for proportions and NPS)."""
        if self.n < 2:
            return math.nan
        if self.kind == "proportion":
            p = self.successes / self.n
            return 100.0 * math.sqrt(p * (1 - p) / self.n)
        if self.kind == "nps":
            counts = self.nps or NpsCounts(0, 0, 0)
            p, d = counts.promoters / counts.n, counts.detractors / counts.n
            return 100.0 * math.sqrt((p + d - (p - d) ** 2) / counts.n)
        mean = sum(self.values) / self.n
        variance = sum((v - mean) ** 2 for v in self.values) / (self.n - 1)
        return math.sqrt(variance / self.n)


def _compare(after: Sample, before: Sample, min_n: int) -> Difference:
    if after.kind != before.kind:
        raise ValueError(f"cannot compare a {after.kind} with a {before.kind}")
    if after.kind == "proportion":
        return compare_proportions(after.successes, after.n, before.successes, before.n, min_n=min_n)
    if after.kind == "nps":
        return compare_nps_counts(after.nps or NpsCounts(0, 0, 0), before.nps or NpsCounts(0, 0, 0), min_n=min_n)
    return compare_means(after.values, before.values, min_n=min_n)


class Outcome(StrEnum):
    REACHED = "reached"
    MISSED = "missed"
    NOT_MEASURABLE = "not_measurable"


class Reason(StrEnum):
    TOO_FEW = "too_few"
    IMPROVED = "improved"
    SHORT_OF_TARGET = "short_of_target"
    NO_CHANGE = "no_change"
    WORSE = "worse"


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    reason: Reason
    before: Estimate
    after: Estimate
    difference: float
    ci_low: float
    ci_high: float
    p_value: float
    seasonal_change: float | None
    target: float | None


def follow_up(
    *,
    before: Sample,
    after: Sample,
    higher_is_better: bool,
    target: float | None = None,
    year_before: tuple[Sample, Sample] | None = None,
    min_n: int = DEFAULT_MIN_N,
    alpha: float = 0.05,
) -> Verdict:
    """Compare ``after`` with ``before``; ``year_before`` is (before, after) a year earlier, if known."""
    b, a = before.estimate(min_n), after.estimate(min_n)
    if b.too_few or a.too_few:
        return Verdict(Outcome.NOT_MEASURABLE, Reason.TOO_FEW, b, a, math.nan, math.nan, math.nan, math.nan,
                       None, target)  # fmt: skip
    seasonal = None
    if year_before is not None and not any(s.estimate(min_n).too_few for s in year_before):
        seasonal = year_before[1].estimate(min_n).value - year_before[0].estimate(min_n).value
        errors = [s.standard_error() for s in (before, after, *year_before)]
        se = math.sqrt(sum(e * e for e in errors))
        difference = (a.value - b.value) - seasonal
        z = difference / se if se > 0 else 0.0
        low, high, p = difference - 1.959964 * se, difference + 1.959964 * se, float(2 * stats.norm.sf(abs(z)))
    else:
        diff = _compare(after, before, min_n)
        difference, low, high, p = diff.difference, diff.ci_low, diff.ci_high, diff.p_value
    better = difference > 0 if higher_is_better else difference < 0
    significant = p < alpha
    meets = target is None or (a.value >= target if higher_is_better else a.value <= target)
    if significant and better and meets:
        outcome, reason = Outcome.REACHED, Reason.IMPROVED
    elif significant and better:
        outcome, reason = Outcome.MISSED, Reason.SHORT_OF_TARGET
    elif significant:
        outcome, reason = Outcome.MISSED, Reason.WORSE
    else:
        outcome, reason = Outcome.MISSED, Reason.NO_CHANGE
    return Verdict(outcome, reason, b, a, difference, low, high, p, seasonal, target)
