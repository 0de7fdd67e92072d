"""Pain-point ranking: impact is volume times problem rate, with too-small groups never ranked."""

import numpy as np
import pytest

from kohtaamo.lib.journeymath.pain import ContactSignals, rank_pain_points


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
