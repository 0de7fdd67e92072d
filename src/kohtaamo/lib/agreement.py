"""Inter-rater agreement statistics for quality calibration sessions.

In a calibration session several evaluators score the same interactions; these functions tell
whether they agree, and which evaluator drifts.  The input is always a *units x raters* table
(one row per interaction or question instance, one column per evaluator) where a missing
rating is ``None`` -- N/A answers are missing too, because "not applicable" is not a position on
the scale.

Which statistic answers what (see ``docs/quality-scoring.md``):

* :func:`percent_agreement` -- easy to explain to team leads, but inflated by chance;
* :func:`krippendorff_alpha` -- chance-corrected, copes with missing ratings and any number of
  raters; use ``nominal`` for yes/no items, ``ordinal`` for 1-5 items, ``interval`` for scores;
* :func:`icc` -- for total scores; ICC(2,1) (absolute agreement) is the one to show, because a
  systematically harsh evaluator *is* a calibration problem, which ICC(3,1) would hide;
* :func:`rater_bias` -- each evaluator's mean signed deviation: lenient (+) or harsh (-).

Pure Python + numpy so that the CLI, the web app and tests share one implementation.
"""

from __future__ import annotations

import csv
import io
import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TextIO

import numpy as np

__all__ = [
    "ICCResult",
    "RaterBias",
    "RatingsTable",
    "as_table",
    "icc",
    "krippendorff_alpha",
    "percent_agreement",
    "rater_bias",
    "read_ratings_csv",
    "summarise",
]

Metric = Literal["nominal", "ordinal", "interval", "ratio"]

# Strings that mean "no rating".  "na" is included so that QA answers can be passed as they are.
_MISSING_STRINGS = frozenset({"", "na", "n/a", "nan", "-"})


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip().lower() in _MISSING_STRINGS


def _is_number(value: object) -> bool:
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
        return all(_is_number(v) for row in self.rows for v in row if v is not None)

    def to_dict(self) -> dict[str, Any]:
        return {"units": list(self.units), "raters": list(self.raters), "rows": [list(r) for r in self.rows]}


def as_table(
    data: RatingsTable | Mapping[Any, Any] | Sequence[Sequence[Any]],
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
    clean = tuple(tuple(None if _is_missing(v) else v for v in row) for row in rows)
    return RatingsTable(tuple(units), tuple(raters), clean)


# --------------------------------------------------------------------------------------------
# Percent agreement


def _agree(a: Any, b: Any, tolerance: float) -> bool:
    if tolerance > 0 and _is_number(a) and _is_number(b):
        return abs(a - b) <= tolerance + 1e-9
    return a == b


def percent_agreement(data: Any, *, tolerance: float = 0.0) -> float | None:
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


# --------------------------------------------------------------------------------------------
# Krippendorff's alpha


def krippendorff_alpha(data: Any, metric: Metric = "nominal", *, order: Sequence[Any] | None = None) -> float | None:
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
    if metric in ("interval", "ratio") and not all(_is_number(v) for v in flat):
        bad = next(v for v in flat if not _is_number(v))
        raise ValueError(f"{metric} alpha needs numeric ratings, got {bad!r}")
    if order is not None:
        rank = {v: i for i, v in enumerate(order)}
        missing = sorted({repr(v) for v in flat if v not in rank})
        if missing:
            raise ValueError(f"values not in the given order: {', '.join(missing)}")
        values = [v for v in order if v in set(flat)]
    elif metric == "nominal":
        values = list(dict.fromkeys(flat))
    else:
        try:
            values = sorted(set(flat))
        except TypeError:
            raise ValueError(f"{metric} alpha needs values that can be ordered; pass order=") from None
    index = {v: i for i, v in enumerate(values)}

    size = len(values)
    coincidences = np.zeros((size, size))
    for unit in units:
        counts = np.zeros(size)
        for v in unit:
            counts[index[v]] += 1
        coincidences += (np.outer(counts, counts) - np.diag(counts)) / (len(unit) - 1)
    marginals = coincidences.sum(axis=1)
    n = marginals.sum()

    delta = _delta_squared(metric, values, marginals)
    expected = float((np.outer(marginals, marginals) * delta).sum())
    if expected <= 0:
        return None
    observed = float((coincidences * delta).sum())
    return 1.0 - (n - 1) * observed / expected


def _delta_squared(metric: str, values: list[Any], marginals: np.ndarray) -> np.ndarray:
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


# --------------------------------------------------------------------------------------------
# Intraclass correlation


@dataclass(frozen=True)
class ICCResult:
    """Single-rater ICCs for total scores (Shrout & Fleiss 1979 notation).

    ``icc2_1`` (two-way random effects, absolute agreement) is the headline figure in Kohtaamo:
    evaluators are a sample of the people who could score a call, and a harsh evaluator lowering
    every score must count as disagreement.  ``icc3_1`` (two-way mixed, consistency) ignores such
    constant offsets; a large gap between the two points at lenient/harsh raters (see
    :func:`rater_bias`).  Single-rater forms are used because in production one evaluator
    scores each call.  Units missing any rating are dropped (listwise), and listed.
    """

    icc2_1: float | None
    icc3_1: float | None
    n_units: int
    n_raters: int
    dropped_units: tuple[str, ...]


def icc(data: Any) -> ICCResult:
    """ICC(2,1) and ICC(3,1) from a two-way ANOVA of a complete units x raters table.

    Raters with no ratings at all are ignored; units with any other missing rating are dropped
    because the ANOVA formulas need a complete table.  Values are None when fewer than two units
    or raters remain, or when there is no variance at all.
    """
    table = as_table(data)
    if not table.is_numeric:
        raise ValueError("ICC needs numeric ratings (total scores)")
    keep_cols = [j for j in range(len(table.raters)) if any(row[j] is not None for row in table.rows)]
    rows, dropped = [], []
    for unit, row in zip(table.units, table.rows, strict=True):
        vals = [row[j] for j in keep_cols]
        if any(v is None for v in vals):
            dropped.append(unit)
        else:
            rows.append(vals)
    n, k = len(rows), len(keep_cols)
    if n < 2 or k < 2:
        return ICCResult(None, None, n, k, tuple(dropped))
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
    return ICCResult(icc2, icc3, n, k, tuple(dropped))


# --------------------------------------------------------------------------------------------
# Rater bias


@dataclass(frozen=True)
class RaterBias:
    """One rater's deviation from the reference; positive = lenient, negative = harsh."""

    rater: str
    mean_deviation: float | None
    mean_abs_deviation: float | None
    n_units: int
    verdict: Literal["lenient", "harsh", "aligned", "no data"]


def rater_bias(
    data: Any,
    reference: str | Sequence[float | None] | Mapping[str, float | None] | None = None,
    *,
    tolerance: float = 0.0,
) -> dict[str, RaterBias]:
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
    raters = list(table.raters)
    gold: list[float | None] | None
    if reference is None:
        gold = None
    elif isinstance(reference, str):
        if reference not in raters:
            raise ValueError(f"reference rater {reference!r} is not in the table ({', '.join(raters)})")
        gold = table.column(reference)
        raters.remove(reference)
    elif isinstance(reference, Mapping):
        unknown = set(map(str, reference)) - set(table.units)
        if unknown:
            raise ValueError(f"reference names unknown unit(s): {', '.join(sorted(unknown))}")
        ref = {str(k): v for k, v in reference.items()}
        gold = [None if _is_missing(ref.get(u)) else ref.get(u) for u in table.units]
    else:
        gold = [None if _is_missing(v) else v for v in reference]
        if len(gold) != len(table.units):
            raise ValueError(f"reference has {len(gold)} values but the table has {len(table.units)} units")

    out: dict[str, RaterBias] = {}
    for rater in raters:
        j = table.raters.index(rater)
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


# --------------------------------------------------------------------------------------------
# CSV input and a JSON-ready summary for the CLI


def _sniff_delimiter(header: str) -> str:
    # Finnish/Swedish Excel writes ';' with decimal commas; tabs come from copy-paste.
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_ratings_csv(source: str | os.PathLike[str] | TextIO, *, numeric: bool = True) -> RatingsTable:
    """Read a units x raters CSV: header row = rater names, first column = unit id.

    ``source`` is a path, an open text file, or the CSV text itself (a ``str`` containing a
    newline is taken as text, any other ``str`` as a path).  The delimiter (``,``, ``;`` or tab)
    is detected from the header; with ``;`` or tab a decimal comma is accepted.  Empty cells and
    NA / N/A / - are missing.  With ``numeric=True`` every other cell must be a number.  Bad
    input raises ``ValueError`` naming the line (and column) so the user can fix the file.
    """
    if isinstance(source, str) and "\n" in source:
        text = source
    elif isinstance(source, str | os.PathLike):
        with open(source, encoding="utf-8-sig", newline="") as fh:
            text = fh.read()
    else:
        text = source.read()
    text = text.removeprefix("\ufeff")
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = _sniff_delimiter(first_line)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)

    header: list[str] | None = None
    units: list[str] = []
    rows: list[list[Any]] = []
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue  # blank lines, including the trailing one editors add
        cells = [c.strip() for c in cells]
        if header is None:
            header = cells
            raters = header[1:]
            if not raters:
                raise ValueError(f"line {line}: header needs a unit column and at least one rater column")
            for name in raters:
                if not name:
                    raise ValueError(f"line {line}: empty rater name in the header")
            dupes = sorted({r for r in raters if raters.count(r) > 1})
            if dupes:
                raise ValueError(f"line {line}: duplicate rater name(s) {', '.join(dupes)}")
            continue
        if len(cells) != len(header):
            raise ValueError(
                f"line {line}: expected {len(header)} cells (unit id + {len(header) - 1} raters), got {len(cells)}"
            )
        unit = cells[0]
        if not unit:
            raise ValueError(f"line {line}: empty unit id in the first column")
        if unit in units:
            raise ValueError(f"line {line}: duplicate unit id {unit!r}")
        row: list[Any] = []
        for name, cell in zip(header[1:], cells[1:], strict=True):
            if _is_missing(cell):
                row.append(None)
            elif numeric:
                row.append(_parse_number(cell, delimiter, f"line {line}, rater {name!r}"))
            else:
                row.append(cell)
        units.append(unit)
        rows.append(row)
    if header is None:
        raise ValueError("the CSV is empty; expected a header row of rater names")
    if not rows:
        raise ValueError("the CSV has a header but no rating rows")
    return RatingsTable(tuple(units), tuple(header[1:]), tuple(tuple(r) for r in rows))


def _parse_number(cell: str, delimiter: str, where: str) -> float:
    candidate = cell.replace(",", ".") if delimiter != "," else cell
    try:
        value = float(candidate)
    except ValueError:
        raise ValueError(f"{where}: {cell!r} is not a number (leave the cell empty or write NA if missing)") from None
    if not math.isfinite(value):
        raise ValueError(f"{where}: {cell!r} is not a finite number")
    return value


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def summarise(data: Any, *, reference: str | None = None, tolerance: float = 0.0) -> dict[str, Any]:
    """Everything a calibration report shows, as a JSON-ready dict (rounded to 4 decimals).

    Numeric tables get all alpha metrics, ICC and rater bias; non-numeric ones only percent
    agreement and nominal alpha, because the other statistics need distances between values.
    """
    table = as_table(data)
    out: dict[str, Any] = {
        "units": len(table.units),
        "raters": list(table.raters),
        "pairable_units": sum(1 for row in table.rows if sum(v is not None for v in row) >= 2),
        "percent_agreement": _round(percent_agreement(table, tolerance=tolerance), 2),
        "krippendorff_alpha": {"nominal": _round(krippendorff_alpha(table, "nominal"))},
    }
    if table.is_numeric:
        out["krippendorff_alpha"]["ordinal"] = _round(krippendorff_alpha(table, "ordinal"))
        out["krippendorff_alpha"]["interval"] = _round(krippendorff_alpha(table, "interval"))
        result = icc(table)
        out["icc"] = {
            "icc2_1": _round(result.icc2_1),
            "icc3_1": _round(result.icc3_1),
            "shown": "icc2_1",
            "n_units": result.n_units,
            "n_raters": result.n_raters,
            "dropped_units": list(result.dropped_units),
        }
        out["rater_bias"] = {
            name: {
                "mean_deviation": _round(b.mean_deviation),
                "mean_abs_deviation": _round(b.mean_abs_deviation),
                "n_units": b.n_units,
                "verdict": b.verdict,
            }
            for name, b in rater_bias(table, reference, tolerance=tolerance).items()
        }
        out["reference"] = reference or "consensus"
    return out
