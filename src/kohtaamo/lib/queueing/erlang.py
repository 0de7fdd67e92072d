"""Erlang B, C and A performance measures, vectorised over intervals.

Conventions shared by every function here:

* ``load`` is the offered traffic in Erlangs, ``A = arrival rate x AHT`` (calls per interval x AHT /
  interval length). Agents are whole positions; passing arrays evaluates many intervals at once and
  everything broadcasts like numpy arithmetic.
* Scalars in give floats out, arrays in give arrays out, so the same functions serve the one-shot
  calculator and the year-long plan.
* Nothing raises for an unstable queue: with Erlang C and ``agents <= load`` the queue grows without
  bound, which is reported as ``wait_probability = 1``, ``service_level = 0``, ``asa_seconds = inf``
  and ``occupancy = 1`` (every agent busy all the time), so a caller comparing against a goal simply
  sees it missed.

Erlang A (M/M/n+M) follows Garnett, Mandelbaum & Reiman (2002) and Mandelbaum & Zeltyn's summary of
M/M/n+G performance measures. With ``x = n * patience / AHT``, ``y = A * patience / AHT`` and Kummer's
``M(a, z) = 1F1(1; a+1; z)`` (see ``_special``), the stationary birth-death chain gives

* ``P(wait) = 1 / (1 + R(n, A) / M(x, y))`` where ``R = 1/ErlangB - 1``,
* ``P(served | wait) = x/(x+1) * M(x+1, y) / M(x, y)`` and ``P(abandon) = P(wait) (1 - P(served | wait))``,
* ``P(served after T | wait) = x/(x+1) * r**(x+1) * e**(y(1-r)) * M(x+1, y r) / M(x, y)`` with
  ``r = e**(-T/patience)``,
* mean wait of all arrivals ``= P(abandon) * patience`` (Little's law applied to abandonments), and
* mean wait of *answered* calls from the derivative of the offered wait's Laplace transform
  (``patience * (1/(x+1) - d/da log M(a, y)|_{a=x+1})`` per delayed-and-served call).

Service level in Erlang A counts calls answered within T over all offered calls: a caller who
abandons, even after two seconds, is a miss. ASA is the ACD's definition, mean wait of answered calls.
"""

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special

from ._special import log_erlang_ratio, log_kummer

FloatOrArray = float | NDArray[np.float64]


@dataclass(frozen=True)
class QueueMetrics:
    """Steady-state performance of one or many intervals (floats for scalar input, else arrays).

    ``abandonment`` and ``mean_wait_seconds`` are 0 and ``asa_seconds`` respectively for Erlang C,
    where nobody abandons; keeping the same shape for both models lets callers treat them alike.
    """

    wait_probability: FloatOrArray
    service_level: FloatOrArray
    asa_seconds: FloatOrArray
    occupancy: FloatOrArray
    abandonment: FloatOrArray
    mean_wait_seconds: FloatOrArray


def _out(value: NDArray[np.float64], scalar: bool) -> FloatOrArray:
    """Return a Python float for scalar input so callers (and JSON) never see 0-d arrays."""
    return float(value) if scalar else value


def _arrays(*values: ArrayLike) -> tuple[bool, list[NDArray[np.float64]]]:
    """Broadcast inputs to float arrays and remember whether the caller passed only scalars."""
    scalar = all(np.ndim(v) == 0 for v in values)
    arrays = np.broadcast_arrays(*(np.asarray(v, dtype=np.float64) for v in values))
    return scalar, [np.array(a, dtype=np.float64) for a in arrays]


def erlang_b(agents: ArrayLike, load: ArrayLike) -> FloatOrArray:
    """Blocking probability of an M/M/n/n loss system (Erlang B), e.g. trunks or a no-queue channel.

    Computed as ``1 / (1 + R)`` with ``log R`` in closed form, which matches the classic recursion
    ``B(n) = A B(n-1) / (n + A B(n-1))`` without its O(n) cost per interval.
    """
    scalar, (n, a) = _arrays(agents, load)
    out = np.ones(n.shape)
    out[(a <= 0) & (n > 0)] = 0.0
    live = (a > 0) & (n > 0)
    if live.any():
        out[live] = special.expit(-log_erlang_ratio(n[live], a[live]))
    return _out(out, scalar)


def erlang_c(agents: ArrayLike, load: ArrayLike) -> FloatOrArray:
    """Probability that a call waits at all in an M/M/n queue (Erlang C); 1 when ``agents <= load``.

    Uses ``C = 1 / (1 + (1 - A/n) R)``, algebraically equal to ``nB / (n - A(1 - B))`` but with no
    subtraction of nearly equal numbers.
    """
    return erlang_c_metrics(agents, load, 1.0, 0.0).wait_probability


def erlang_c_metrics(
    agents: ArrayLike, load: ArrayLike, aht_seconds: ArrayLike, sl_seconds: ArrayLike = 20.0
) -> QueueMetrics:
    """Erlang C (no abandonment) wait probability, service level within T, ASA and occupancy.

    ``service_level = 1 - C exp(-(n - A) T / AHT)`` and ``asa = C AHT / (n - A)``: the waiting time of
    a delayed call is exponential with rate ``(n - A) / AHT`` because the n agents finish calls at
    rate n/AHT while new calls keep joining the queue at rate A/AHT.
    """
    scalar, (n, a, aht, t) = _arrays(agents, load, aht_seconds, sl_seconds)
    pw = np.ones(n.shape)
    sl = np.zeros(n.shape)
    asa = np.full(n.shape, math.inf)
    occ = np.ones(n.shape)
    idle = a <= 0
    pw[idle], sl[idle], asa[idle], occ[idle] = 0.0, 1.0, 0.0, 0.0
    stable = (a > 0) & (n > a)
    if stable.any():
        ns, as_, ahts, ts = n[stable], a[stable], aht[stable], t[stable]
        c = special.expit(-(np.log1p(-as_ / ns) + log_erlang_ratio(ns, as_)))
        pw[stable] = c
        sl[stable] = 1.0 - c * np.exp(-(ns - as_) * ts / ahts)
        asa[stable] = c * ahts / (ns - as_)
        occ[stable] = as_ / ns
    return QueueMetrics(
        wait_probability=_out(pw, scalar),
        service_level=_out(sl, scalar),
        asa_seconds=_out(asa, scalar),
        occupancy=_out(occ, scalar),
        abandonment=_out(np.zeros(n.shape), scalar),
        mean_wait_seconds=_out(asa.copy(), scalar),
    )


def erlang_c_service_level(
    agents: ArrayLike, load: ArrayLike, aht_seconds: ArrayLike, sl_seconds: ArrayLike
) -> FloatOrArray:
    """Fraction of calls answered within ``sl_seconds`` under Erlang C (0 for an unstable queue)."""
    return erlang_c_metrics(agents, load, aht_seconds, sl_seconds).service_level


def erlang_c_asa(agents: ArrayLike, load: ArrayLike, aht_seconds: ArrayLike) -> FloatOrArray:
    """Average speed of answer in seconds under Erlang C (``inf`` for an unstable queue)."""
    return erlang_c_metrics(agents, load, aht_seconds, 0.0).asa_seconds


def erlang_a_metrics(
    agents: ArrayLike,
    load: ArrayLike,
    aht_seconds: ArrayLike,
    patience_seconds: ArrayLike,
    sl_seconds: ArrayLike = 20.0,
    *,
    with_asa: bool = True,
) -> QueueMetrics:
    """Erlang A (M/M/n+M: exponential patience with mean ``patience_seconds``) performance measures.

    Stable for any number of agents, because impatient callers keep the queue finite. ``with_asa``
    skips the answered-call ASA (it needs two extra special-function evaluations) when a staffing
    search does not have an ASA goal. An infinite patience delegates to Erlang C, the limit.
    """
    scalar, (n, a, aht, pat, t) = _arrays(agents, load, aht_seconds, patience_seconds, sl_seconds)
    pw = np.ones(n.shape)
    sl = np.zeros(n.shape)
    asa = np.full(n.shape, math.inf)
    occ = np.ones(n.shape)
    ab = np.ones(n.shape)
    mean_wait = pat.copy()
    idle = a <= 0
    pw[idle], sl[idle], asa[idle], occ[idle], ab[idle], mean_wait[idle] = 0.0, 1.0, 0.0, 0.0, 0.0, 0.0

    patient = (a > 0) & np.isinf(pat)
    if patient.any():
        c = erlang_c_metrics(n[patient], a[patient], aht[patient], t[patient])
        pw[patient], sl[patient], asa[patient] = c.wait_probability, c.service_level, c.asa_seconds
        occ[patient], ab[patient], mean_wait[patient] = c.occupancy, 0.0, c.mean_wait_seconds

    live = (a > 0) & (n > 0) & np.isfinite(pat)
    if live.any():
        nl, al, ahtl, patl, tl = n[live], a[live], aht[live], pat[live], t[live]
        x = nl * patl / ahtl
        y = al * patl / ahtl
        lk0 = log_kummer(x, y)
        log_r = log_erlang_ratio(nl, al)
        p_wait = special.expit(lk0 - log_r)
        p_no_wait = special.expit(log_r - lk0)  # 1 - p_wait without cancellation
        lk1 = log_kummer(x + 1.0, y)
        log_served = np.log(x / (x + 1.0)) + lk1 - lk0
        p_served_given_wait = np.minimum(np.exp(log_served), 1.0)
        p_ab = p_wait * (1.0 - p_served_given_wait)
        # Delayed calls still waiting at T that are answered later, relative to all delayed-and-answered
        # ones: r**(x+1) e**(y(1-r)) M(x+1, y r) / M(x+1, y) with r = e**(-T/patience), kept in logs.
        log_late_share = (
            -(x + 1.0) * tl / patl - y * np.expm1(-tl / patl) + log_kummer(x + 1.0, y * np.exp(-tl / patl)) - lk1
        )
        answered_by_t = p_served_given_wait * -np.expm1(np.minimum(log_late_share, 0.0))
        pw[live] = p_wait
        ab[live] = p_ab
        sl[live] = np.clip(p_no_wait + p_wait * answered_by_t, 0.0, 1.0)
        occ[live] = np.minimum(al * (1.0 - p_ab) / nl, 1.0)
        mean_wait[live] = p_ab * patl
        if with_asa:
            # d/da log M by Richardson-extrapolated central differences: M varies on the scale sqrt(a),
            # and the extrapolation gives ~1e-10 relative accuracy with steps far above rounding noise.
            a1 = x + 1.0
            h = 0.02 * np.sqrt(a1)
            d1 = (log_kummer(a1 + h, y) - log_kummer(a1 - h, y)) / (2.0 * h)
            d2 = (log_kummer(a1 + h / 2, y) - log_kummer(a1 - h / 2, y)) / h
            dlog = (4.0 * d2 - d1) / 3.0
            wait_if_served = np.maximum(patl * (1.0 / a1 - dlog), 0.0)
            answered = 1.0 - p_ab
            with np.errstate(divide="ignore", invalid="ignore"):
                asa_live = np.where(answered > 0, p_wait * p_served_given_wait * wait_if_served / answered, np.inf)
            asa[live] = asa_live
        else:
            asa[live] = np.nan
    return QueueMetrics(
        wait_probability=_out(pw, scalar),
        service_level=_out(sl, scalar),
        asa_seconds=_out(asa, scalar),
        occupancy=_out(occ, scalar),
        abandonment=_out(ab, scalar),
        mean_wait_seconds=_out(mean_wait, scalar),
    )
