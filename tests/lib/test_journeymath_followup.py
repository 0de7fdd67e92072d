"""Before/after verdicts on an action: reached, missed, worse or not yet measurable."""

import math

import pytest

from kohtaamo.lib.cxmetrics import NpsCounts
from kohtaamo.lib.journeymath.followup import Outcome, Reason, Sample, follow_up


def proportion(rate, n):
    return Sample.proportion(round(rate * n), n)


def test_a_significant_improvement_that_meets_the_target_reached_the_goal():
    verdict = follow_up(before=proportion(0.20, 1000), after=proportion(0.12, 1000), higher_is_better=False, target=15)
    assert verdict.outcome is Outcome.REACHED
    assert verdict.difference == pytest.approx(-8.0) and verdict.p_value < 0.001


def test_an_improvement_short_of_the_target_missed_it():
    verdict = follow_up(before=proportion(0.20, 1000), after=proportion(0.16, 1000), higher_is_better=False, target=10)
    assert (verdict.outcome, verdict.reason) == (Outcome.MISSED, Reason.SHORT_OF_TARGET)


def test_no_significant_change_is_a_miss_not_a_win():
    verdict = follow_up(before=proportion(0.20, 200), after=proportion(0.18, 200), higher_is_better=False, target=19)
    assert (verdict.outcome, verdict.reason) == (Outcome.MISSED, Reason.NO_CHANGE)


def test_a_change_the_wrong_way_is_called_worse():
    verdict = follow_up(before=Sample.mean([60.0, 70, 80] * 20), after=Sample.mean([90.0, 100, 110] * 20),
                        higher_is_better=False)  # fmt: skip
    assert verdict.reason is Reason.WORSE


def test_too_few_data_is_not_yet_measurable():
    verdict = follow_up(before=proportion(0.5, 10), after=proportion(0.1, 10), higher_is_better=False)
    assert verdict.outcome is Outcome.NOT_MEASURABLE and math.isnan(verdict.p_value)


def test_a_seasonal_swing_seen_a_year_earlier_is_not_credited_to_the_action():
    # Repeat rate fell 20 → 15 %, but a year earlier it fell 20 → 15 % over the same weeks too.
    year_before = (proportion(0.20, 2000), proportion(0.15, 2000))
    verdict = follow_up(before=proportion(0.20, 2000), after=proportion(0.15, 2000), higher_is_better=False,
                        year_before=year_before)  # fmt: skip
    assert verdict.seasonal_change == pytest.approx(-5.0)
    assert verdict.difference == pytest.approx(0.0, abs=1e-9)
    assert verdict.reason is Reason.NO_CHANGE


def test_nps_is_compared_with_the_adjusted_wald_test():
    before, after = Sample.net_promoter(NpsCounts(100, 100, 100)), Sample.net_promoter(NpsCounts(160, 100, 40))
    verdict = follow_up(before=before, after=after, higher_is_better=True, target=30)
    assert verdict.outcome is Outcome.REACHED and verdict.difference == pytest.approx(40.0)
