"""Percent agreement: the share of rater pairs who gave a unit the same rating."""

from __future__ import annotations

from typing import Any

from .table import Ratings, as_table, is_number

__all__ = ["percent_agreement"]


def _agree(a: Any, b: Any, tolerance: float) -> bool:
    if tolerance > 0 and is_number(a) and is_number(b):
        return abs(a - b) <= tolerance + 1e-9
    return a == b


def percent_agreement(data: Ratings, *, tolerance: float = 0.0) -> float | None:
    """Pairwise percent agreement, 0-100, pooled over all rater pairs within each unit.

    Only units with at least two ratings contribute.  ``tolerance`` treats numeric ratings that
    differ by at most that much as agreeing (useful for 0-10 items).  None when no unit has two
    ratings.  Not chance-corrected: with a 95 % "yes" rate two careless raters already agree
    ~90 % of the time, which is why alpha is reported next to it.
    """
    table = as_table(data)
    agree = pairs = 0
    for row in table.rows:
        values = [v for v in row if v is not None]
        for i in range(len(values)):
            for j in range(i + 1, len(values)):
                pairs += 1
                agree += _agree(values[i], values[j], tolerance)
    return agree / pairs * 100.0 if pairs else None
