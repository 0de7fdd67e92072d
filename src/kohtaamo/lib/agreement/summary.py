"""Everything a calibration report shows about agreement, in one JSON-ready dict."""

from __future__ import annotations

from typing import Any

from .alpha import krippendorff_alpha
from .bias import rater_bias
from .icc import icc
from .percent import percent_agreement
from .table import Ratings, as_table

__all__ = ["summarise"]


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def summarise(data: Ratings, *, reference: str | None = None, tolerance: float = 0.0) -> dict[str, Any]:
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
