"""Customer-feedback statistics (NPS, CSAT, CES) without Django.

Pure functions over answer tallies so the numbers can be tested exhaustively and reused
from views, tasks and exports alike. Every figure comes with n, a 95 % interval and a
``too_few`` flag; differences come with a p-value; many-group comparisons are
FDR-adjusted. See ``docs/metrics.md`` for the definitions and formulas.

Submodules: :mod:`.scales` (scales, validated tallies), :mod:`.estimates` (single
figures), :mod:`.compare` (two-sample differences), :mod:`.groups` (multiple
comparisons, funnel limits, ranking), :mod:`.drivers` (key-driver importance).
"""

from .compare import Difference, compare, compare_means, compare_nps_counts, compare_proportions
from .drivers import (
    MAX_SHAPLEY_DRIVERS,
    DriverImportance,
    KeyDrivers,
    key_drivers,
    relative_weights,
    shapley_importance,
)
from .estimates import (
    DEFAULT_MIN_N,
    CesSummary,
    CsatSummary,
    Estimate,
    Metric,
    NpsCounts,
    ces,
    csat,
    estimate,
    mean_estimate,
    nps,
    nps_from_counts,
    proportion_estimate,
    wilson_interval,
)
from .groups import (
    Flag,
    FunnelLimits,
    GroupComparison,
    GroupReport,
    RankedGroup,
    Ranking,
    benjamini_hochberg,
    compare_groups,
    funnel_curve,
    funnel_limits,
    rank_groups,
)
from .scales import CES_1_5_LEGACY, CES_1_7, CSAT_1_5, NPS_0_10, SCALES, Scale, Tally, get_scale

__all__ = [
    "CES_1_5_LEGACY",
    "CES_1_7",
    "CSAT_1_5",
    "DEFAULT_MIN_N",
    "MAX_SHAPLEY_DRIVERS",
    "NPS_0_10",
    "SCALES",
    "CesSummary",
    "CsatSummary",
    "Difference",
    "DriverImportance",
    "Estimate",
    "Flag",
    "FunnelLimits",
    "GroupComparison",
    "GroupReport",
    "KeyDrivers",
    "Metric",
    "NpsCounts",
    "RankedGroup",
    "Ranking",
    "Scale",
    "Tally",
    "benjamini_hochberg",
    "ces",
    "compare",
    "compare_groups",
    "compare_means",
    "compare_nps_counts",
    "compare_proportions",
    "csat",
    "estimate",
    "funnel_curve",
    "funnel_limits",
    "get_scale",
    "key_drivers",
    "mean_estimate",
    "nps",
    "nps_from_counts",
    "proportion_estimate",
    "rank_groups",
    "relative_weights",
    "shapley_importance",
    "wilson_interval",
]
