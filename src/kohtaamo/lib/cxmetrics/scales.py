"""Answer scales and tallies: the guard rails that stop incompatible answers being pooled.

Every stored answer carries the scale it was given on. The arithmetic in this package only
ever sees a :class:`Tally` (counts per scale point), and a tally can only be built from
answers that all share one scale and lie on it. That is how we refuse, in one place, to
mix the CES 1–7 agreement scale with the legacy 1–5 effort scale (whose direction is
reversed: 5 there means *high* effort), and how out-of-range or fractional values are
caught before they silently shift a score.

Working from counts rather than raw values also lets callers aggregate in the database
(``GROUP BY value``) and lets "the rest" of a group comparison be computed exactly by
subtraction.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = [
    "CES_1_5_LEGACY",
    "CES_1_7",
    "CSAT_1_5",
    "NPS_0_10",
    "SCALES",
    "Scale",
    "ScaleSpec",
    "Tally",
    "get_scale",
]


@dataclass(frozen=True, slots=True)
class Scale:
    """An integer answer scale.

    ``key`` is what is stored with each answer; two scales with the same range but
    different keys (CSAT 1–5 and legacy CES 1–5) are deliberately *not* equal, because
    their points mean different things.
    """

    key: str
    low: int
    high: int
    label: str = ""
    higher_is_better: bool = True

    def __post_init__(self) -> None:
        if self.high <= self.low:
            raise ValueError(f"scale {self.key!r}: high ({self.high}) must exceed low ({self.low})")

    @property
    def points(self) -> int:
        """Number of scale points, e.g. 11 for 0–10."""
        return self.high - self.low + 1

    def __str__(self) -> str:
        return f"{self.key} ({self.low}–{self.high})"


NPS_0_10 = Scale("nps_0_10", 0, 10, "Likelihood to recommend, 0–10")
CSAT_1_5 = Scale("csat_1_5", 1, 5, "Satisfaction, 1–5")
CES_1_7 = Scale("ces_1_7", 1, 7, "The company made it easy to handle my issue, 1–7")
CES_1_5_LEGACY = Scale("ces_1_5", 1, 5, "Legacy effort scale, 1–5 (5 = very high effort)", higher_is_better=False)

SCALES: dict[str, Scale] = {s.key: s for s in (NPS_0_10, CSAT_1_5, CES_1_7, CES_1_5_LEGACY)}

#: A scale given as a :class:`Scale`, or as its stored key (``"ces_1_7"``).
type ScaleSpec = Scale | str


def get_scale(spec: ScaleSpec) -> Scale:
    """Resolve a scale key to a :class:`Scale`; unknown keys are an error, not a guess."""
    if isinstance(spec, Scale):
        return spec
    try:
        return SCALES[spec]
    except KeyError:
        raise ValueError(f"unknown scale {spec!r}; known scales: {', '.join(sorted(SCALES))}") from None


def _single_scale(scales: Sequence[ScaleSpec], n_values: int) -> Scale | None:
    """Collapse a per-answer list of scales to the one scale they share, or refuse."""
    if len(scales) != n_values:
        raise ValueError(f"got {n_values} answers but {len(scales)} per-answer scales")
    distinct = {get_scale(s) for s in scales}
    if len(distinct) > 1:
        keys = sorted(s.key for s in distinct)
        if {CES_1_7, CES_1_5_LEGACY} <= distinct:
            raise ValueError(
                "answers mix the CES 1–7 'made it easy' scale with the legacy 1–5 effort scale; "
                "the legacy scale runs the other way (5 = high effort) and cannot be pooled or "
                "rescaled — report the two periods separately"
            )
        raise ValueError(f"answers mix scales {', '.join(keys)}; a figure must use one scale")
    return next(iter(distinct), None)


def _as_points(values: Iterable[float], scale: Scale) -> np.ndarray:
    """Validate raw answers against ``scale`` and return them as integer offsets from ``low``."""
    arr = np.asarray(list(values), dtype=float)
    if arr.ndim != 1:
        raise ValueError("answers must be a flat sequence of numbers")
    if np.isnan(arr).any():
        raise ValueError("answers contain missing values (None/NaN); drop unanswered questions first")
    if not np.all(arr == np.round(arr)):
        raise ValueError(f"answers on {scale} must be whole numbers")
    bad = arr[(arr < scale.low) | (arr > scale.high)]
    if bad.size:
        raise ValueError(f"answer {bad[0]:g} lies outside {scale}")
    return arr.astype(np.int64) - scale.low


@dataclass(frozen=True, slots=True)
class Tally:
    """How many answers fell on each point of one scale (index 0 is ``scale.low``)."""

    scale: Scale
    counts: tuple[int, ...]

    def __post_init__(self) -> None:
        if len(self.counts) != self.scale.points:
            raise ValueError(f"{self.scale} needs {self.scale.points} counts, got {len(self.counts)}")
        if any(c < 0 for c in self.counts):
            raise ValueError("counts cannot be negative")

    @classmethod
    def from_values(
        cls,
        values: Iterable[float],
        scale: ScaleSpec | Sequence[ScaleSpec],
    ) -> Tally:
        """Tally raw answers, given one scale for all of them or one scale per answer.

        Per-answer scales must all be the same; mixing raises :class:`ValueError`.
        """
        values = list(values)
        if isinstance(scale, Scale | str):
            resolved = get_scale(scale)
        else:
            single = _single_scale(list(scale), len(values))
            if single is None:
                raise ValueError("cannot tell the scale of an empty answer list; pass a single scale")
            resolved = single
        points = _as_points(values, resolved)
        counts = np.bincount(points, minlength=resolved.points)
        return cls(resolved, tuple(int(c) for c in counts))

    @classmethod
    def from_counts(cls, counts: Mapping[int, int], scale: ScaleSpec) -> Tally:
        """Build a tally from ``{scale value: count}``, e.g. a database ``GROUP BY value``."""
        resolved = get_scale(scale)
        out = [0] * resolved.points
        for value, count in counts.items():
            if not resolved.low <= value <= resolved.high or int(value) != value:
                raise ValueError(f"value {value!r} lies outside {resolved}")
            if int(count) != count or count < 0:
                raise ValueError(f"count for value {value} must be a non-negative integer, got {count!r}")
            out[int(value) - resolved.low] += int(count)
        return cls(resolved, tuple(out))

    @classmethod
    def empty(cls, scale: ScaleSpec) -> Tally:
        """A tally with no answers, so callers never need a special case for 'no data'."""
        resolved = get_scale(scale)
        return cls(resolved, (0,) * resolved.points)

    @property
    def n(self) -> int:
        """Number of answers."""
        return sum(self.counts)

    @property
    def points(self) -> np.ndarray:
        """The scale values, aligned with :attr:`counts`."""
        return np.arange(self.scale.low, self.scale.high + 1, dtype=float)

    def count_between(self, low: int, high: int) -> int:
        """Answers with ``low <= value <= high`` (inclusive, in scale units)."""
        lo = max(low, self.scale.low) - self.scale.low
        hi = min(high, self.scale.high) - self.scale.low
        return sum(self.counts[lo : hi + 1]) if hi >= lo else 0

    def mean(self) -> float:
        """Mean answer; NaN when there are no answers."""
        n = self.n
        if n == 0:
            return math.nan
        return float(np.dot(self.points, self.counts) / n)

    def variance(self) -> float:
        """Sample variance (ddof=1); NaN below two answers, where it is undefined."""
        n = self.n
        if n < 2:
            return math.nan
        dev = self.points - self.mean()
        return float(np.dot(np.asarray(self.counts, dtype=float), dev * dev) / (n - 1))

    def _check_same_scale(self, other: Tally) -> None:
        if self.scale != other.scale:
            raise ValueError(f"cannot combine tallies on {self.scale} and {other.scale}")

    def __add__(self, other: Tally) -> Tally:
        self._check_same_scale(other)
        return Tally(self.scale, tuple(a + b for a, b in zip(self.counts, other.counts, strict=True)))

    def __sub__(self, other: Tally) -> Tally:
        """Remove a sub-tally, e.g. one agent from the total to get 'everyone else'."""
        self._check_same_scale(other)
        out = tuple(a - b for a, b in zip(self.counts, other.counts, strict=True))
        if any(c < 0 for c in out):
            raise ValueError("cannot subtract a tally that is not contained in this one")
        return Tally(self.scale, out)
