"""One-shot staffing calculation for one interval: the engine behind the CLI calculator and the API."""

import math
from collections.abc import Mapping
from typing import Any, TypedDict

from .channels import effective_aht, scheduled_agents, total_shrinkage
from .erlang import erlang_a_metrics, erlang_c_metrics
from .solve import Goal, meets_goal, required_agents

# A million agents busy at once: more than any contact centre, far below where the search stops ending.
MAX_LOAD_ERLANGS = 1_000_000.0


class _Targets(TypedDict):
    """The goal arguments ``required_agents`` and ``meets_goal`` share, so both test the same goal."""

    sl: float | None
    sl_seconds: float
    asa_seconds: float | None
    max_abandonment: float | None
    max_occupancy: float | None
    patience_seconds: float | None


def _number(name: str, value: Any, *, minimum: float = 0.0, strict: bool = False) -> float:
    """Return ``value`` as a finite float >= (or > when ``strict``) ``minimum``, else a clear ValueError."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    if value < minimum or (strict and value == minimum):
        relation = ">" if strict else ">="
        raise ValueError(f"{name} must be {relation} {minimum:g}, got {value!r}")
    return float(value)


def staff(
    volume: float,
    interval_minutes: float,
    aht_seconds: float,
    sl: float | None = 0.8,
    sl_seconds: float = 20,
    max_occupancy: float | None = 0.85,
    shrinkage: float | Mapping[str, float] = 0.0,
    patience_seconds: float | None = None,
    concurrency: int | None = None,
    agents: int | None = None,
    *,
    asa_seconds: float | None = None,
    max_abandonment: float | None = None,
    concurrency_efficiency: Mapping[int, float] | None = None,
) -> dict[str, Any]:
    """Agents needed for ``volume`` contacts in one interval, or how ``agents`` agents would perform.

    Erlang C by default; Erlang A when ``patience_seconds`` (mean customer patience) is given; chat
    when ``concurrency`` (max simultaneous chats per agent) is given, via the effective-AHT method.
    Goals combine: every given one of ``sl`` within ``sl_seconds``, ``asa_seconds``,
    ``max_abandonment`` and ``max_occupancy`` must hold. ``shrinkage`` is one fraction or a mapping of
    categories (added). With ``agents`` set, nothing is searched: that headcount is evaluated.

    Returns ``agents`` (on the phones, before shrinkage), ``scheduled`` (after shrinkage, rounded up),
    ``service_level``, ``occupancy``, ``wait_probability``, ``asa_seconds`` (answered calls; ``inf``
    when the queue is unstable), ``load_erlangs``, ``model`` and ``meets_goal``; ``abandonment`` and
    ``mean_wait_seconds`` (all callers, including those who hang up) with patience; and
    ``effective_aht_seconds`` with concurrency.
    """
    volume = _number("volume", volume)
    interval_minutes = _number("interval length in minutes", interval_minutes, strict=True)
    aht = _number("average handling time (seconds)", aht_seconds, strict=True)
    sl_seconds = _number("service level threshold (seconds)", sl_seconds)
    if sl is not None:
        _number("service level target", sl)
    if max_occupancy is not None:
        _number("maximum occupancy", max_occupancy, strict=True)
    if asa_seconds is not None:
        _number("ASA target (seconds)", asa_seconds, strict=True)
    if max_abandonment is not None:
        _number("abandonment target", max_abandonment)
    if patience_seconds is not None:
        patience_seconds = _number("customer patience (seconds)", patience_seconds, strict=True)
    if agents is not None and (isinstance(agents, bool) or not isinstance(agents, int) or agents < 0):
        raise ValueError(f"agents must be a whole number >= 0, got {agents!r}")
    shrink = total_shrinkage(shrinkage)
    has_goal = sl is not None or asa_seconds is not None or max_abandonment is not None
    goal = Goal(sl, sl_seconds, asa_seconds, max_abandonment, max_occupancy)
    goal.validate(erlang_a=patience_seconds is not None, require_target=agents is None)

    handle = aht if concurrency is None else effective_aht(aht, concurrency, concurrency_efficiency)
    load = volume / (interval_minutes * 60.0) * handle
    if load > MAX_LOAD_ERLANGS:
        # The agent search doubles and bisects up to the answer; past ~1e17 Erlangs it never ends.
        raise ValueError(f"the offered load must be at most {MAX_LOAD_ERLANGS:,.0f} Erlangs, got {load:,.0f}")
    targets: _Targets = {
        "sl": sl,
        "sl_seconds": sl_seconds,
        "asa_seconds": asa_seconds,
        "max_abandonment": max_abandonment,
        "max_occupancy": max_occupancy,
        "patience_seconds": patience_seconds,
    }
    if agents is None:
        agents = 0 if volume == 0 else int(required_agents(load, handle, **targets))  # scalar in, int out
    if patience_seconds is None:
        metrics = erlang_c_metrics(agents, load, handle, sl_seconds)
    else:
        metrics = erlang_a_metrics(agents, load, handle, patience_seconds, sl_seconds)

    result: dict[str, Any] = {
        "agents": int(agents),
        "scheduled": scheduled_agents(agents, shrink),
        "service_level": float(metrics.service_level),
        "occupancy": float(metrics.occupancy),
        "wait_probability": float(metrics.wait_probability),
        "asa_seconds": float(metrics.asa_seconds),
        "load_erlangs": load,
        "model": "erlang_c" if patience_seconds is None else "erlang_a",
        "shrinkage": shrink,
    }
    if patience_seconds is not None:
        result["abandonment"] = float(metrics.abandonment)
        result["mean_wait_seconds"] = float(metrics.mean_wait_seconds)
    if concurrency is not None:
        result["effective_aht_seconds"] = handle
    if has_goal:
        result["meets_goal"] = volume == 0 or bool(meets_goal(agents, load, handle, **targets))
    return result
