"""IQS intervals from the sums the database pre-aggregates."""

import math

import pytest

from kohtaamo.lib.qa.stats import mean_from_sums


def test_mean_from_sums_matches_the_direct_computation():
    values = [70.0, 85.0, 90.0, 100.0, 55.0]
    e = mean_from_sums(len(values), sum(values), sum(v * v for v in values), min_n=3)
    assert e.value == pytest.approx(80.0) and not e.too_few
    half = 2.7764 * 17.678 / math.sqrt(5)  # t(4) × sd / √n
    assert e.ci_low == pytest.approx(80 - half, abs=0.01) and e.ci_high == pytest.approx(min(100, 80 + half), abs=0.01)
