"""Agreement of automatic checks with evaluators: the figures and the verdicts."""

import pytest

from kohtaamo.lib.qa.auto_agreement import MIN_PAIRS, agreement_of


def pairs(agree_yes, agree_no, auto_yes_human_no, auto_no_human_yes):
    return ([(True, True)] * agree_yes + [(False, False)] * agree_no
            + [(True, False)] * auto_yes_human_no + [(False, True)] * auto_no_human_yes)  # fmt: skip


def test_perfect_agreement_is_trusted():
    result = agreement_of(pairs(30, 20, 0, 0))
    assert (result.n, result.percent, result.alpha, result.verdict) == (50, 1.0, 1.0, "trust")
    assert result.ci_low == result.ci_high == 1.0


def test_alpha_matches_the_hand_computed_value():
    # 2 raters, nominal: 10 units, 8 agree. Coincidences: o_11 = 2*4, o_00 = 2*4, o_10 = o_01 = 2;
    # n = 20, n_1 = n_0 = 10; alpha = 1 - (n-1) * D_o / D_e = 1 - 19 * 4 / (2 * 10 * 10) = 0.62
    result = agreement_of(pairs(4, 4, 1, 1))
    assert result.alpha == pytest.approx(0.62)
    assert result.percent == pytest.approx(0.8)
    assert result.verdict == "too_few"  # only 10 pairs


def test_chance_level_agreement_is_not_to_be_used():
    result = agreement_of(pairs(10, 10, 10, 10))
    assert result.alpha == pytest.approx(0.0, abs=0.03)
    assert result.verdict == "do_not_use"
    assert result.ci_low < 0 < result.ci_high


def test_tentative_agreement_is_reviewed():
    result = agreement_of(pairs(20, 16, 2, 2))
    assert 0.667 <= result.alpha < 0.9
    assert result.verdict in ("review", "trust")
    assert result.ci_low <= result.alpha <= result.ci_high


def test_a_check_that_always_passes_cannot_show_alpha():
    result = agreement_of([(True, True)] * MIN_PAIRS)
    assert result.alpha is None and result.verdict == "review"
    assert agreement_of([]).verdict == "too_few"


def test_the_bootstrap_is_repeatable():
    data = pairs(20, 10, 3, 2)
    assert agreement_of(data) == agreement_of(data)
