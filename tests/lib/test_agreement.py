"""Tests for kohtaamo.lib.agreement against published values and by property."""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kohtaamo.lib.agreement.alpha import krippendorff_alpha
from kohtaamo.lib.agreement.bias import rater_bias
from kohtaamo.lib.agreement.icc import icc
from kohtaamo.lib.agreement.percent import percent_agreement
from kohtaamo.lib.agreement.summary import summarise
from kohtaamo.lib.agreement.table import RatingsTable, as_table

N = None

# Krippendorff (2011), "Computing Krippendorff's alpha-reliability", section C: 4 observers x 12
# units with missing values.  The paper lists observers as rows; our tables are units x raters.
K_OBSERVERS = {
    "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    "C": [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
}
K_TABLE = [list(unit) for unit in zip(*K_OBSERVERS.values(), strict=True)]

# Shrout & Fleiss (1979), Table 2: 6 targets x 4 judges.
SF_TABLE = [
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
]


# ---------------------------------------------------------------------------------------------
# Published values


@pytest.mark.parametrize(
    ("metric", "expected"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_krippendorff_2011_example(metric, expected):
    assert krippendorff_alpha(K_TABLE, metric) == pytest.approx(expected, abs=5e-4)


def test_krippendorff_nominal_exact_value():
    # By hand: n = 40 pairable values with marginals n_1..n_5 = 9, 13, 10, 5, 3 (sum of squares
    # 384); the coincidence matrix has 32 on its diagonal, so 8 disagreeing pair-values.
    # alpha = 1 - (n-1) * 8 / (n^2 - 384) = 1 - 39*8/1216 = 904/1216 = 113/152 = 0.7434.
    assert krippendorff_alpha(K_TABLE, "nominal") == pytest.approx(113 / 152, abs=1e-12)


def test_shrout_fleiss_1979_icc():
    result = icc(SF_TABLE)
    assert round(result.icc2_1, 2) == 0.29
    assert round(result.icc3_1, 2) == 0.71
    assert (result.n_units, result.n_raters, result.dropped_units) == (6, 4, ())


# ---------------------------------------------------------------------------------------------
# Hand-worked small cases


def test_percent_agreement_hand_worked():
    table = [
        [1, 1, 1],  # 3 pairs, 3 agree
        [1, 0, N],  # 1 pair, 0 agree
        [0, N, N],  # not pairable
        [0, 0, 1],  # 3 pairs, 1 agrees
    ]
    # (3 + 0 + 1) / (3 + 1 + 3) = 4/7
    assert percent_agreement(table) == pytest.approx(400 / 7)
    assert percent_agreement([[1, N], [N, 2]]) is None


def test_percent_agreement_tolerance():
    table = [[7, 8], [5, 9], [10, 10]]
    assert percent_agreement(table) == pytest.approx(100 / 3)
    assert percent_agreement(table, tolerance=1) == pytest.approx(200 / 3)


def test_percent_agreement_on_labels_and_na_strings():
    assert percent_agreement([["yes", "yes", "na"], ["no", "yes", "NA"]]) == pytest.approx(50)


def test_alpha_undefined_without_variation_or_pairs():
    assert krippendorff_alpha([[1, 1], [1, 1]]) is None
    assert krippendorff_alpha([[1, N], [N, 2]]) is None


def test_alpha_with_explicit_ordinal_order():
    labels = {1: "poor", 2: "fair", 3: "good", 4: "great", 5: "superb"}
    table = [[labels[v] if v is not None else None for v in row] for row in K_TABLE]
    alpha = krippendorff_alpha(table, "ordinal", order=list(labels.values()))
    assert alpha == pytest.approx(krippendorff_alpha(K_TABLE, "ordinal"))
    with pytest.raises(ValueError, match="not in the given order"):
        krippendorff_alpha(table, "ordinal", order=["poor", "fair"])
    with pytest.raises(ValueError, match="numeric"):
        krippendorff_alpha(table, "interval")
    with pytest.raises(ValueError, match="unknown metric"):
        krippendorff_alpha(table, "cosine")


def test_icc_drops_incomplete_units_and_handles_degenerate_tables():
    table = SF_TABLE + [[5, N, 5, 5]] + [[N, N, N, N]]
    named = as_table(table, units=[f"call{i}" for i in range(8)])
    result = icc(named)
    assert result.dropped_units == ("call6", "call7")
    assert result.icc2_1 == pytest.approx(icc(SF_TABLE).icc2_1)
    # A rater who rated nothing is ignored rather than dropping every unit.
    with_ghost = [row + [N] for row in SF_TABLE]
    assert icc(with_ghost).icc3_1 == pytest.approx(icc(SF_TABLE).icc3_1)
    assert icc([[3, 3], [3, 3]]).icc2_1 is None
    assert icc([[1, 2]]).icc2_1 is None
    with pytest.raises(ValueError, match="numeric"):
        icc([["a", "b"], ["c", "d"]])


def test_icc_absolute_vs_consistency():
    # Rater 2 is always exactly 2 points harsher: perfect consistency, imperfect absolute agreement.
    table = [[8, 6], [6, 4], [9, 7], [5, 3]]
    result = icc(table)
    assert result.icc3_1 == pytest.approx(1.0)
    assert result.icc2_1 < 1.0


def test_rater_bias_against_consensus():
    table = {
        "call1": {"anna": 80, "ben": 70, "cia": 90},
        "call2": {"anna": 60, "ben": 50, "cia": 70},
        "call3": {"anna": 75, "cia": 85},
    }
    bias = rater_bias(table, tolerance=1)
    # anna: call1 80-(70+90)/2 = 0; call2 60-60 = 0; call3 75-85 = -10 -> mean -10/3
    assert bias["anna"].mean_deviation == pytest.approx(-10 / 3)
    assert bias["anna"].verdict == "harsh"
    # ben: call1 70-85 = -15; call2 50-65 = -15 -> -15
    assert bias["ben"].mean_deviation == pytest.approx(-15)
    assert bias["ben"].n_units == 2
    # cia: call1 90-75 = 15; call2 70-55 = 15; call3 85-75 = 10 -> 40/3
    assert bias["cia"].mean_deviation == pytest.approx(40 / 3)
    assert bias["cia"].verdict == "lenient"


def test_rater_bias_against_gold():
    table = as_table([[80, 70, 90], [60, 62, N]], raters=["lead", "ben", "cia"], units=["c1", "c2"])
    bias = rater_bias(table, "lead", tolerance=2)
    assert set(bias) == {"ben", "cia"}
    # ben: 70-80 = -10, 62-60 = +2 -> mean -4, mean |d| = 6
    assert bias["ben"].mean_deviation == pytest.approx(-4)
    assert bias["ben"].mean_abs_deviation == pytest.approx(6)
    assert bias["cia"].mean_deviation == pytest.approx(10) and bias["cia"].n_units == 1
    by_seq = rater_bias(table, [80, 60])
    assert by_seq["ben"].mean_deviation == pytest.approx(-4)
    assert by_seq["lead"].verdict == "aligned"
    by_map = rater_bias(table, {"c1": 80})
    assert by_map["ben"].n_units == 1
    assert rater_bias(as_table([[N, 1]]), [N])["rater1"].verdict == "no data"
    with pytest.raises(ValueError, match="reference rater 'boss'"):
        rater_bias(table, "boss")
    with pytest.raises(ValueError, match="3 values"):
        rater_bias(table, [1, 2, 3])
    with pytest.raises(ValueError, match="unknown unit"):
        rater_bias(table, {"c9": 1})


def test_as_table_shapes():
    t = as_table({"u1": {"a": 1, "b": 2}, "u2": {"b": 3, "c": float("nan")}})
    assert t.raters == ("a", "b", "c")
    assert t.rows == ((1, 2, None), (None, 3, None))
    t = as_table({"u1": [1, 2], "u2": [3, "na"]}, raters=["x", "y"])
    assert t.units == ("u1", "u2") and t.rows[1] == (3, None)
    assert as_table(t) is t
    with pytest.raises(ValueError, match="unit '2'"):
        as_table([[1, 2], [3]])
    assert json.loads(json.dumps(t.to_dict()))["raters"] == ["x", "y"]


def test_summarise_numeric_and_labels():
    table = as_table(K_TABLE, raters=list(K_OBSERVERS))
    out = summarise(table)
    assert out["krippendorff_alpha"] == {"nominal": 0.7434, "ordinal": 0.8154, "interval": 0.8491}
    assert out["icc"]["shown"] == "icc2_1"
    assert out["icc"]["dropped_units"] == ["1", "10", "11", "12"]
    assert out["pairable_units"] == 11
    assert set(out["rater_bias"]) == {"A", "B", "C", "D"}
    json.dumps(out)
    labels = summarise([["yes", "yes"], ["no", "yes"], ["no", "no"]])
    assert "icc" not in labels and labels["percent_agreement"] == pytest.approx(66.67)


# ---------------------------------------------------------------------------------------------
# Properties


def brute_force_alpha(table: list[list[float | None]], metric: str) -> float | None:
    """Alpha from its definition over pairs of values, independent of the coincidence matrix."""
    units = [[v for v in row if v is not None] for row in table]
    units = [u for u in units if len(u) >= 2]
    values = [v for u in units for v in u]
    n = len(values)

    def delta(a: float, b: float) -> float:
        return float(a != b) if metric == "nominal" else (a - b) ** 2

    if n == 0:
        return None
    observed = sum(sum(delta(a, b) for a, b in itertools.permutations(u, 2)) / (len(u) - 1) for u in units) / n
    expected = sum(delta(a, b) for a, b in itertools.permutations(values, 2)) / (n * (n - 1))
    return None if expected == 0 else 1 - observed / expected


ratings = st.one_of(st.none(), st.integers(1, 5))


@st.composite
def tables(draw, min_raters: int = 2) -> list[list[int | None]]:
    n_raters = draw(st.integers(min_raters, 5))
    n_units = draw(st.integers(1, 10))
    return [draw(st.lists(ratings, min_size=n_raters, max_size=n_raters)) for _ in range(n_units)]


@settings(max_examples=200, deadline=None)
@given(tables(), st.sampled_from(["nominal", "interval"]))
def test_alpha_matches_its_pairwise_definition(table, metric):
    expected = brute_force_alpha(table, metric)
    got = krippendorff_alpha(table, metric)
    if expected is None:
        assert got is None
    else:
        assert got == pytest.approx(expected, abs=1e-9)


@settings(max_examples=200, deadline=None)
@given(tables(), st.sampled_from(["nominal", "ordinal", "interval", "ratio"]), st.randoms(use_true_random=False))
def test_alpha_is_symmetric_in_rater_and_unit_order(table, metric, rnd):
    base = krippendorff_alpha(table, metric)
    cols = list(range(len(table[0])))
    rnd.shuffle(cols)
    permuted = [[row[j] for j in cols] for row in table]
    rnd.shuffle(permuted)
    other = krippendorff_alpha(permuted, metric)
    assert (base is None and other is None) or other == pytest.approx(base, abs=1e-12)
    pa, pb = percent_agreement(table), percent_agreement(permuted)
    assert (pa is None and pb is None) or pb == pytest.approx(pa)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 10), min_size=2, max_size=12),
    st.integers(2, 5),
    st.sampled_from(["nominal", "ordinal", "interval", "ratio"]),
)
def test_perfect_agreement_gives_one(unit_values, n_raters, metric):
    assume(len(set(unit_values)) > 1)  # without variation alpha is undefined
    table = [[v] * n_raters for v in unit_values]
    assert krippendorff_alpha(table, metric) == pytest.approx(1.0)
    assert percent_agreement(table) == 100.0
    result = icc(table)
    assert result.icc2_1 == pytest.approx(1.0) and result.icc3_1 == pytest.approx(1.0)
    assert all(b.mean_deviation == 0 and b.verdict == "aligned" for b in rater_bias(table).values())


@settings(max_examples=100, deadline=None)
@given(tables(), st.floats(0.1, 10), st.floats(-50, 50))
def test_interval_alpha_and_icc_are_invariant_to_rescaling(table, scale, shift):
    rescaled = [[None if v is None else v * scale + shift for v in row] for row in table]
    a, b = krippendorff_alpha(table, "interval"), krippendorff_alpha(rescaled, "interval")
    assert (a is None and b is None) or b == pytest.approx(a, abs=1e-9)
    i, j = icc(table), icc(rescaled)
    for x, y in ((i.icc2_1, j.icc2_1), (i.icc3_1, j.icc3_1)):
        assert (x is None) == (y is None)
        if x is not None:
            assert y == pytest.approx(x, abs=1e-6)


def test_alpha_ignores_units_with_a_single_rating():
    extra = K_TABLE + [[N, 4, N, N], [N, N, N, N]]
    assert krippendorff_alpha(extra, "interval") == pytest.approx(krippendorff_alpha(K_TABLE, "interval"))


def test_ratings_table_column():
    t = RatingsTable(("u1", "u2"), ("a", "b"), ((1, 2), (3, None)))
    assert t.column("b") == [2, None]
    assert t.is_numeric
