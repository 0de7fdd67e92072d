"""How many contacts did telling customers about an incident save? Poisson rate comparisons, no Django.

Two comparisons for the customers an incident affects:

* **Baseline**: their contact rate during the incident against their own rate before it. This shows the
  surge (the incident makes people call), not what the notification saved.
* **Natural control**: a large send is staggered by the channel's messages-per-second limit, so at any
  moment some affected customers have been told and others not yet. Comparing the two groups *within the
  same hour of the incident* (strata) removes the incident's own rise and fall:

      avoided = Σₕ (cₕ,control / Tₕ,control − cₕ,notified / Tₕ,notified) × Tₕ,notified

  where c is contacts and T is customer-hours in hour h. Each rate is Poisson, so the variance is
  Σₕ Tₕ,notified² × (cₕ,control / Tₕ,control² + cₕ,notified / Tₕ,notified²), with a count of zero taken as
  0.5 so an empty group does not claim certainty. The 95 % interval is estimate ± 1.96 × √variance.

  A stratum counts only when each group holds at least ``MIN_SHARE`` of its customer-time. At the tail
  of a send a few customers are still waiting while hundreds have been told: their rate, from a customer-
  hour or two, would be multiplied by the told customers' hundreds of hours, so one contact (or the 0.5
  floor for none) would swamp the estimate and widen the interval to uselessness. Which strata count
  depends only on the send schedule, never on the contacts, so leaving these out biases nothing.

Times are plain floats (seconds); the caller converts datetimes.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

Z95 = 1.959963984540054
MIN_CONTACTS = 10
MIN_SHARE = 0.1


@dataclass(frozen=True)
class Stratum:
    notified_contacts: int
    notified_exposure: float
    control_contacts: int
    control_exposure: float


@dataclass(frozen=True)
class Deflection:
    avoided: float
    low: float
    high: float
    notified_contacts: int
    notified_exposure: float
    control_contacts: int
    control_exposure: float
    too_few: bool

    @property
    def clear(self) -> bool:
        """The interval excludes zero: the data show an effect one way or the other."""
        return self.low > 0 or self.high < 0

    def scaled(self, factor: float) -> tuple[float, float, float]:
        """The estimate and interval times ``factor`` (contacts → agent hours at the average handle time)."""
        return self.avoided * factor, self.low * factor, self.high * factor


@dataclass(frozen=True)
class RateRatio:
    observed: int
    expected: float
    ratio: float
    low: float
    high: float
    too_few: bool

    @property
    def excess(self) -> float:
        return self.observed - self.expected


def exposure_split(
    start: float, end: float, notified_at: Sequence[float | None], edges: Sequence[float]
) -> tuple[np.ndarray, np.ndarray]:
    """Customer-time before and after each customer's notification, per stratum between ``edges``.

    ``notified_at`` is None (or ≥ end) for a customer never told during the incident: all their time is control.
    """
    told = np.array([end if t is None else min(max(t, start), end) for t in notified_at], dtype=float)
    lows, highs = np.asarray(edges[:-1], dtype=float), np.asarray(edges[1:], dtype=float)
    lows, highs = np.clip(lows, start, end), np.clip(highs, start, end)
    # overlap of [start, told) with each bin, summed over customers
    before = np.clip(np.minimum(told[:, None], highs[None, :]) - lows[None, :], 0, None).sum(axis=0)
    width = (highs - lows) * len(told)
    return before, width - before


def contacts_split(
    times: Sequence[float], notified_at: Sequence[float | None], edges: Sequence[float]
) -> tuple[np.ndarray, np.ndarray]:
    """Contacts per stratum made before and after the contacting customer was told."""
    bins = len(edges) - 1
    control, notified = np.zeros(bins, dtype=int), np.zeros(bins, dtype=int)
    for moment, told in zip(times, notified_at, strict=True):
        index = int(np.searchsorted(edges, moment, side="right")) - 1
        if 0 <= index < bins:
            if told is not None and moment >= told:
                notified[index] += 1
            else:
                control[index] += 1
    return control, notified


def stratified_deflection(
    strata: Sequence[Stratum], *, min_contacts: int = MIN_CONTACTS, min_share: float = MIN_SHARE
) -> Deflection:
    """Contacts avoided among the notified, against the not-yet-notified in the same strata (see above)."""
    avoided = variance = 0.0
    nc = cc = 0
    ne = ce = 0.0
    for s in strata:
        if s.notified_exposure <= 0 or s.control_exposure <= 0:
            continue  # no comparison possible in this hour
        if min(s.notified_exposure, s.control_exposure) < min_share * (s.notified_exposure + s.control_exposure):
            continue  # one group too small to stand for the other (see above)
        rate_control = s.control_contacts / s.control_exposure
        rate_notified = s.notified_contacts / s.notified_exposure
        avoided += (rate_control - rate_notified) * s.notified_exposure
        control_var = max(s.control_contacts, 0.5) / s.control_exposure**2
        notified_var = max(s.notified_contacts, 0.5) / s.notified_exposure**2
        variance += s.notified_exposure**2 * (control_var + notified_var)
        nc, cc = nc + s.notified_contacts, cc + s.control_contacts
        ne, ce = ne + s.notified_exposure, ce + s.control_exposure
    half = Z95 * math.sqrt(variance)
    return Deflection(avoided, avoided - half, avoided + half, nc, ne, cc, ce, too_few=nc + cc < min_contacts)


def rate_ratio(
    observed: int, exposure: float, baseline: int, baseline_exposure: float, *, min_contacts: int = MIN_CONTACTS
) -> RateRatio:
    """Observed against expected contacts at the baseline rate, with a 95 % interval on the rate ratio (log scale)."""
    if exposure <= 0 or baseline_exposure <= 0:
        return RateRatio(observed, 0.0, math.nan, math.nan, math.nan, too_few=True)
    expected = baseline / baseline_exposure * exposure
    a, b = max(observed, 0.5), max(baseline, 0.5)
    ratio = (a / exposure) / (b / baseline_exposure)
    half = Z95 * math.sqrt(1 / a + 1 / b)
    return RateRatio(
        observed,
        expected,
        ratio,
        ratio * math.exp(-half),
        ratio * math.exp(half),
        too_few=min(observed, baseline) < min_contacts,
    )
