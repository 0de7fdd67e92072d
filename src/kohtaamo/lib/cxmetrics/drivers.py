"""Key-driver analysis: which parts of the experience move the score.

Drivers (other survey answers, channel dummies, wait time, repeat contact, transfers)
are correlated with each other, so regression coefficients and their ranking are
unstable and can even flip sign. Relative-importance methods instead split the model's
R² among the drivers:

* Shapley-value regression (Lipovetsky & Conklin 2001, a.k.a. LMG/dominance): each
  driver's average gain in R² over all orders of entry. Exact, but needs 2^k
  regressions, so it is used for up to :data:`MAX_SHAPLEY_DRIVERS` drivers.
* Johnson's relative weights (2000): an eigen-decomposition approximation that is
  very close to Shapley in practice and cheap for any k.

Both sum to the model R². The direction reported for each driver is the sign of its
plain correlation with the outcome, because the sign of a coefficient in a model with
correlated drivers is not a reliable "direction of effect".
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from .estimates import DEFAULT_MIN_N

__all__ = [
    "MAX_SHAPLEY_DRIVERS",
    "DriverImportance",
    "KeyDrivers",
    "key_drivers",
    "relative_weights",
    "shapley_importance",
]

#: Above this many drivers "auto" switches to relative weights (2^12 = 4096 regressions).
MAX_SHAPLEY_DRIVERS = 12
#: Hard ceiling for an explicit Shapley request, to keep a dashboard request bounded.
_SHAPLEY_HARD_LIMIT = 16


@dataclass(frozen=True, slots=True)
class DriverImportance:
    """One driver's share of the explained variance.

    ``importance`` is its part of R² (they sum to R²); ``share`` is importance / R²
    (they sum to 1). ``sign`` is +1, −1 or 0 from ``correlation`` with the outcome.
    """

    name: str
    importance: float
    share: float
    sign: int
    correlation: float


@dataclass(frozen=True, slots=True)
class KeyDrivers:
    """Drivers sorted by importance, plus the model fit and what was left out and why.

    ``n`` is the number of complete rows used; ``n_dropped`` rows had a missing value in
    the outcome or any driver. ``constant`` lists drivers that did not vary in the used
    rows — they cannot explain anything and are excluded rather than reported as 0.
    """

    drivers: tuple[DriverImportance, ...]
    r2: float
    r2_adjusted: float
    n: int
    n_dropped: int
    constant: tuple[str, ...]
    method: str
    too_few: bool


def _column(values: Sequence[float | None] | np.ndarray, name: str) -> np.ndarray:
    try:
        return np.asarray([math.nan if v is None else float(v) for v in values], dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"driver {name!r} is not numeric; encode categories as 0/1 dummies") from None


def _r2_from_corr(rxx: np.ndarray, rxy: np.ndarray) -> float:
    """R² of the outcome on a set of standardised drivers: r'·R⁻¹·r (least squares if singular)."""
    if rxy.size == 0:
        return 0.0
    beta = np.linalg.lstsq(rxx, rxy, rcond=None)[0]
    return float(min(1.0, max(0.0, rxy @ beta)))


def _corr(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Correlation matrix of the drivers and their correlations with the outcome."""
    c = np.corrcoef(np.column_stack([x, y]), rowvar=False)
    return c[:-1, :-1], c[:-1, -1]


def shapley_importance(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Exact Shapley decomposition of R² for complete, non-constant data (n × k, n).

    φ_j = Σ_{S ⊆ others} |S|!(k−|S|−1)!/k! · [R²(S ∪ {j}) − R²(S)], with every subset's R²
    computed from the correlation matrix.
    """
    k = x.shape[1]
    if k > _SHAPLEY_HARD_LIMIT:
        raise ValueError(f"exact Shapley needs 2^k fits; use relative weights beyond {_SHAPLEY_HARD_LIMIT}")
    rxx, rxy = _corr(x, y)
    masks = np.arange(1 << k)
    r2 = np.zeros(1 << k)
    for mask in range(1, 1 << k):
        idx = [j for j in range(k) if mask >> j & 1]
        r2[mask] = _r2_from_corr(rxx[np.ix_(idx, idx)], rxy[idx])
    sizes = np.bitwise_count(masks)
    weight = np.array([math.factorial(s) * math.factorial(k - s - 1) / math.factorial(k) for s in range(k)])
    phi = np.empty(k)
    for j in range(k):
        without = masks[(masks >> j) & 1 == 0]
        phi[j] = np.sum(weight[sizes[without]] * (r2[without | (1 << j)] - r2[without]))
    return phi


def relative_weights(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Johnson's relative weights for complete, non-constant data; they sum to R².

    Regress the outcome on the orthogonal counterparts Z of the drivers (Z = X·R^{-½}),
    then share each β_Z² back to the drivers by the squared loadings of R^{½}.
    """
    rxx, rxy = _corr(x, y)
    evals, evecs = np.linalg.eigh(rxx)
    evals = np.clip(evals, 0.0, None)
    half = evecs @ np.diag(np.sqrt(evals)) @ evecs.T  # R^{½}
    beta = np.linalg.pinv(half) @ rxy
    return (half**2) @ (beta**2)


def key_drivers(
    drivers: Mapping[str, Sequence[float | None] | np.ndarray],
    outcome: Sequence[float | None] | np.ndarray,
    *,
    method: Literal["auto", "shapley", "relative_weights"] = "auto",
    min_n: int = DEFAULT_MIN_N,
) -> KeyDrivers:
    """Relative importance of each driver for the outcome (e.g. NPS 0–10 or CSAT 1–5).

    Rows with any missing value (None/NaN) in the outcome or a driver are dropped and
    counted in ``n_dropped`` (complete-case analysis: simple and honest, but check that
    ``n`` is still large). Booleans are treated as 0/1. ``too_few`` is true when the
    complete rows number fewer than ``min_n`` or fewer than 10 per driver.
    """
    if method not in ("auto", "shapley", "relative_weights"):
        raise ValueError(f"unknown method {method!r}")
    if not drivers:
        raise ValueError("need at least one driver")
    names = list(drivers)
    y = _column(outcome, "outcome")
    cols = [_column(drivers[name], name) for name in names]
    for name, col in zip(names, cols, strict=True):
        if col.shape != y.shape:
            raise ValueError(f"driver {name!r} has {col.size} values but the outcome has {y.size}")
    x = np.column_stack(cols)
    complete = np.isfinite(y) & np.isfinite(x).all(axis=1)
    x, y = x[complete], y[complete]
    n = int(complete.sum())
    n_dropped = int(complete.size - n)
    if n < 3:
        raise ValueError(f"only {n} complete rows after dropping missing values; need at least 3")
    if np.ptp(y) == 0:
        raise ValueError("the outcome does not vary in the complete rows; there is nothing to explain")

    varying = np.ptp(x, axis=0) > 0
    constant = tuple(name for name, v in zip(names, varying, strict=True) if not v)
    kept = [name for name, v in zip(names, varying, strict=True) if v]
    x = x[:, varying]
    k = len(kept)
    if k and n < k + 2:
        raise ValueError(f"{n} complete rows cannot support {k} drivers; need at least {k + 2}")

    if method == "auto":
        method = "shapley" if k <= MAX_SHAPLEY_DRIVERS else "relative_weights"
    if k == 0:
        importance, corr, r2 = np.zeros(0), np.zeros(0), 0.0
    else:
        rxx, corr = _corr(x, y)
        r2 = _r2_from_corr(rxx, corr)
        importance = shapley_importance(x, y) if method == "shapley" else relative_weights(x, y)

    out = [
        DriverImportance(
            name,
            float(imp),
            float(imp / r2) if r2 > 0 else 0.0,
            int(np.sign(c)),
            float(c),
        )
        for name, imp, c in zip(kept, importance, corr, strict=True)
    ]
    out.sort(key=lambda d: (-d.importance, d.name))
    r2_adj = 1.0 - (1.0 - r2) * (n - 1) / (n - k - 1) if n - k - 1 > 0 else math.nan
    return KeyDrivers(
        tuple(out),
        r2,
        r2_adj,
        n,
        n_dropped,
        constant,
        method,
        n < max(min_n, 10 * k),
    )
