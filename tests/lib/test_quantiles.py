"""The fast quantiles give scipy.stats' numbers: the dashboard's intervals must not move by a digit."""

import math

import pytest
from scipy import stats

from kohtaamo.lib.cxmetrics.quantiles import normal_quantile, normal_two_sided_p, t_quantile, t_two_sided_p

LEVELS = (0.8, 0.9, 0.95, 0.99, 0.999)


@pytest.mark.parametrize("confidence", LEVELS)
def test_normal_quantile_is_norm_ppf(confidence: float) -> None:
    p = 0.5 + confidence / 2
    assert math.isclose(normal_quantile(p), stats.norm.ppf(p), rel_tol=1e-12)


@pytest.mark.parametrize("df", [1, 2.5, 9, 99.3, 1e5])
@pytest.mark.parametrize("confidence", LEVELS)
def test_t_quantile_is_t_ppf_also_for_welch_fractional_df(confidence: float, df: float) -> None:
    p = 0.5 + confidence / 2
    assert math.isclose(t_quantile(p, df), stats.t.ppf(p, df), rel_tol=1e-10)


@pytest.mark.parametrize("statistic", [0.0, 0.1, -1.96, 5.0, 12.0])
def test_two_sided_p_values_are_scipys(statistic: float) -> None:
    assert math.isclose(normal_two_sided_p(statistic), 2 * stats.norm.sf(abs(statistic)), rel_tol=1e-10)
    for df in (1, 3.7, 50, 1e4):
        assert math.isclose(t_two_sided_p(statistic, df), 2 * stats.t.sf(abs(statistic), df), rel_tol=1e-9)


def test_a_famous_value() -> None:
    assert round(normal_quantile(0.975), 5) == 1.95996
    assert round(t_quantile(0.975, 10), 4) == 2.2281  # the t table's 10 degrees of freedom
