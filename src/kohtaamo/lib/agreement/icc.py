"""Intraclass correlation of total scores: do evaluators agree on how good a call was?"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .table import Ratings, RatingsTable, as_table

__all__ = ["ICCResult", "icc"]


@dataclass(frozen=True)
class ICCResult:
    """Single-rater ICCs for total scores (Shrout & Fleiss 1979 notation).

    ``icc2_1`` (two-way random effects, absolute agreement) is the headline figure in Kohtaamo:
    evaluators are a sample of the people who could score a call, and a harsh evaluator lowering
    every score must count as disagreement.  ``icc3_1`` (two-way mixed, consistency) ignores such
    constant offsets; a large gap between the two points at lenient/harsh raters (see
    :mod:`.bias`).  Single-rater forms are used because in production one evaluator scores each
    call.  Units missing any rating are dropped (listwise), and listed.
    """

    icc2_1: float | None
    icc3_1: float | None
    n_units: int
    n_raters: int
    dropped_units: tuple[str, ...]


def icc(data: Ratings) -> ICCResult:
    """ICC(2,1) and ICC(3,1) from a two-way ANOVA of a complete units x raters table.

    Raters with no ratings at all are ignored; units with any other missing rating are dropped
    because the ANOVA formulas need a complete table.  Values are None when fewer than two units
    or raters remain, or when there is no variance at all.
    """
    table = as_table(data)
    if not table.is_numeric:
        raise ValueError("ICC needs numeric ratings (total scores)")
    rows, k, dropped = _complete_rows(table)
    n = len(rows)
    if n < 2 or k < 2:
        return ICCResult(None, None, n, k, dropped)
    x = np.asarray(rows, dtype=float)
    grand = x.mean()
    ss_rows = k * float(((x.mean(axis=1) - grand) ** 2).sum())
    ss_cols = n * float(((x.mean(axis=0) - grand) ** 2).sum())
    ss_total = float(((x - grand) ** 2).sum())
    ss_error = max(ss_total - ss_rows - ss_cols, 0.0)
    msr = ss_rows / (n - 1)
    msc = ss_cols / (k - 1)
    mse = ss_error / ((n - 1) * (k - 1))
    denom2 = msr + (k - 1) * mse + k * (msc - mse) / n
    denom3 = msr + (k - 1) * mse
    icc2 = (msr - mse) / denom2 if denom2 > 1e-12 else None
    icc3 = (msr - mse) / denom3 if denom3 > 1e-12 else None
    return ICCResult(icc2, icc3, n, k, dropped)


def _complete_rows(table: RatingsTable) -> tuple[list[list[Any]], int, tuple[str, ...]]:
    """Listwise deletion: the rows rated by every rater who rated anything, that rater count, the dropped units."""
    keep_cols = [j for j in range(len(table.raters)) if any(row[j] is not None for row in table.rows)]
    rows, dropped = [], []
    for unit, row in zip(table.units, table.rows, strict=True):
        vals = [row[j] for j in keep_cols]
        if any(v is None for v in vals):
            dropped.append(unit)
        else:
            rows.append(vals)
    return rows, len(keep_cols), tuple(dropped)
