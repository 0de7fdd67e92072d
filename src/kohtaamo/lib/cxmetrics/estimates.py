"""Single-sample figures (NPS, CSAT, CES) with n and a confidence interval.

A dashboard number without its uncertainty invites people to react to noise, so every
figure here is an :class:`Estimate` carrying n, an interval and a ``too_few`` flag. The
interval methods are the ones with good coverage at the sample sizes a contact centre
actually sees per agent or per week:

* NPS — adjusted-Wald (Rocks 2016): plain Wald intervals are far too narrow near ±100.
* Proportions (CSAT %, CES % easy) — Wilson score: stays inside [0, 100] and keeps its
  coverage at 0 % or 100 %, where the Wald interval collapses to a point.
* Means — Student t.

Percent-type figures (NPS, CSAT %, CES % easy) are reported in percentage units
(NPS −100..100, proportions 0..100); means stay in scale units.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from .quantiles import normal_quantile, t_quantile
from .scales import CES_1_5_LEGACY, CES_1_7, CSAT_1_5, NPS_0_10, Scale, ScaleSpec, Tally, get_scale

__all__ = [
    "DEFAULT_MIN_N",
    "CesSummary",
    "CsatSummary",
    "Estimate",
    "Metric",
    "NpsCounts",
    "ces",
    "csat",
    "estimate",
    "mean_estimate",
    "nps",
    "nps_from_counts",
    "proportion_estimate",
    "wilson_interval",
]

#: Below this many answers a figure is shown but flagged and never ranked.
DEFAULT_MIN_N = 30

#: Answers that count as satisfied / easy / promoter / detractor, in scale units.
CSAT_SATISFIED = (4, 5)
CES_EASY = (5, 7)
NPS_PROMOTER = (9, 10)
NPS_DETRACTOR = (0, 6)


@dataclass(frozen=True, slots=True)
class Estimate:
    """A figure with its sample size and confidence interval.

    ``too_few`` is true when n < min_n: the figure may be displayed (greyed out) but is
    too noisy to compare or rank. With n == 0 every number is NaN.
    """

    value: float
    n: int
    ci_low: float
    ci_high: float
    too_few: bool


class Metric(StrEnum):
    """The figures the platform reports; each is tied to exactly one answer scale."""

    NPS = "nps"
    CSAT_PERCENT = "csat_percent"
    CSAT_MEAN = "csat_mean"
    CES_MEAN = "ces_mean"
    CES_PERCENT_EASY = "ces_percent_easy"

    @property
    def scale(self) -> Scale:
        """The only scale this metric may be computed on."""
        return _METRIC_SCALE[self]

    @property
    def kind(self) -> str:
        """``"nps"``, ``"proportion"`` or ``"mean"`` — decides which interval and test apply."""
        if self is Metric.NPS:
            return "nps"
        return "mean" if self in (Metric.CSAT_MEAN, Metric.CES_MEAN) else "proportion"

    @property
    def bounds(self) -> tuple[float, float]:
        """Range the figure can take, in reporting units."""
        if self is Metric.NPS:
            return (-100.0, 100.0)
        if self.kind == "proportion":
            return (0.0, 100.0)
        return (float(self.scale.low), float(self.scale.high))


_METRIC_SCALE: dict[Metric, Scale] = {
    Metric.NPS: NPS_0_10,
    Metric.CSAT_PERCENT: CSAT_1_5,
    Metric.CSAT_MEAN: CSAT_1_5,
    Metric.CES_MEAN: CES_1_7,
    Metric.CES_PERCENT_EASY: CES_1_7,
}
_SUCCESS_RANGE: dict[Metric, tuple[int, int]] = {
    Metric.CSAT_PERCENT: CSAT_SATISFIED,
    Metric.CES_PERCENT_EASY: CES_EASY,
}


def _z(confidence: float) -> float:
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    return normal_quantile(0.5 + confidence / 2.0)


def _too_few(n: int, min_n: int) -> bool:
    return n < max(min_n, 1)


_NAN_ESTIMATE_CI = (math.nan, math.nan)


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion, as fractions in [0, 1].

    Chosen over the Wald interval because it never leaves [0, 1] and does not collapse to
    zero width when every answer is (un)satisfied — common for a small team's week.
    """
    if n < 0 or not 0 <= successes <= n:
        raise ValueError(f"need 0 <= successes <= n, got successes={successes}, n={n}")
    z = _z(confidence)
    if n == 0:
        return _NAN_ESTIMATE_CI
    p = successes / n
    z2n = z * z / n
    denom = 1.0 + z2n
    centre = (p + z2n / 2.0) / denom
    half = z * math.sqrt(p * (1.0 - p) / n + z2n / (4.0 * n)) / denom
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return (low, high)


def proportion_estimate(successes: int, n: int, *, min_n: int = DEFAULT_MIN_N, confidence: float = 0.95) -> Estimate:
    """A percentage (0–100) with a Wilson interval."""
    low, high = wilson_interval(successes, n, confidence)
    value = 100.0 * successes / n if n else math.nan
    return Estimate(value, n, 100.0 * low, 100.0 * high, _too_few(n, min_n))


def _mean_from_moments(
    n: int,
    mean: float,
    variance: float,
    *,
    min_n: int,
    confidence: float,
    bounds: tuple[float, float] | None = None,
) -> Estimate:
    """t interval from summary statistics, optionally clipped to the scale's range.

    Clipping matters for near-ceiling means on short scales (6.9 on 1–7), where the
    symmetric t interval would otherwise promise values no answer could produce.
    """
    _z(confidence)  # validates confidence
    if n < 2:
        return Estimate(mean if n else math.nan, n, math.nan, math.nan, _too_few(n, min_n))
    t = t_quantile(0.5 + confidence / 2.0, n - 1)
    half = t * math.sqrt(variance / n)
    low, high = mean - half, mean + half
    if bounds is not None:
        low, high = max(low, bounds[0]), min(high, bounds[1])
    return Estimate(mean, n, low, high, _too_few(n, min_n))


def mean_estimate(
    values: Iterable[float],
    *,
    min_n: int = DEFAULT_MIN_N,
    confidence: float = 0.95,
    bounds: tuple[float, float] | None = None,
) -> Estimate:
    """Mean of arbitrary numbers with a t interval (for scale answers prefer :func:`estimate`)."""
    arr = np.asarray(list(values), dtype=float)
    if np.isnan(arr).any():
        raise ValueError("values contain missing values (None/NaN); drop them first")
    n = int(arr.size)
    mean = float(arr.mean()) if n else math.nan
    var = float(arr.var(ddof=1)) if n > 1 else math.nan
    return _mean_from_moments(n, mean, var, min_n=min_n, confidence=confidence, bounds=bounds)


@dataclass(frozen=True, slots=True)
class NpsCounts:
    """Promoters (9–10), passives (7–8) and detractors (0–6)."""

    promoters: int
    passives: int
    detractors: int

    def __post_init__(self) -> None:
        if min(self.promoters, self.passives, self.detractors) < 0:
            raise ValueError("NPS counts cannot be negative")

    @property
    def n(self) -> int:
        """Number of answers."""
        return self.promoters + self.passives + self.detractors

    @classmethod
    def from_tally(cls, tally: Tally) -> NpsCounts:
        """Classify a 0–10 tally; any other scale is refused."""
        _require_scale(tally, NPS_0_10, "NPS")
        promoters = tally.count_between(*NPS_PROMOTER)
        detractors = tally.count_between(*NPS_DETRACTOR)
        return cls(promoters, tally.n - promoters - detractors, detractors)


def _adjusted_nps(counts: NpsCounts) -> tuple[float, float, float]:
    """Adjusted-Wald pieces (Rocks 2016): adjusted NPS fraction, unit variance and n̂.

    Adding ¾ promoter and ¾ detractor (and so 1½ passive, n̂ = n + 3) pulls the estimate
    off the ±1 boundary, which is what gives the interval its near-nominal coverage.
    """
    n_hat = counts.n + 3.0
    p_prom = (counts.promoters + 0.75) / n_hat
    p_det = (counts.detractors + 0.75) / n_hat
    diff = p_prom - p_det
    return diff, p_prom + p_det - diff * diff, n_hat


def nps_from_counts(counts: NpsCounts, *, min_n: int = DEFAULT_MIN_N, confidence: float = 0.95) -> Estimate:
    """NPS in points (−100..100) with the adjusted-Wald interval.

    The reported value is the ordinary NPS; the interval is centred on the adjusted
    value, as Rocks prescribes, and clipped to [−100, 100].
    """
    z = _z(confidence)
    n = counts.n
    if n == 0:
        return Estimate(math.nan, 0, math.nan, math.nan, True)
    value = 100.0 * (counts.promoters - counts.detractors) / n
    adj, var, n_hat = _adjusted_nps(counts)
    half = z * math.sqrt(var / n_hat)
    low = max(-100.0, 100.0 * (adj - half))
    high = min(100.0, 100.0 * (adj + half))
    return Estimate(value, n, low, high, _too_few(n, min_n))


def _require_scale(tally: Tally, expected: Scale, what: str) -> None:
    if tally.scale == expected:
        return
    if expected == CES_1_7 and tally.scale == CES_1_5_LEGACY:
        raise ValueError(
            "CES is defined on the 1–7 'made it easy' scale; legacy 1–5 effort answers run the "
            "other way (5 = high effort) and cannot be rescaled into it — report them separately"
        )
    raise ValueError(f"{what} must be computed on {expected}, got answers on {tally.scale}")


type AnswerData = Tally | Iterable[float]


def _to_tally(data: AnswerData, scale: ScaleSpec | Sequence[ScaleSpec] | None, expected: Scale) -> Tally:
    """Turn raw answers (with an optional single or per-answer scale) into a checked tally."""
    if isinstance(data, Tally):
        if scale is not None and (not isinstance(scale, Scale | str) or get_scale(scale) != data.scale):
            raise ValueError("pass the scale inside the Tally, not alongside it")
        tally = data
    else:
        values = list(data)
        if scale is None:
            scale = expected
        elif not isinstance(scale, Scale | str) and not values and not list(scale):
            scale = expected  # no answers and no per-answer scales: nothing to mix
        tally = Tally.from_values(values, scale)
    return tally


def _estimate_tally(metric: Metric, tally: Tally, *, min_n: int, confidence: float) -> Estimate:
    _require_scale(tally, metric.scale, metric.value)
    if metric is Metric.NPS:
        return nps_from_counts(NpsCounts.from_tally(tally), min_n=min_n, confidence=confidence)
    if metric.kind == "proportion":
        successes = tally.count_between(*_SUCCESS_RANGE[metric])
        return proportion_estimate(successes, tally.n, min_n=min_n, confidence=confidence)
    return _mean_from_moments(
        tally.n,
        tally.mean(),
        tally.variance(),
        min_n=min_n,
        confidence=confidence,
        bounds=metric.bounds,
    )


def estimate(
    metric: Metric | str,
    data: AnswerData,
    *,
    scale: ScaleSpec | Sequence[ScaleSpec] | None = None,
    min_n: int = DEFAULT_MIN_N,
    confidence: float = 0.95,
) -> Estimate:
    """Any :class:`Metric` from a :class:`Tally` or raw answers.

    ``scale`` is the scale of raw answers — one for all, or one per answer as stored. It
    defaults to the metric's own scale; anything else (or a mixture) raises ValueError.
    """
    metric = Metric(metric)
    tally = _to_tally(data, scale, metric.scale)
    return _estimate_tally(metric, tally, min_n=min_n, confidence=confidence)


def nps(
    data: AnswerData,
    *,
    scale: ScaleSpec | Sequence[ScaleSpec] | None = None,
    min_n: int = DEFAULT_MIN_N,
    confidence: float = 0.95,
) -> Estimate:
    """NPS = % promoters (9–10) − % detractors (0–6), with the adjusted-Wald interval."""
    return estimate(Metric.NPS, data, scale=scale, min_n=min_n, confidence=confidence)


@dataclass(frozen=True, slots=True)
class CsatSummary:
    """CSAT as % satisfied (4–5 on 1–5, the headline) and as the mean answer."""

    percent_satisfied: Estimate
    mean: Estimate


def csat(
    data: AnswerData,
    *,
    scale: ScaleSpec | Sequence[ScaleSpec] | None = None,
    min_n: int = DEFAULT_MIN_N,
    confidence: float = 0.95,
) -> CsatSummary:
    """CSAT % satisfied (Wilson) and mean (t), from one validated tally."""
    tally = _to_tally(data, scale, CSAT_1_5)
    return CsatSummary(
        _estimate_tally(Metric.CSAT_PERCENT, tally, min_n=min_n, confidence=confidence),
        _estimate_tally(Metric.CSAT_MEAN, tally, min_n=min_n, confidence=confidence),
    )


@dataclass(frozen=True, slots=True)
class CesSummary:
    """CES as the mean on 1–7 and as % answering 5–7 ("the company made it easy")."""

    mean: Estimate
    percent_easy: Estimate


def ces(
    data: AnswerData,
    *,
    scale: ScaleSpec | Sequence[ScaleSpec] | None = None,
    min_n: int = DEFAULT_MIN_N,
    confidence: float = 0.95,
) -> CesSummary:
    """CES mean (t) and % easy (Wilson); legacy 1–5 effort answers are refused."""
    tally = _to_tally(data, scale, CES_1_7)
    return CesSummary(
        _estimate_tally(Metric.CES_MEAN, tally, min_n=min_n, confidence=confidence),
        _estimate_tally(Metric.CES_PERCENT_EASY, tally, min_n=min_n, confidence=confidence),
    )
