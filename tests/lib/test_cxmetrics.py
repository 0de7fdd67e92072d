"""Tests for kohtaamo.lib.cxmetrics: hand-computed values, properties, coverage, cross-checks.

Hand computations use z = 1.959964 (97.5 % normal quantile) unless stated otherwise.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

from kohtaamo.lib.cxmetrics import (
    CES_1_5_LEGACY,
    CES_1_7,
    CSAT_1_5,
    NPS_0_10,
    Estimate,
    Flag,
    Metric,
    NpsCounts,
    Tally,
    benjamini_hochberg,
    ces,
    compare,
    compare_groups,
    compare_means,
    compare_nps_counts,
    compare_proportions,
    csat,
    estimate,
    funnel_curve,
    funnel_limits,
    key_drivers,
    mean_estimate,
    nps,
    nps_from_counts,
    proportion_estimate,
    rank_groups,
    relative_weights,
    shapley_importance,
    wilson_interval,
)

FAST = settings(max_examples=150, deadline=None)
counts = st.integers(min_value=0, max_value=400)


def width(e: Estimate) -> float:
    return e.ci_high - e.ci_low


# --------------------------------------------------------------------------- hand-computed values


def test_nps_hand_computed():
    # 5 promoters (9–10), 3 passives (7–8), 2 detractors (0–6); n = 10.
    # NPS = 100·(5 − 2)/10 = 30.
    # Adjusted Wald: n̂ = 13, p̂P = 5.75/13 = 0.4423077, p̂D = 2.75/13 = 0.2115385,
    # adj = 0.2307692, var = 0.4423077 + 0.2115385 − 0.2307692² = 0.6005917,
    # se = √(0.6005917/13) = 0.2149405, half = 1.959964·0.2149405 = 0.4212756
    # → CI = [−0.1905064, 0.6520448] → [−19.05064, 65.20448].
    answers = [10, 9, 10, 9, 10, 7, 8, 8, 6, 0]
    e = nps(answers, min_n=5)
    assert e.value == pytest.approx(30.0)
    assert e.n == 10
    assert e.ci_low == pytest.approx(-19.05064, abs=1e-4)
    assert e.ci_high == pytest.approx(65.20448, abs=1e-4)
    assert e.too_few is False
    assert nps(answers).too_few is True  # default min_n = 30
    assert nps_from_counts(NpsCounts(5, 3, 2), min_n=5) == e


def test_wilson_hand_computed():
    # 8 of 10: p = 0.8, z²/n = 0.3841459, denom = 1.3841459,
    # centre = (0.8 + 0.1920729)/1.3841459 = 0.7167393,
    # half = 1.959964·√(0.016 + 0.0096036)/1.3841459 = 0.2265781 → [0.49016, 0.94332].
    low, high = wilson_interval(8, 10)
    assert low == pytest.approx(0.49016, abs=1e-5)
    assert high == pytest.approx(0.94332, abs=1e-5)
    assert wilson_interval(0, 10)[0] == 0.0
    assert wilson_interval(10, 10)[1] == 1.0


def test_csat_hand_computed():
    # Answers 5,5,5,4,4,4,4,3,2,1: satisfied (4–5) = 7/10 = 70 %.
    # Wilson 7/10: centre = (0.7 + 0.1920729)/1.3841459 = 0.6444900,
    # half = 1.959964·√(0.021 + 0.0096036)/1.3841459 = 0.2477138 → [39.678, 89.220] %.
    # Mean = (15 + 16 + 3 + 2 + 1)/10 = 3.7; SS = 3·1.69 + 4·0.09 + 0.49 + 2.89 + 7.29 = 16.1,
    # s² = 16.1/9 = 1.788889, se = √(1.788889/10) = 0.4229526, t(9, .975) = 2.2621572,
    # half = 0.9567852 → [2.743215, 4.656785].
    s = csat([5, 5, 5, 4, 4, 4, 4, 3, 2, 1])
    assert s.percent_satisfied.value == pytest.approx(70.0)
    assert s.percent_satisfied.ci_low == pytest.approx(39.678, abs=1e-3)
    assert s.percent_satisfied.ci_high == pytest.approx(89.220, abs=1e-3)
    assert s.mean.value == pytest.approx(3.7)
    assert s.mean.ci_low == pytest.approx(2.743215, abs=1e-5)
    assert s.mean.ci_high == pytest.approx(4.656785, abs=1e-5)
    assert s.mean.n == s.percent_satisfied.n == 10


def test_ces_hand_computed():
    # Answers 7,7,6,5,4,3,1,7: easy (5–7) = 5/8 = 62.5 %; mean = 40/8 = 5.0.
    s = ces([7, 7, 6, 5, 4, 3, 1, 7])
    assert s.percent_easy.value == pytest.approx(62.5)
    assert s.mean.value == pytest.approx(5.0)
    lo, hi = wilson_interval(5, 8)
    assert (s.percent_easy.ci_low, s.percent_easy.ci_high) == pytest.approx((100 * lo, 100 * hi))
    # The mean interval matches scipy's t interval (no clipping needed here: 1 ≤ CI ≤ 7).
    x = np.array([7, 7, 6, 5, 4, 3, 1, 7], dtype=float)
    ref = stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=stats.sem(x))
    assert (s.mean.ci_low, s.mean.ci_high) == pytest.approx(ref)


def test_mean_interval_is_clipped_to_the_scale():
    # 29 sevens and one six: t interval would reach above 7, which no answer can produce.
    e = estimate(Metric.CES_MEAN, [7] * 29 + [6])
    assert e.ci_high == 7.0
    assert e.ci_low < e.value < 7.0


def test_nps_difference_hand_computed():
    # a: 40 P / 30 pas / 30 D (NPS +10); b: 30 P / 30 pas / 40 D (NPS −10); raw diff = 20.
    # a: n̂ = 103, p̂P = 40.75/103 = 0.3956311, p̂D = 30.75/103 = 0.2985437, adj = 0.0970874,
    #    var = 0.6941748 − 0.0094260 = 0.6847488.  b mirrors a: adj = −0.0970874, same var.
    # se = √(2·0.6847488/103) = 0.1153087; z = 0.1941748/0.1153087 = 1.683956,
    # p = 2·(1 − Φ(1.683956)) = 0.092190; CI = 0.1941748 ± 0.2260009 → [−3.18261, 42.01756].
    d = compare_nps_counts(NpsCounts(40, 30, 30), NpsCounts(30, 30, 40))
    assert d.difference == pytest.approx(20.0)
    assert d.statistic == pytest.approx(1.683956, abs=1e-5)
    assert d.p_value == pytest.approx(0.092190, abs=1e-5)
    assert d.ci_low == pytest.approx(-3.18261, abs=1e-4)
    assert d.ci_high == pytest.approx(42.01756, abs=1e-4)
    assert (d.n1, d.n2, d.too_few) == (100, 100, False)


def test_two_proportion_hand_computed_and_statsmodels():
    # 45/60 vs 30/60: pooled p = 0.625, se = √(0.625·0.375·2/60) = 0.0883883,
    # z = 0.25/0.0883883 = 2.828427, p = 0.0046777.
    d = compare_proportions(45, 60, 30, 60)
    assert d.difference == pytest.approx(25.0)
    assert d.statistic == pytest.approx(2.828427, abs=1e-6)
    assert d.p_value == pytest.approx(0.0046777, abs=1e-6)
    z_sm, p_sm = proportions_ztest([45, 30], [60, 60])
    assert d.p_value == pytest.approx(p_sm)
    lo, hi = confint_proportions_2indep(45, 60, 30, 60, method="newcomb", compare="diff")
    assert (d.ci_low, d.ci_high) == pytest.approx((100 * lo, 100 * hi))


def test_two_proportion_all_or_nothing_is_not_significant():
    d = compare_proportions(40, 40, 35, 35)
    assert d.difference == 0.0
    assert d.p_value == 1.0
    assert -100.0 <= d.ci_low <= 0.0 <= d.ci_high <= 100.0


def test_welch_matches_scipy():
    rng = np.random.default_rng(7)
    a = rng.integers(1, 8, size=45).astype(float)
    b = rng.integers(2, 8, size=70).astype(float)
    d = compare_means(a, b)
    ref = stats.ttest_ind(a, b, equal_var=False)
    ci = ref.confidence_interval(0.95)
    assert d.difference == pytest.approx(a.mean() - b.mean())
    assert d.statistic == pytest.approx(ref.statistic)
    assert d.p_value == pytest.approx(ref.pvalue)
    assert (d.ci_low, d.ci_high) == pytest.approx((ci.low, ci.high))
    # Through the metric API, on validated CES answers, the result is the same.
    assert compare(Metric.CES_MEAN, a.astype(int), b.astype(int)).p_value == pytest.approx(ref.pvalue)


def test_period_over_period_via_tallies():
    this = Tally.from_counts({10: 50, 8: 30, 3: 20}, NPS_0_10)
    last = Tally.from_counts({10: 40, 7: 30, 5: 30}, "nps_0_10")
    d = compare("nps", this, last)
    assert d.difference == pytest.approx(30.0 - 10.0)
    assert d == compare_nps_counts(NpsCounts(50, 30, 20), NpsCounts(40, 30, 30))


def test_empty_inputs_give_nan_not_errors():
    e = nps([])
    assert math.isnan(e.value) and e.n == 0 and e.too_few
    assert math.isnan(csat([]).mean.value)
    assert math.isnan(proportion_estimate(0, 0).ci_low)
    d = compare(Metric.CSAT_PERCENT, [], [5, 4])
    assert math.isnan(d.p_value) and d.too_few


def test_estimate_is_frozen():
    e = nps([10] * 40)
    with pytest.raises(dataclasses.FrozenInstanceError):
        e.value = 0.0  # type: ignore[misc]


# --------------------------------------------------------------------------- scale validation


def test_refuses_to_mix_ces_scales():
    with pytest.raises(ValueError, match="legacy 1–5 effort"):
        ces([7, 3, 5], scale=["ces_1_7", "ces_1_5", "ces_1_7"])
    with pytest.raises(ValueError, match="legacy 1–5 effort"):
        ces([3, 4], scale=CES_1_5_LEGACY)
    with pytest.raises(ValueError, match="legacy"):
        compare(Metric.CES_MEAN, Tally.from_values([5, 6], CES_1_7), Tally.from_values([2, 3], CES_1_5_LEGACY))
    with pytest.raises(ValueError, match="cannot combine"):
        Tally.from_values([5], CES_1_7) + Tally.from_values([2], CES_1_5_LEGACY)


def test_per_answer_scales_accepted_when_uniform():
    s = ces([7, 6, 2], scale=[CES_1_7, "ces_1_7", CES_1_7])
    assert s.mean.n == 3


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ([5, 8], "outside"),
        ([0, 3], "outside"),
        ([4.5], "whole numbers"),
        ([5, None], "missing"),
        ([5, float("nan")], "missing"),
    ],
)
def test_values_must_lie_on_the_scale(values, message):
    with pytest.raises(ValueError, match=message):
        ces(values)


def test_wrong_scale_for_metric_and_unknown_scale():
    with pytest.raises(ValueError, match="must be computed on"):
        nps([4, 5], scale=CSAT_1_5)
    with pytest.raises(ValueError, match="unknown scale"):
        csat([4], scale="csat_1_10")
    with pytest.raises(ValueError, match="mix scales"):
        Tally.from_values([4, 5], ["csat_1_5", "ces_1_7"])
    with pytest.raises(ValueError, match="per-answer"):
        Tally.from_values([4, 5], ["csat_1_5"])


def test_csat_and_legacy_ces_are_distinct_scales_despite_same_range():
    assert CSAT_1_5 != CES_1_5_LEGACY
    with pytest.raises(ValueError):
        csat(Tally.from_values([4, 5], CES_1_5_LEGACY))


# --------------------------------------------------------------------------- properties


@FAST
@given(counts, counts, counts)
def test_nps_bounds_and_interval_contains_value(p, pas, d):
    n = p + pas + d
    e = nps_from_counts(NpsCounts(p, pas, d))
    if n == 0:
        assert math.isnan(e.value)
        return
    assert -100.0 <= e.ci_low <= e.ci_high <= 100.0
    assert -100.0 <= e.value <= 100.0
    if n >= 2:  # exhaustively checked up to n = 120; fails only for a single answer
        assert e.ci_low - 1e-9 <= e.value <= e.ci_high + 1e-9


@FAST
@given(counts, counts, counts)
def test_nps_swap_promoters_and_detractors_mirrors(p, pas, d):
    a = nps_from_counts(NpsCounts(p, pas, d))
    b = nps_from_counts(NpsCounts(d, pas, p))
    if p + pas + d == 0:
        return
    assert b.value == pytest.approx(-a.value, abs=1e-9)
    assert b.ci_low == pytest.approx(-a.ci_high, abs=1e-9)
    assert b.ci_high == pytest.approx(-a.ci_low, abs=1e-9)
    diff = compare_nps_counts(NpsCounts(p, pas, d), NpsCounts(d, pas, p))
    back = compare_nps_counts(NpsCounts(d, pas, p), NpsCounts(p, pas, d))
    assert back.difference == pytest.approx(-diff.difference, abs=1e-9)
    assert back.p_value == pytest.approx(diff.p_value)


@FAST
@given(st.integers(0, 2000), st.integers(1, 2000))
def test_wilson_within_unit_interval_and_contains_p(x, n):
    x = min(x, n)
    low, high = wilson_interval(x, n)
    assert 0.0 <= low <= x / n <= high <= 1.0


@FAST
@given(counts, counts, counts, st.integers(2, 5))
def test_more_data_narrower_nps_interval(p, pas, d, k):
    if p + pas + d == 0:
        return
    small = nps_from_counts(NpsCounts(p, pas, d))
    large = nps_from_counts(NpsCounts(k * p, k * pas, k * d))
    assert width(large) <= width(small) + 1e-12


@FAST
@given(st.integers(0, 1000), st.integers(1, 1000), st.integers(2, 5))
def test_more_data_narrower_wilson_and_t(x, n, k):
    x = min(x, n)
    assert width(proportion_estimate(k * x, k * n)) < width(proportion_estimate(x, n))
    values = [1 + (i * 3) % 5 for i in range(n + 1)]  # n + 1 ≥ 2 answers on 1–5, some spread
    assert width(mean_estimate(values * k)) < width(mean_estimate(values))


@FAST
@given(st.lists(st.one_of(st.floats(0, 1), st.just(float("nan"))), max_size=40))
def test_benjamini_hochberg_matches_statsmodels(p):
    ours = np.array(benjamini_hochberg(p))
    arr = np.array(p)
    ok = ~np.isnan(arr)
    assert np.isnan(ours[~ok]).all()
    if ok.any():
        ref = multipletests(arr[ok], method="fdr_bh")[1]
        np.testing.assert_allclose(ours[ok], ref, rtol=1e-12, atol=1e-15)


def test_benjamini_hochberg_rejects_invalid():
    with pytest.raises(ValueError):
        benjamini_hochberg([0.1, 1.2])
    assert benjamini_hochberg([]) == []


# --------------------------------------------------------------------------- coverage by simulation


@pytest.mark.parametrize(("n", "p_prom", "p_det"), [(50, 0.45, 0.25), (30, 0.8, 0.05), (200, 0.3, 0.3)])
def test_adjusted_wald_nps_coverage(n, p_prom, p_det):
    # Exact coverage by enumeration is 0.949, 0.963 and 0.949; 2,000 draws have SE ≈ 0.005.
    rng = np.random.default_rng(20160401)
    draws = rng.multinomial(n, [p_prom, 1 - p_prom - p_det, p_det], size=2000)
    truth = 100 * (p_prom - p_det)
    hits = 0
    for prom, pas, det in draws:
        e = nps_from_counts(NpsCounts(int(prom), int(pas), int(det)))
        hits += e.ci_low <= truth <= e.ci_high
    assert 0.93 <= hits / 2000 <= 0.97


def test_wilson_coverage():
    rng = np.random.default_rng(1927)
    n, p = 40, 0.85
    hits = sum(lo <= p <= hi for lo, hi in (wilson_interval(int(x), n) for x in rng.binomial(n, p, 2000)))
    assert 0.93 <= hits / 2000 <= 0.97


def test_nps_difference_false_positive_rate():
    # Under H0 (same distribution), the adjusted-Wald z-test should reject about 5 %.
    rng = np.random.default_rng(99)
    probs = [0.4, 0.35, 0.25]
    a = rng.multinomial(80, probs, size=2000)
    b = rng.multinomial(120, probs, size=2000)
    rejected = sum(
        compare_nps_counts(NpsCounts(*map(int, x)), NpsCounts(*map(int, y))).p_value < 0.05
        for x, y in zip(a, b, strict=True)
    )
    assert 0.03 <= rejected / 2000 <= 0.07


# --------------------------------------------------------------------------- many groups, funnel, ranking


def _csat_tally(satisfied: int, unsatisfied: int) -> Tally:
    return Tally.from_counts({5: satisfied, 2: unsatisfied}, CSAT_1_5)


def test_compare_groups_flags():
    groups = {
        "high": _csat_tally(180, 20),  # 90 %
        "low": _csat_tally(100, 100),  # 50 %
        "avg1": _csat_tally(140, 60),  # 70 %
        "avg2": _csat_tally(142, 58),
        "tiny": _csat_tally(10, 0),  # 100 %, but n = 10
    }
    report = compare_groups(Metric.CSAT_PERCENT, groups)
    by = {g.group: g for g in report.groups}
    assert [g.group for g in report.groups] == list(groups)
    assert by["high"].flag is Flag.ABOVE
    assert by["low"].flag is Flag.BELOW
    assert by["avg1"].flag is Flag.NO_EVIDENCE
    assert by["tiny"].flag is Flag.TOO_FEW
    assert math.isnan(by["tiny"].p_adjusted)
    # BH over the four eligible groups only.
    raw = [by[g].difference.p_value for g in ("high", "low", "avg1", "avg2")]
    np.testing.assert_allclose(
        [by[g].p_adjusted for g in ("high", "low", "avg1", "avg2")], multipletests(raw, method="fdr_bh")[1]
    )
    # "high" vs rest: 180/200 against the other 392/610.
    assert by["high"].difference == compare_proportions(180, 200, 392, 610)
    assert report.overall.value == pytest.approx(100 * 572 / 810)


def test_compare_groups_overall_reference_rescales_difference():
    groups = {"a": _csat_tally(180, 20), "b": _csat_tally(100, 100), "c": _csat_tally(50, 50)}
    rest = compare_groups("csat_percent", groups)
    overall = compare_groups("csat_percent", groups, reference="overall")
    for r, o in zip(rest.groups, overall.groups, strict=True):
        assert o.difference.difference == pytest.approx(o.estimate.value - overall.overall.value)
        assert o.difference.p_value == r.difference.p_value
        assert o.flag == r.flag
        assert o.difference.n2 == 500  # everyone


def test_compare_groups_nps_and_means_from_raw_answers():
    rng = np.random.default_rng(3)
    groups = {f"agent{i}": rng.integers(0, 11, size=60).tolist() for i in range(6)}
    groups["star"] = [10] * 55 + [8] * 5
    report = compare_groups(Metric.NPS, groups)
    star = next(g for g in report.groups if g.group == "star")
    assert star.flag is Flag.ABOVE
    assert star.estimate.value == 100 * 55 / 60
    means = compare_groups(Metric.CES_MEAN, {"x": [7, 6, 7] * 20, "y": [2, 3, 4] * 20, "z": [5, 4, 5] * 20})
    assert {g.group: g.flag for g in means.groups} == {
        "x": Flag.ABOVE,
        "y": Flag.BELOW,
        "z": Flag.NO_EVIDENCE,
    }


def test_funnel_limits_hand_computed():
    # Overall 70 % satisfied: unit sd = 100·√(0.7·0.3) = 45.82576; at n = 100, se = 4.582576.
    # 95 %: 70 ± 1.959964·4.582576 = [61.01832, 78.98168]
    # 99.8 %: 70 ± 3.090232·4.582576 = [55.83886, 84.16114]
    overall = _csat_tally(70, 30)
    (lim,) = funnel_curve(Metric.CSAT_PERCENT, overall, [100])
    assert lim.target == pytest.approx(70.0)
    assert (lim.low_95, lim.high_95) == pytest.approx((61.01832, 78.98168), abs=1e-4)
    assert (lim.low_998, lim.high_998) == pytest.approx((55.83886, 84.16114), abs=1e-4)
    # Clipped to the metric's range at small n, NaN at n = 0.
    tiny = funnel_limits(95.0, 21.79, 4, bounds=(0.0, 100.0))
    assert tiny.high_998 == 100.0 and tiny.high_95 == 100.0
    assert math.isnan(funnel_limits(50.0, 10.0, 0).low_95)


def test_funnel_narrows_with_n_for_nps():
    overall = Tally.from_counts({10: 50, 8: 30, 2: 20}, NPS_0_10)
    curve = funnel_curve(Metric.NPS, overall, [30, 100, 1000])
    widths = [c.high_998 - c.low_998 for c in curve]
    assert widths == sorted(widths, reverse=True)
    assert all(c.low_998 < c.low_95 < c.target < c.high_95 < c.high_998 for c in curve)


def test_rank_groups_keeps_too_few_apart_and_shares_ties():
    est = {
        "b": Estimate(60.0, 100, 50, 70, False),
        "a": Estimate(80.0, 50, 60, 90, False),
        "c": Estimate(60.0, 300, 55, 65, False),
        "tiny": Estimate(99.0, 5, 50, 100, True),
        "none": Estimate(math.nan, 0, math.nan, math.nan, True),
        "d": Estimate(10.0, 40, 0, 20, False),
    }
    r = rank_groups(est)
    assert [(x.rank, x.group) for x in r.ranked] == [(1, "a"), (2, "b"), (2, "c"), (4, "d")]
    assert [x.group for x in r.unranked] == ["none", "tiny"]
    assert all(x.rank is None for x in r.unranked)
    assert [x.group for x in rank_groups(est, descending=False).ranked] == ["d", "b", "c", "a"]


def test_report_ranking_excludes_too_few():
    groups = {"a": _csat_tally(40, 10), "b": _csat_tally(5, 0), "c": _csat_tally(20, 20)}
    ranking = compare_groups(Metric.CSAT_PERCENT, groups).ranking()
    assert [x.group for x in ranking.ranked] == ["a", "c"]
    assert [x.group for x in ranking.unranked] == ["b"]


# --------------------------------------------------------------------------- key drivers


def _ols_r2(x: np.ndarray, y: np.ndarray) -> float:
    design = np.column_stack([np.ones(len(y)), x])
    beta = np.linalg.lstsq(design, y, rcond=None)[0]
    resid = y - design @ beta
    return 1.0 - resid @ resid / ((y - y.mean()) @ (y - y.mean()))


def _synthetic(seed: int, n: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    common = rng.normal(size=(n, 1))
    x = rng.normal(size=(n, k)) + 0.6 * common  # correlated drivers
    y = x @ rng.normal(size=k) + rng.normal(scale=1.5, size=n)
    return x, y


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 7), st.integers(40, 200))
def test_shapley_and_relative_weights_sum_to_r2(seed, k, n):
    x, y = _synthetic(seed, n, k)
    r2 = _ols_r2(x, y)
    assert shapley_importance(x, y).sum() == pytest.approx(r2, abs=1e-9)
    assert relative_weights(x, y).sum() == pytest.approx(r2, abs=1e-9)
    assert (shapley_importance(x, y) >= -1e-12).all()


def test_shapley_two_drivers_hand_formula():
    # With two drivers φ₁ = ½[R²(1) + R²(1,2) − R²(2)] (average over the two entry orders).
    x, y = _synthetic(11, 120, 2)
    r1, r2_, r12 = _ols_r2(x[:, :1], y), _ols_r2(x[:, 1:], y), _ols_r2(x, y)
    phi = shapley_importance(x, y)
    assert phi[0] == pytest.approx(0.5 * (r1 + r12 - r2_))
    assert phi[1] == pytest.approx(0.5 * (r2_ + r12 - r1))


def test_uncorrelated_drivers_get_their_squared_correlation():
    # Balanced ±1 patterns are exactly orthogonal, so each driver's share is just r².
    x1 = np.tile([1.0, -1.0], 20)
    x2 = np.repeat([1.0, -1.0], 20)
    y = 2 * x1 - x2 + np.tile([0.3, 0.1, -0.2, -0.5, 0.4, -0.1, 0.2, -0.2], 5)
    res = key_drivers({"x1": x1, "x2": x2}, y)
    by = {d.name: d for d in res.drivers}
    for name, col in (("x1", x1), ("x2", x2)):
        assert by[name].importance == pytest.approx(np.corrcoef(col, y)[0, 1] ** 2)
    assert by["x2"].sign == -1 and by["x1"].sign == 1
    assert [d.name for d in res.drivers] == ["x1", "x2"]
    assert sum(d.share for d in res.drivers) == pytest.approx(1.0)


def test_key_drivers_missing_rows_constant_columns_and_duplicates():
    x, y = _synthetic(5, 150, 3)
    wait = x[:, 0].tolist()
    wait[3] = None  # dropped row
    outcome = y.tolist()
    outcome[10] = float("nan")  # dropped row
    res = key_drivers(
        {
            "wait_minutes": wait,
            "transfers": x[:, 1],
            "repeat_contact": x[:, 2],
            "repeat_copy": x[:, 2],
            "channel_fax": [0.0] * 150,
        },
        outcome,
    )
    assert (res.n, res.n_dropped) == (148, 2)
    assert res.constant == ("channel_fax",)
    assert "channel_fax" not in {d.name for d in res.drivers}
    by = {d.name: d for d in res.drivers}
    assert by["repeat_contact"].importance == pytest.approx(by["repeat_copy"].importance)
    keep = np.ones(150, bool)
    keep[[3, 10]] = False
    assert res.r2 == pytest.approx(_ols_r2(x[keep], y[keep]))
    assert sum(d.importance for d in res.drivers) == pytest.approx(res.r2)
    assert res.method == "shapley"
    assert res.too_few is False


def test_key_drivers_dummy_trap_and_booleans():
    # Channel dummies that sum to one are perfectly collinear; importances still sum to R².
    rng = np.random.default_rng(8)
    channel = rng.integers(0, 3, 300)
    dummies = {name: (channel == i).tolist() for i, name in enumerate(["phone", "chat", "email"])}
    y = np.where(channel == 0, 8.0, 6.0) + rng.normal(size=300)
    for method in ("shapley", "relative_weights"):
        res = key_drivers(dummies, y, method=method)
        assert sum(d.importance for d in res.drivers) == pytest.approx(res.r2, abs=1e-9)
        assert res.drivers[0].name == "phone" and res.drivers[0].sign == 1


def test_key_drivers_auto_switches_to_relative_weights():
    x, y = _synthetic(2, 400, 13)
    res = key_drivers({f"d{i}": x[:, i] for i in range(13)}, y)
    assert res.method == "relative_weights"
    assert sum(d.importance for d in res.drivers) == pytest.approx(res.r2)


def test_relative_weights_close_to_shapley():
    x, y = _synthetic(4, 500, 5)
    np.testing.assert_allclose(relative_weights(x, y), shapley_importance(x, y), atol=0.02)


def test_key_drivers_errors_and_small_samples():
    with pytest.raises(ValueError, match="does not vary"):
        key_drivers({"a": [1, 2, 3, 4]}, [5, 5, 5, 5])
    with pytest.raises(ValueError, match="values but the outcome"):
        key_drivers({"a": [1, 2, 3]}, [1, 2, 3, 4])
    with pytest.raises(ValueError, match="not numeric"):
        key_drivers({"a": ["phone", "chat", "x"]}, [1, 2, 3])
    with pytest.raises(ValueError, match="cannot support"):
        key_drivers({"a": [1, 2, 3, 4], "b": [2, 1, 4, 4], "c": [0, 1, 0, 2]}, [1, 2, 3, 5])
    small = key_drivers({"a": [1, 2, 3, 4, 5, 6]}, [2, 1, 4, 3, 6, 5])
    assert small.too_few is True


def test_compare_groups_single_group_has_nothing_to_compare_against():
    report = compare_groups(Metric.NPS, {"only": [10] * 40})
    (only,) = report.groups
    assert only.estimate.value == 100.0
    assert only.difference.n2 == 0 and math.isnan(only.difference.p_value)
    assert only.flag is Flag.NO_EVIDENCE
