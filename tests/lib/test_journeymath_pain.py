"""Pain-point ranking, the effort index and the before/after verdicts, without a database."""

import math

import numpy as np
import pytest

from kohtaamo.lib.cxmetrics import NpsCounts
from kohtaamo.lib.journeymath.effort import effort_points, validate_against_ces
from kohtaamo.lib.journeymath.followup import Outcome, Reason, Sample, follow_up
from kohtaamo.lib.journeymath.pain import ContactSignals, rank_pain_points
from kohtaamo.lib.journeymath.paths import Events, journeys


def signals(n, *, repeat=(), escalated=(), csat=None):
    flags = np.zeros(n, dtype=bool)
    rep, esc = flags.copy(), flags.copy()
    rep[list(repeat)] = True
    esc[list(escalated)] = True
    nan = np.full(n, np.nan)
    return ContactSignals(rep, esc, flags.copy(), flags.copy(), nan.copy(), nan.copy() if csat is None else csat,
                          nan.copy(), nan.copy())  # fmt: skip


def test_it_ranks_groups_by_volume_times_problem_rate():
    # Group a: 100 contacts, 20 % repeat = 20 problems. Group b: 40 contacts, 45 % repeat = 18 problems.
    # Group c: 60 contacts, 60 % escalated = 36 problems: the biggest impact though not the most contacts.
    group = np.array([0] * 100 + [1] * 40 + [2] * 60)
    repeat = list(range(0, 20)) + list(range(100, 118))
    s = signals(200, repeat=repeat, escalated=range(140, 176))
    ranking = rank_pain_points(s, np.arange(200), group, ("a", "b", "c"))
    assert [(p.key, p.problems, p.rank) for p in ranking.ranked] == [("c", 36, 1), ("a", 20, 2), ("b", 18, 3)]
    c = ranking.ranked[0]
    assert c.impact_low < 36 < c.impact_high
    assert c.escalated.value == pytest.approx(60.0)


def test_groups_with_too_few_contacts_are_listed_but_never_ranked():
    group = np.array([0] * 50 + [1] * 5)
    ranking = rank_pain_points(signals(55, repeat=range(50, 55)), np.arange(55), group, ("big", "tiny"))
    assert [p.key for p in ranking.ranked] == ["big"]
    assert [p.key for p in ranking.too_few] == ["tiny"]


def test_equal_impact_shares_a_rank():
    group = np.array([0] * 40 + [1] * 40)
    ranking = rank_pain_points(signals(80, repeat=[*range(10), *range(40, 50)]), np.arange(80), group, ("x", "y"))
    assert [p.rank for p in ranking.ranked] == [1, 1]


def test_a_dissatisfied_answer_counts_as_a_problem_and_csat_is_compared_with_the_rest():
    csat = np.full(80, np.nan)
    csat[:40] = 2  # group 0 unhappy
    csat[40:] = 5
    ranking = rank_pain_points(signals(80, csat=csat), np.arange(80), np.array([0] * 40 + [1] * 40), ("x", "y"))
    x = next(p for p in ranking.ranked if p.key == "x")
    assert x.problems == 40
    assert x.csat_vs_rest.difference == pytest.approx(-100.0)
    assert x.csat_vs_rest.p_value < 0.001


def test_overlapping_groups_are_each_measured_on_their_own_members():
    contacts, groups = np.array([0, 1, 2, 1, 2, 3]), np.array([0, 0, 0, 1, 1, 1])
    ranking = rank_pain_points(signals(4, repeat=[1]), contacts, groups, ("p", "q"), min_n=1)
    assert {p.key: (p.n, p.problems) for p in ranking.ranked} == {"p": (3, 1), "q": (3, 1)}


def test_effort_points_add_contacts_switches_days_and_unresolved():
    events = Events.from_rows([(1, "chat", 0, False), (1, "phone", 2 * 86400, True), (2, "phone", 0, False)])
    points = effort_points(journeys(events))
    assert points.tolist() == [1 + 1 + 2, 2]


def test_the_effort_index_agrees_with_ces_when_harder_journeys_get_lower_answers():
    rng = np.random.default_rng(3)
    points = rng.integers(0, 8, 200).astype(float)
    ces = np.clip(7 - points * 0.7 + rng.normal(0, 1, 200), 1, 7).round()
    ces[:50] = np.nan  # unanswered journeys are left out
    check = validate_against_ces(points, ces)
    assert check.n == 150 and check.agrees is True and check.ci_low < check.rho < check.ci_high < 0


def test_too_few_ces_answers_make_no_claim():
    assert validate_against_ces(np.arange(10.0), np.arange(10.0)).agrees is None


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
