"""The plain-language verdict rules: the edges of every band, and "too few to say" below each minimum n."""

import math

import pytest

from kohtaamo.lib import verdicts
from kohtaamo.lib.cxmetrics import compare_proportions
from kohtaamo.lib.qa.stats import cx_verdict
from kohtaamo.lib.verdicts import (
    alpha_verdict,
    change_verdict,
    followup_verdict,
    group_verdict,
    icc_verdict,
    wape_verdict,
)


def key(v: verdicts.Verdict) -> tuple[str, str, str]:
    return (v.key, v.tone, v.arrow)


class TestChange:
    def test_a_rise_whose_interval_excludes_zero_is_better(self):
        assert key(change_verdict(4.0, 1.0, 7.0, 0.01, too_few=False)) == ("better", "good", "↑")

    def test_a_fall_is_worse_and_points_down(self):
        assert key(change_verdict(-4.0, -7.0, -1.0, 0.01, too_few=False)) == ("worse", "bad", "↓")

    def test_where_lower_is_better_a_fall_is_better_but_still_points_down(self):
        assert key(change_verdict(-4.0, -7.0, -1.0, 0.01, too_few=False, higher_is_better=False)) == (
            "better",
            "good",
            "↓",
        )
        assert change_verdict(4.0, 1.0, 7.0, 0.01, too_few=False, higher_is_better=False).key == "worse"

    def test_an_interval_that_touches_zero_is_no_clear_difference(self):
        assert key(change_verdict(4.0, 0.0, 8.0, 0.04, too_few=False)) == ("no_difference", "neutral", "→")
        assert change_verdict(-4.0, -8.0, 0.0, 0.04, too_few=False).key == "no_difference"

    def test_p_at_the_level_is_no_clear_difference_even_if_the_interval_misses_zero(self):
        # Newcombe's interval and the pooled z-test can disagree at the margin: then the verdict holds back.
        assert change_verdict(4.0, 0.1, 8.0, 0.05, too_few=False).key == "no_difference"
        assert change_verdict(4.0, 0.1, 8.0, 0.0499, too_few=False).key == "better"

    def test_too_few_or_no_figure_is_too_few_to_say(self):
        assert key(change_verdict(40.0, 30.0, 50.0, 0.0001, too_few=True)) == ("too_few", "few", "")
        assert change_verdict(math.nan, math.nan, math.nan, math.nan, too_few=False).key == "too_few"
        assert change_verdict(None, None, None, None, too_few=False).key == "too_few"

    def test_a_real_comparison_below_thirty_answers_is_too_few(self):
        d = compare_proportions(29, 29, 0, 29)  # 100 % vs 0 %, but 29 on each side
        assert d.too_few and change_verdict(d.difference, d.ci_low, d.ci_high, d.p_value, too_few=d.too_few).key == (
            "too_few"
        )
        d = compare_proportions(30, 30, 0, 30)
        assert change_verdict(d.difference, d.ci_low, d.ci_high, d.p_value, too_few=d.too_few).key == "better"

    def test_the_qa_to_cx_page_uses_the_same_rule(self):
        assert cx_verdict(compare_proportions(30, 30, 0, 30)) == "helps"
        assert cx_verdict(compare_proportions(0, 30, 30, 30)) == "hurts"
        assert cx_verdict(compare_proportions(15, 30, 16, 30)) == "no_effect"
        assert cx_verdict(compare_proportions(15, 29, 16, 30)) == "no_evidence"


class TestGroupsAndFollowUps:
    def test_breakdown_flags_read_like_every_other_comparison(self):
        assert [key(group_verdict(f)) for f in ("above", "below", "no_evidence", "too_few", "")] == [
            ("better", "good", "↑"),
            ("worse", "bad", "↓"),
            ("no_difference", "neutral", "→"),
            ("too_few", "few", ""),
            ("too_few", "few", ""),
        ]

    def test_a_follow_up_arrow_shows_the_direction_and_the_colour_whether_it_is_good(self):
        assert key(followup_verdict("improved", -240.0, higher_is_better=False)) == ("better", "good", "↓")
        assert key(followup_verdict("short_of_target", 3.0, higher_is_better=True)) == ("better", "good", "↑")
        assert key(followup_verdict("worse", 5.0, higher_is_better=False)) == ("worse", "bad", "↑")
        assert followup_verdict("no_change", 0.4, higher_is_better=True).key == "no_difference"
        assert followup_verdict("too_few", None, higher_is_better=True).key == "too_few"

    def test_a_follow_up_still_running_has_no_verdict_yet(self):
        assert followup_verdict("window_open", None, higher_is_better=True) is None
        assert followup_verdict("", None, higher_is_better=True) is None


class TestIcc:
    @pytest.mark.parametrize(
        ("icc", "expected"),
        [
            (1.0, "excellent"),
            (0.901, "excellent"),
            (0.90, "good"),  # Koo & Li: "between 0.75 and 0.9" is good, "greater than 0.90" excellent
            (0.75, "good"),
            (0.749, "moderate"),
            (0.50, "moderate"),
            (0.499, "poor"),
            (-0.2, "poor"),
        ],
    )
    def test_koo_and_li_bands(self, icc, expected):
        assert icc_verdict(icc, units=verdicts.ICC_MIN_UNITS, raters=3).key == expected

    def test_tones(self):
        assert [icc_verdict(v, 10).tone for v in (0.95, 0.8, 0.6, 0.2)] == ["good", "good", "neutral", "bad"]

    def test_below_the_minimum_of_interactions_or_raters_is_too_few(self):
        assert icc_verdict(0.95, units=verdicts.ICC_MIN_UNITS - 1).key == "too_few"
        assert icc_verdict(0.95, units=20, raters=1).key == "too_few"
        assert icc_verdict(None, units=20).key == "too_few"
        assert icc_verdict(math.nan, units=20).key == "too_few"


class TestAlpha:
    @pytest.mark.parametrize(
        ("alpha", "expected"),
        [
            (1.0, "reliable"),
            (0.800, "reliable"),
            (0.7999, "tentative"),
            (0.667, "tentative"),
            (0.6669, "unreliable"),
            (-0.3, "unreliable"),
        ],
    )
    def test_krippendorffs_thresholds(self, alpha, expected):
        assert alpha_verdict(alpha, units=verdicts.ALPHA_MIN_UNITS).key == expected

    def test_below_the_minimum_or_undefined_is_too_few(self):
        assert alpha_verdict(1.0, units=verdicts.ALPHA_MIN_UNITS - 1).key == "too_few"
        assert alpha_verdict(None, units=50).key == "too_few"


class TestWape:
    @pytest.mark.parametrize(
        ("wape", "expected", "tone"),
        [
            (0.0, "good", "good"),
            (0.10, "good", "good"),
            (0.1001, "fair", "neutral"),
            (0.20, "fair", "neutral"),
            (0.2001, "poor", "bad"),
            (1.5, "poor", "bad"),
        ],
    )
    def test_daily_wape_bands(self, wape, expected, tone):
        v = wape_verdict(wape, holdout_days=28, actual_total=5000)
        assert (v.key, v.tone) == (expected, tone)

    def test_a_short_or_thin_backtest_is_too_few(self):
        assert wape_verdict(0.05, holdout_days=verdicts.WAPE_MIN_DAYS - 1, actual_total=5000).key == "too_few"
        assert wape_verdict(0.05, holdout_days=28, actual_total=verdicts.WAPE_MIN_CONTACTS - 1).key == "too_few"
        assert wape_verdict(0.05, holdout_days=verdicts.WAPE_MIN_DAYS, actual_total=verdicts.WAPE_MIN_CONTACTS).key == (
            "good"
        )
        assert wape_verdict(None, holdout_days=28, actual_total=5000).key == "too_few"
