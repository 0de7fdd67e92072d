"""Krippendorff's alpha: agreement corrected for chance, with missing ratings and any number of raters."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from .table import Ratings, as_table, is_number

__all__ = ["Metric", "krippendorff_alpha"]

Metric = Literal["nominal", "ordinal", "interval", "ratio"]


def krippendorff_alpha(
    data: Ratings, metric: Metric = "nominal", *, order: Sequence[Any] | None = None
) -> float | None:
    """Krippendorff's alpha for a units x raters table with missing values.

    Follows Krippendorff (2011), "Computing Krippendorff's alpha-reliability": build the
    coincidence matrix from units with two or more values, then
    ``alpha = 1 - (n - 1) * sum(o_ck * d_ck) / sum(n_c * n_k * d_ck)``.  For ``ordinal`` the
    values are ranked by their natural order, or by ``order`` when given (e.g.
    ``["poor", "ok", "good"]``).  Returns None when alpha is undefined: no unit has two
    values, or every value is the same (no variation, so agreement cannot be told from chance).
    """
    if metric not in ("nominal", "ordinal", "interval", "ratio"):
        raise ValueError(f"unknown metric {metric!r}; use nominal, ordinal, interval or ratio")
    table = as_table(data)
    units = [[v for v in row if v is not None] for row in table.rows]
    units = [u for u in units if len(u) >= 2]
    if not units:
        return None
    flat = [v for u in units for v in u]
    if metric in ("interval", "ratio") and not all(is_number(v) for v in flat):
        bad = next(v for v in flat if not is_number(v))
        raise ValueError(f"{metric} alpha needs numeric ratings, got {bad!r}")
    values = _ordered_values(flat, metric, order)
    coincidences = _coincidences(units, values)
    marginals = coincidences.sum(axis=1)
    n = marginals.sum()

    delta = _delta_squared(metric, values, marginals)
    expected = float((np.outer(marginals, marginals) * delta).sum())
    if expected <= 0:
        return None
    observed = float((coincidences * delta).sum())
    return 1.0 - (n - 1) * observed / expected


def _ordered_values(flat: list[Any], metric: Metric, order: Sequence[Any] | None) -> list[Any]:
    """The distinct values in the order the metric ranks them (first-seen order for nominal)."""
    if order is not None:
        rank = {v: i for i, v in enumerate(order)}
        missing = sorted({repr(v) for v in flat if v not in rank})
        if missing:
            raise ValueError(f"values not in the given order: {', '.join(missing)}")
        return [v for v in order if v in set(flat)]
    if metric == "nominal":
        return list(dict.fromkeys(flat))
    try:
        return sorted(set(flat))
    except TypeError:
        raise ValueError(f"{metric} alpha needs values that can be ordered; pass order=") from None


def _coincidences(units: list[list[Any]], values: list[Any]) -> NDArray[np.float64]:
    """The coincidence matrix: each unit's pairs of values, weighted 1 / (ratings in the unit - 1)."""
    index = {v: i for i, v in enumerate(values)}
    size = len(values)
    coincidences = np.zeros((size, size))
    for unit in units:
        counts = np.zeros(size)
        for v in unit:
            counts[index[v]] += 1
        coincidences += (np.outer(counts, counts) - np.diag(counts)) / (len(unit) - 1)
    return coincidences


def _delta_squared(metric: Metric, values: list[Any], marginals: NDArray[np.float64]) -> NDArray[np.float64]:
    """Squared distance between every pair of values under ``metric`` (Krippendorff 2011)."""
    size = len(values)
    if metric == "nominal":
        return 1.0 - np.eye(size)
    if metric == "ordinal":
        # delta_ck = (sum of n_g for g from c to k) - (n_c + n_k) / 2, squared (Krippendorff 2011).
        cum = np.concatenate([[0.0], np.cumsum(marginals)])
        c, k = np.meshgrid(np.arange(size), np.arange(size), indexing="ij")
        lo, hi = np.minimum(c, k), np.maximum(c, k)
        between = cum[hi + 1] - cum[lo]
        return (between - (marginals[c] + marginals[k]) / 2.0) ** 2
    v = np.asarray(values, dtype=float)
    diff = v[:, None] - v[None, :]
    if metric == "interval":
        return diff**2
    total = v[:, None] + v[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(total == 0, 0.0, diff / np.where(total == 0, 1.0, total))
    return ratio**2
