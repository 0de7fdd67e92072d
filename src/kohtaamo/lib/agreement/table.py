"""The units x raters table every agreement statistic reads, and what counts as a missing rating."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["Ratings", "RatingsTable", "as_table", "is_missing", "is_number"]

# Strings that mean "no rating".  "na" is included so that QA answers can be passed as they are.
_MISSING_STRINGS = frozenset({"", "na", "n/a", "nan", "-"})


def is_missing(value: object) -> bool:
    """Whether a rating is absent: None, NaN, an empty string or "na" / "n/a" / "nan" / "-"."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip().lower() in _MISSING_STRINGS


def is_number(value: object) -> bool:
    """Whether a rating is numeric; booleans are labels here, not 0 and 1."""
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool)


@dataclass(frozen=True)
class RatingsTable:
    """A units x raters table of ratings; ``None`` marks a missing rating.

    Unit and rater names are kept so that results (dropped units, per-rater bias) can name them.
    """

    units: tuple[str, ...]
    raters: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]

    def column(self, rater: str) -> list[Any]:
        j = self.raters.index(rater)
        return [row[j] for row in self.rows]

    @property
    def is_numeric(self) -> bool:
        return all(is_number(v) for row in self.rows for v in row if v is not None)

    def to_dict(self) -> dict[str, Any]:
        return {"units": list(self.units), "raters": list(self.raters), "rows": [list(r) for r in self.rows]}


#: What the statistics accept as a table: see :func:`as_table`.
Ratings = RatingsTable | Mapping[Any, Any] | Sequence[Sequence[Any]]


def as_table(
    data: Ratings,
    *,
    raters: Sequence[str] | None = None,
    units: Sequence[str] | None = None,
) -> RatingsTable:
    """Normalise the accepted input shapes to a :class:`RatingsTable`.

    Accepted: a ``RatingsTable``; a list of rows (units x raters); ``{unit: {rater: value}}``
    (raters missing from a unit's dict are missing ratings); or ``{unit: [values]}``.  ``None``,
    NaN, empty strings and "na" / "n/a" are all missing.
    """
    if isinstance(data, RatingsTable):
        return data
    if isinstance(data, Mapping):
        unit_names = [str(u) for u in data]
        inner = list(data.values())
        if inner and all(isinstance(r, Mapping) for r in inner):
            if raters is not None:
                raise ValueError("raters= cannot be combined with a {unit: {rater: value}} table")
            by_name = [{str(k): v for k, v in r.items()} for r in inner]
            # Raters in first-seen order; a rater absent from a unit's dict has a missing rating.
            raters = list(dict.fromkeys(name for r in by_name for name in r))
            rows = [[r.get(name) for name in raters] for r in by_name]
        else:
            rows = [list(r) for r in inner]
        units = unit_names
    else:
        rows = [list(r) for r in data]
    width = len(rows[0]) if rows else 0
    for i, row in enumerate(rows):
        if len(row) != width:
            name = units[i] if units is not None else str(i + 1)
            raise ValueError(f"unit {name!r}: expected {width} ratings (one per rater), got {len(row)}")
    if units is None:
        units = [str(i + 1) for i in range(len(rows))]
    if raters is None:
        raters = [f"rater{j + 1}" for j in range(width)]
    if len(units) != len(rows) or len(raters) != width:
        raise ValueError(f"table is {len(rows)} x {width} but got {len(units)} unit and {len(raters)} rater names")
    clean = tuple(tuple(None if is_missing(v) else v for v in row) for row in rows)
    return RatingsTable(tuple(units), tuple(raters), clean)
