"""Normal and Student t quantiles and tail probabilities, fast enough to call per dashboard cell.

``scipy.stats.norm.ppf`` and ``stats.t.ppf`` validate and broadcast their arguments on every call,
about a millisecond each; a dashboard computes several hundred intervals, so that overhead alone was a
third of its time. The special functions underneath give the same numbers without it, and the normal
quantile of a confidence level is cached (there are only a few levels in use).
"""

from functools import lru_cache
from statistics import NormalDist

from scipy import special

_STANDARD_NORMAL = NormalDist()


@lru_cache(maxsize=64)
def normal_quantile(p: float) -> float:
    """The standard normal's ``p`` quantile (``norm.ppf``)."""
    return _STANDARD_NORMAL.inv_cdf(p)


def normal_two_sided_p(z: float) -> float:
    """Two-sided p-value of a z statistic (``2 · norm.sf(|z|)``)."""
    return float(special.erfc(abs(z) / 2**0.5))


def t_quantile(p: float, df: float) -> float:
    """Student's t quantile with ``df`` degrees of freedom (``t.ppf``), df may be fractional (Welch)."""
    return float(special.stdtrit(df, p))


def t_two_sided_p(t: float, df: float) -> float:
    """Two-sided p-value of a t statistic (``2 · t.sf(|t|, df)``)."""
    return float(2.0 * special.stdtr(df, -abs(t)))
