"""Rater bias: which evaluators score more leniently or more harshly than the reference."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from .table import Ratings, RatingsTable, as_table, is_missing

__all__ = ["RaterBias", "Reference", "rater_bias"]

#: A rater column's name, per-unit gold values (in unit order or by unit), or None for consensus.
Reference = str | Sequence[float | None] | Mapping[str, float | None] | None


@dataclass(frozen=True)
class RaterBias:
    """One rater's deviation from the reference; positive = lenient, negative = harsh."""

    rater: str
    mean_deviation: float | None
    mean_abs_deviation: float | None
    n_units: int
    verdict: Literal["lenient", "harsh", "aligned", "no data"]


def rater_bias(data: Ratings, reference: Reference = None, *, tolerance: float = 0.0) -> dict[str, RaterBias]:
    """Each rater's mean signed deviation from a reference, to spot lenient and harsh evaluators.

    ``reference`` is the name of a rater column holding the gold standard (e.g. the QA lead; it
    is then not reported itself), a per-unit sequence or ``{unit: value}`` mapping of gold
    values, or None for consensus: the mean of the *other* raters on that unit, so that a rater
    is never compared with themselves.  Units where the rater or the reference is missing are
    skipped.  ``verdict`` is "aligned" when ``|mean deviation| <= tolerance``.
    """
    table = as_table(data)
    if not table.is_numeric:
        raise ValueError("rater bias needs numeric ratings")
    gold = _gold(table, reference)
    raters = list(table.raters)
    if isinstance(reference, str):
        raters.remove(reference)  # the gold standard is not a rater under review
    out: dict[str, RaterBias] = {}
    for rater in raters:
        deviations = _deviations(table, table.raters.index(rater), gold)
        if not deviations:
            out[rater] = RaterBias(rater, None, None, 0, "no data")
            continue
        mean = math.fsum(deviations) / len(deviations)
        mad = math.fsum(abs(d) for d in deviations) / len(deviations)
        verdict: Literal["lenient", "harsh", "aligned"] = (
            "aligned" if abs(mean) <= tolerance + 1e-9 else ("lenient" if mean > 0 else "harsh")
        )
        out[rater] = RaterBias(rater, mean, mad, len(deviations), verdict)
    return out


def _gold(table: RatingsTable, reference: Reference) -> list[float | None] | None:
    """The reference value per unit, in unit order; None means consensus of the other raters."""
    if reference is None:
        return None
    if isinstance(reference, str):
        if reference not in table.raters:
            raise ValueError(f"reference rater {reference!r} is not in the table ({', '.join(table.raters)})")
        return table.column(reference)
    if isinstance(reference, Mapping):
        unknown = set(map(str, reference)) - set(table.units)
        if unknown:
            raise ValueError(f"reference names unknown unit(s): {', '.join(sorted(unknown))}")
        ref = {str(k): v for k, v in reference.items()}
        return [None if is_missing(ref.get(u)) else ref.get(u) for u in table.units]
    gold = [None if is_missing(v) else v for v in reference]
    if len(gold) != len(table.units):
        raise ValueError(f"reference has {len(gold)} values but the table has {len(table.units)} units")
    return gold


def _deviations(table: RatingsTable, j: int, gold: list[float | None] | None) -> list[float]:
    """Rater ``j``'s rating minus the reference, for every unit where both exist."""
    deviations = []
    for i, row in enumerate(table.rows):
        mine = row[j]
        if mine is None:
            continue
        if gold is None:
            others = [v for jj, v in enumerate(row) if jj != j and v is not None]
            target = math.fsum(others) / len(others) if others else None
        else:
            target = gold[i]
        if target is not None:
            deviations.append(float(mine) - float(target))
    return deviations
