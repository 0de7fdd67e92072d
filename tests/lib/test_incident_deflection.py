"""The pure deflection maths (kohtaamo.lib.incident_deflection), property-tested."""

import math

from hypothesis import given
from hypothesis import strategies as st

from kohtaamo.lib.incident_deflection import (
    Stratum,
    contacts_split,
    exposure_split,
    rate_ratio,
    stratified_deflection,
)

times = st.floats(min_value=0, max_value=100, allow_nan=False)


@given(st.lists(st.one_of(st.none(), times), min_size=1, max_size=30), st.integers(1, 12))
def test_exposure_before_and_after_adds_up_to_everyones_time(notified_at, bins):
    edges = [i * 100 / bins for i in range(bins + 1)]
    before, after = exposure_split(0, 100, notified_at, edges)
    assert math.isclose(before.sum() + after.sum(), 100 * len(notified_at), rel_tol=1e-9)
    assert (before >= -1e-9).all() and (after >= -1e-9).all()


def test_a_customer_never_told_is_all_control():
    before, after = exposure_split(0, 10, [None], [0, 5, 10])
    assert list(before) == [5, 5] and list(after) == [0, 0]


def test_contacts_are_split_at_the_notification():
    control, notified = contacts_split([1, 6, 7], [5, 5, None], [0, 5, 10])
    assert list(control) == [1, 1] and list(notified) == [0, 1]


@given(st.lists(st.tuples(st.integers(0, 50), st.floats(1, 500), st.integers(0, 50), st.floats(1, 500)), min_size=1,
                max_size=20))  # fmt: skip
def test_the_interval_contains_the_estimate(rows):
    d = stratified_deflection([Stratum(*row) for row in rows])
    assert d.low <= d.avoided <= d.high


def test_equal_rates_avoid_nothing():
    d = stratified_deflection([Stratum(10, 100.0, 20, 200.0), Stratum(5, 50.0, 5, 50.0)])
    assert math.isclose(d.avoided, 0, abs_tol=1e-9) and d.low < 0 < d.high


def test_a_halved_rate_after_notification_avoids_the_difference():
    # Control: 0.2 contacts an hour; notified: 0.1 over 1,000 hours → 100 contacts avoided.
    d = stratified_deflection([Stratum(100, 1000.0, 200, 1000.0)])
    assert math.isclose(d.avoided, 100)
    assert 50 < d.low < 100 < d.high < 150


def test_strata_without_both_groups_are_skipped_and_too_few_contacts_are_flagged():
    d = stratified_deflection([Stratum(3, 10.0, 0, 0.0), Stratum(1, 10.0, 2, 10.0)])
    assert d.notified_contacts == 1 and d.too_few


def test_the_rate_ratio_against_the_baseline():
    r = rate_ratio(90, 100.0, 30, 100.0)
    assert math.isclose(r.ratio, 3) and r.low < 3 < r.high and math.isclose(r.excess, 60)
    assert rate_ratio(1, 100.0, 2, 100.0).too_few


def test_a_stratum_where_almost_everyone_is_in_one_group_does_not_swamp_the_interval():
    # The send's last quarter-hour: 2 customer-hours still waiting against 300 told, one contact each side.
    balanced = [Stratum(20, 150.0, 40, 150.0), Stratum(15, 200.0, 20, 100.0)]
    tail = Stratum(1, 300.0, 1, 2.0)
    d = stratified_deflection([*balanced, tail])
    assert d == stratified_deflection(balanced)
    assert d.clear and d.high - d.low < 60
    assert stratified_deflection([*balanced, tail], min_share=0).high - d.high > 100
