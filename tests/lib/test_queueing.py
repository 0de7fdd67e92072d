"""Tests for kohtaamo.lib.queueing: published figures, exact and independent re-implementations, properties.

Every formula is checked against something that does not share its code path: exact rational
arithmetic for Erlang B/C, the textbook Erlang B recursion at thousands of agents, a truncated
birth-death chain with matrix exponentials for Erlang A, and a discrete-event simulation.
"""

import heapq
import math
import random
import time
from fractions import Fraction

import numpy as np
import pytest
import scipy.linalg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kohtaamo.lib.queueing import (
    DEFAULT_CONCURRENCY_EFFICIENCY,
    backlog_fte,
    concurrency_efficiency,
    effective_aht,
    erlang_a_metrics,
    erlang_b,
    erlang_b_required,
    erlang_c,
    erlang_c_asa,
    erlang_c_metrics,
    erlang_c_service_level,
    meets_goal,
    required_agents,
    scheduled_agents,
    staff,
    total_shrinkage,
)

FAST = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


# --- independent reference implementations -------------------------------------------------------------


def exact_erlang_b(n: int, load: Fraction) -> Fraction:
    """Erlang B from its definition, in exact rational arithmetic with factorials."""
    terms = [load**k / math.factorial(k) for k in range(n + 1)]
    return terms[-1] / sum(terms)


def exact_erlang_c(n: int, load: Fraction) -> Fraction:
    """Erlang C from its textbook definition, exactly: A^n/n! * n/(n-A) over the full normaliser."""
    top = load**n / math.factorial(n) * n / (n - load)
    return top / (sum(load**k / math.factorial(k) for k in range(n)) + top)


def recursive_erlang_b(n_max: int, load: float) -> np.ndarray:
    """B(0..n_max) by the classic stable recursion B(n) = A B(n-1) / (n + A B(n-1))."""
    out = np.empty(n_max + 1)
    b = 1.0
    out[0] = b
    for n in range(1, n_max + 1):
        b = load * b / (n + load * b)
        out[n] = b
    return out


def reference_erlang_a(n: int, load: float, aht: float, patience: float, t: float, queue_cap: int = 300) -> dict:
    """M/M/n+M by brute force: truncated birth-death chain plus a tagged-customer absorbing CTMC.

    The tagged caller with j callers ahead moves up at rate n/AHT + j/patience, is answered from the
    head at rate n/AHT, and hangs up at rate 1/patience. P(answered by T) comes from a matrix
    exponential, E[wait; answered] from the squared fundamental matrix.
    """
    lam, mu, theta = load / aht, 1 / aht, 1 / patience
    logp = [0.0]
    for k in range(1, n + queue_cap + 1):
        logp.append(logp[-1] + math.log(lam / (min(k, n) * mu + max(k - n, 0) * theta)))
    p = np.exp(np.array(logp) - max(logp))
    p /= p.sum()
    q = np.zeros((queue_cap, queue_cap))
    to_served = np.zeros(queue_cap)
    to_served[0] = n * mu
    for j in range(queue_cap):
        if j:
            q[j, j - 1] = n * mu + j * theta
        q[j, j] = -(theta + n * mu + (j * theta if j else 0.0))
    fundamental = np.linalg.inv(-q)
    served = fundamental @ to_served
    served_by_t = served - scipy.linalg.expm(q * t) @ served
    time_if_served = fundamental @ served
    delayed = p[n : n + queue_cap]
    abandon = float(delayed @ (1 - served))
    return {
        "wait_probability": float(p[n:].sum()),
        "service_level": float(p[:n].sum() + delayed @ served_by_t),
        "abandonment": abandon,
        "asa_seconds": float(delayed @ time_if_served) / (1 - abandon),
        "occupancy": load * (1 - abandon) / n,
    }


def simulate_erlang_a(n, load, aht, patience, t, customers=120_000, seed=7) -> dict:
    """Discrete-event FCFS simulation with exponential patience (virtual-waiting-time method)."""
    rng = random.Random(seed)
    free = [0.0] * n
    clock = 0.0
    answered = within = abandoned = counted = 0
    wait_answered = 0.0
    for i in range(customers):
        clock += rng.expovariate(load / aht)
        start = max(clock, free[0])
        wait = start - clock
        gives_up = rng.expovariate(1 / patience) < wait
        if not gives_up:
            heapq.heapreplace(free, start + rng.expovariate(1 / aht))
        if i < customers // 20:  # warm-up
            continue
        counted += 1
        if gives_up:
            abandoned += 1
        else:
            answered += 1
            wait_answered += wait
            within += wait <= t
    return {
        "service_level": within / counted,
        "abandonment": abandoned / counted,
        "asa_seconds": wait_answered / answered,
    }


# --- published and hand-computed figures ---------------------------------------------------------------


# Erlang B table at 1 % grade of service (carried Erlangs per trunk count), as printed in traffic tables.
ERLANG_B_1PCT = [
    (1, 0.0101),
    (3, 0.455),
    (4, 0.869),
    (5, 1.36),
    (10, 4.46),
    (20, 12.03),
    (50, 37.9),
    (100, 84.06),
]


@pytest.mark.parametrize(("trunks", "load"), ERLANG_B_1PCT)
def test_erlang_b_matches_published_table(trunks, load):
    assert erlang_b(trunks, load) == pytest.approx(0.01, abs=1e-4)
    assert erlang_b(trunks - 1, load) > 0.01
    assert erlang_b_required(load, 0.01) == trunks


def test_classic_erlang_c_example_100_calls_in_30_minutes():
    # 100 calls / 30 min, AHT 180 s = 10 Erlangs; 80 % in 20 s needs 14 agents (13 give 79.6 %).
    # pyworkforce documents the same case: 20 positions at 30 % shrinkage, i.e. 14 / 0.7.
    assert erlang_c_service_level(13, 10.0, 180, 20) == pytest.approx(0.795595, abs=1e-6)
    assert erlang_c_service_level(14, 10.0, 180, 20) == pytest.approx(0.888350, abs=1e-6)
    result = staff(100, 30, 180, sl=0.8, sl_seconds=20, shrinkage=0.3)
    assert result["agents"] == 14
    assert result["scheduled"] == 20
    assert result["service_level"] == pytest.approx(0.888350, abs=1e-6)
    assert result["asa_seconds"] == pytest.approx(7.836, abs=1e-3)
    assert result["occupancy"] == pytest.approx(10 / 14)


def test_hand_computed_small_systems():
    assert erlang_b(1, 0.5) == pytest.approx(1 / 3)
    assert erlang_b(2, 1.0) == pytest.approx(0.2)
    assert erlang_c(2, 1.0) == pytest.approx(1 / 3)  # M/M/2 at rho = 0.5: 2 rho^2 / (1 + rho)
    # M/M/1: P(wait) = rho, ASA = rho AHT / (1 - rho), SL = 1 - rho exp(-(1 - rho) T / AHT).
    assert erlang_c(1, 0.6) == pytest.approx(0.6)
    assert erlang_c_asa(1, 0.6, 100) == pytest.approx(150.0)
    assert erlang_c_service_level(1, 0.6, 100, 20) == pytest.approx(1 - 0.6 * math.exp(-0.08))
    # Unstable queues report a missed goal rather than raising.
    m = erlang_c_metrics(10, 10.0, 180, 20)
    assert (m.wait_probability, m.service_level, m.asa_seconds, m.occupancy) == (1.0, 0.0, math.inf, 1.0)
    assert erlang_b(0, 3.0) == 1.0
    assert erlang_b(3, 0.0) == 0.0


def test_erlang_a_single_agent_with_patience_equal_to_aht_by_hand():
    # M/M/1+M with mean patience = AHT: state k has death rate k/AHT, so the chain is Poisson(A) and
    # P(idle) = e^-A. Hence P(wait) = occupancy = 1 - e^-A and P(abandon) = 1 - (1 - e^-A) / A.
    got = erlang_a_metrics(1, 0.7, 60.0, 60.0, 10.0)
    assert got.wait_probability == pytest.approx(1 - math.exp(-0.7), rel=1e-12)
    assert got.occupancy == pytest.approx(1 - math.exp(-0.7), rel=1e-12)
    assert got.abandonment == pytest.approx(1 - (1 - math.exp(-0.7)) / 0.7, rel=1e-12)


# --- exact and independent cross-checks ----------------------------------------------------------------


@FAST
@given(st.integers(1, 30), st.integers(1, 400), st.integers(1, 20))
def test_erlang_b_and_c_match_exact_rational_arithmetic(n, num, den):
    load = Fraction(num, den)
    assert erlang_b(n, float(load)) == pytest.approx(float(exact_erlang_b(n, load)), rel=1e-11, abs=1e-300)
    if load < n:
        assert erlang_c(n, float(load)) == pytest.approx(float(exact_erlang_c(n, load)), rel=1e-11, abs=1e-300)
    else:
        assert erlang_c(n, float(load)) == 1.0


@pytest.mark.parametrize("load", [250.0, 1000.0, 1234.5, 3000.0, 5000.0])
def test_thousands_of_agents_match_the_erlang_b_recursion(load):
    n_max = int(load * 1.3) + 10
    b = recursive_erlang_b(n_max, load)
    ns = np.arange(1, n_max + 1)
    np.testing.assert_allclose(erlang_b(ns, load), b[1:], rtol=1e-9)
    stable = ns[ns > load]
    bs = b[stable]
    c = stable * bs / (stable - load * (1 - bs))
    np.testing.assert_allclose(erlang_c(stable, load), c, rtol=1e-9)
    # Independent linear scan for 80/20 at AHT 300 s with no occupancy cap.
    sl = 1 - c * np.exp(-(stable - load) * 20 / 300)
    expected = int(stable[np.argmax(sl >= 0.8)])
    assert required_agents(load, 300, sl=0.8, sl_seconds=20, max_occupancy=None) == expected
    assert erlang_b_required(load, 0.01) == int(ns[np.argmax(b[1:] <= 0.01)])


@pytest.mark.parametrize(
    ("n", "load", "aht", "patience", "t"),
    [(3, 2.0, 180, 60, 20), (10, 9.0, 300, 120, 20), (10, 12.0, 300, 120, 20), (20, 15.5, 240, 30, 30),
     (8, 8.0, 200, 50, 0), (15, 10.0, 180, 3600, 20), (2, 5.0, 100, 10, 5)],
)  # fmt: skip
def test_erlang_a_matches_brute_force_markov_chain(n, load, aht, patience, t):
    ref = reference_erlang_a(n, load, aht, patience, t)
    got = erlang_a_metrics(n, load, aht, patience, t)
    for key, value in ref.items():
        assert getattr(got, key) == pytest.approx(value, rel=1e-7, abs=1e-12), key
    assert got.mean_wait_seconds == pytest.approx(got.abandonment * patience)


def test_erlang_a_matches_simulation():
    sim = simulate_erlang_a(n=5, load=4.5, aht=60.0, patience=90.0, t=15.0)
    got = erlang_a_metrics(5, 4.5, 60.0, 90.0, 15.0)
    assert got.service_level == pytest.approx(sim["service_level"], abs=0.015)
    assert got.abandonment == pytest.approx(sim["abandonment"], abs=0.01)
    assert got.asa_seconds == pytest.approx(sim["asa_seconds"], rel=0.06)


# --- properties ----------------------------------------------------------------------------------------

loads = st.floats(0.05, 3000.0)
ahts = st.floats(10.0, 1200.0)


@FAST
@given(loads, ahts, st.floats(0.0, 120.0), st.one_of(st.none(), st.floats(2.0, 2000.0)))
def test_service_level_never_falls_when_agents_are_added(load, aht, t, patience):
    start = 1 if patience else int(load)
    ns = np.arange(start, start + int(3 * math.sqrt(load)) + 5)
    m = erlang_c_metrics(ns, load, aht, t) if patience is None else erlang_a_metrics(ns, load, aht, patience, t)
    # Deep in overload a service level of ~1e-13 carries ~1e-12 of rounding noise; goals are compared
    # with a 1e-9 tolerance, so that is the resolution monotonicity must hold at.
    assert np.all(np.diff(m.service_level) >= -1e-9)
    assert np.all(np.diff(m.wait_probability) <= 1e-9)
    assert np.all(np.diff(m.abandonment) <= 1e-9)


@FAST
@given(loads, st.floats(0.0, 50.0))
def test_erlang_c_at_least_erlang_b(load, extra):
    n = math.floor(load) + 1 + int(extra)
    assert erlang_c(n, load) >= erlang_b(n, load)


@FAST
@given(st.floats(0.5, 2000.0), st.floats(1.01, 1.5), st.floats(30.0, 600.0), st.floats(0.0, 60.0))
def test_erlang_a_tends_to_erlang_c_as_patience_grows(load, headroom, aht, t):
    n = max(math.ceil(load * headroom), math.floor(load) + 1)
    c = erlang_c_metrics(n, load, aht, t)
    a = erlang_a_metrics(n, load, aht, 1e9 * aht, t)
    assert a.service_level == pytest.approx(c.service_level, abs=1e-5)
    assert a.wait_probability == pytest.approx(c.wait_probability, abs=1e-5)
    assert a.asa_seconds == pytest.approx(c.asa_seconds, rel=1e-4, abs=1e-6)
    assert a.abandonment < 1e-5


@FAST
@given(
    loads,
    ahts,
    st.floats(0.5, 0.99),
    st.floats(0.0, 60.0),
    st.one_of(st.none(), st.floats(5.0, 900.0)),
    st.one_of(st.none(), st.floats(1.0, 120.0)),
    st.one_of(st.none(), st.floats(0.6, 1.0)),
)
def test_required_agents_is_minimal(load, aht, sl, t, patience, asa, occupancy):
    goal = {
        "sl": sl,
        "sl_seconds": t,
        "asa_seconds": asa,
        "max_occupancy": occupancy,
        "patience_seconds": patience,
    }
    if patience is not None:
        goal["max_abandonment"] = 0.05
    n = required_agents(load, aht, **goal)
    assert meets_goal(n, load, aht, **goal)
    assert not meets_goal(n - 1, load, aht, **goal)


def test_vectorised_solver_matches_one_interval_at_a_time():
    rng = np.random.default_rng(3)
    load = np.concatenate([[0.0, 0.0, 1e-4, 1000.0, 1000.0], rng.uniform(0, 1200, 60)])
    aht = rng.uniform(60, 900, load.size)
    for patience in (None, 120.0):
        together = required_agents(load, aht, sl=0.9, sl_seconds=15, patience_seconds=patience)
        alone = [
            required_agents(a, h, sl=0.9, sl_seconds=15, patience_seconds=patience)
            for a, h in zip(load, aht, strict=True)
        ]
        assert together.tolist() == alone
        assert together[0] == 0 and together[2] == 1


def test_occupancy_cap_met_exactly_is_not_an_off_by_one():
    # 85 calls / 30 min x 180 s = 8.5 Erlangs; 10 agents are exactly 85 % occupied.
    assert staff(85, 30, 180, sl=0.01, max_occupancy=0.85)["agents"] == 10
    assert staff(85, 30, 180, sl=0.01, max_occupancy=0.85, agents=10)["meets_goal"] is True


def test_year_of_intervals_is_fast():
    rng = np.random.default_rng(0)
    load = rng.uniform(0, 1000, 35_040)
    started = time.perf_counter()
    c = required_agents(load, 300.0, sl=0.8, sl_seconds=20, max_occupancy=None)
    a = required_agents(load, 300.0, sl=0.8, sl_seconds=20, max_occupancy=None, patience_seconds=120.0)
    assert time.perf_counter() - started < 10.0
    assert c.shape == a.shape == (35_040,)
    assert np.all(c > np.floor(load))


# --- staff(): the one-shot calculator -------------------------------------------------------------------


def test_staff_erlang_a_reports_abandonment_and_needs_fewer_agents():
    c = staff(100, 30, 180)
    a = staff(100, 30, 180, patience_seconds=120)
    assert "abandonment" not in c
    assert a["model"] == "erlang_a" and 0 < a["abandonment"] < 0.1
    assert a["agents"] <= c["agents"]
    assert a["mean_wait_seconds"] == pytest.approx(a["abandonment"] * 120)


def test_staff_combined_goals_and_evaluation_mode():
    combined = staff(300, 15, 240, sl=0.8, asa_seconds=5, patience_seconds=90, max_abandonment=0.02)
    assert combined["asa_seconds"] <= 5 and combined["abandonment"] <= 0.02
    assert combined["service_level"] >= 0.8
    goals = {"sl": 0.8, "asa_seconds": 5, "patience_seconds": 90, "max_abandonment": 0.02}
    worse = staff(300, 15, 240, agents=combined["agents"] - 1, **goals)
    assert worse["meets_goal"] is False
    assert worse["agents"] == combined["agents"] - 1


def test_staff_zero_volume_needs_nobody():
    result = staff(0, 15, 300, patience_seconds=60)
    assert result["agents"] == 0 and result["scheduled"] == 0
    assert result["service_level"] == 1.0 and result["abandonment"] == 0.0 and result["meets_goal"] is True


def test_staff_chat_uses_effective_aht():
    chat = staff(200, 30, 600, concurrency=3)
    assert chat["effective_aht_seconds"] == pytest.approx(600 / (3 * 0.75))
    assert chat["load_erlangs"] == pytest.approx(200 / 1800 * 600 / 2.25)
    assert chat["agents"] < staff(200, 30, 600)["agents"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"volume": -1}, "volume"),
        ({"aht_seconds": 0}, "handling time"),
        ({"interval_minutes": 0}, "interval"),
        ({"sl": 1.0}, "service level target"),
        ({"sl": 0.0}, "service level target"),
        ({"sl_seconds": -5}, "threshold"),
        ({"max_occupancy": 1.2}, "occupancy"),
        ({"shrinkage": 1.0}, "shrinkage"),
        ({"shrinkage": {"lunch": -0.1}}, "lunch"),
        ({"patience_seconds": 0}, "patience"),
        ({"concurrency": 0}, "concurrency"),
        ({"agents": -1}, "agents"),
        ({"agents": 2.5}, "agents"),
        ({"volume": float("nan")}, "volume"),
        ({"max_abandonment": 0.05}, "patience"),
        ({"sl": None}, "at least one"),
        ({"asa_seconds": 0}, "ASA"),
    ],
)
def test_staff_rejects_invalid_input(kwargs, message):
    args = {"volume": 100, "interval_minutes": 30, "aht_seconds": 180} | kwargs
    with pytest.raises(ValueError, match=message):
        staff(**args)


def test_solver_rejects_invalid_arrays():
    with pytest.raises(ValueError, match="load"):
        required_agents([10.0, -1.0], 180)
    with pytest.raises(ValueError, match="handling time"):
        required_agents([10.0], [0.0])
    with pytest.raises(ValueError, match="blocking"):
        erlang_b_required(10.0, 1.5)


# --- channels and shrinkage ----------------------------------------------------------------------------


def test_concurrency_table():
    assert concurrency_efficiency(1) == 1.0
    assert effective_aht(600, 2) == pytest.approx(600 / 1.7)
    top = max(DEFAULT_CONCURRENCY_EFFICIENCY)
    capacity = top * DEFAULT_CONCURRENCY_EFFICIENCY[top]
    assert 9 * concurrency_efficiency(9) == pytest.approx(capacity)  # no capacity beyond the table
    assert concurrency_efficiency(2, {1: 1.0, 2: 0.9}) == 0.9
    with pytest.raises(ValueError, match="no entry"):
        concurrency_efficiency(2, {1: 1.0, 3: 0.7})
    with pytest.raises(ValueError, match="efficiencies"):
        concurrency_efficiency(2, {1: 1.0, 2: 1.5})


def test_backlog_fte_hand_computed():
    # (1000 / 5 + 300) items a day x 360 s over 6.5 productive hours = 180000 / 23400.
    assert backlog_fte(1000, 5, 300, 360, 6.5) == pytest.approx(180000 / 23400)
    assert backlog_fte(0, 1, 0, 360, 6.5) == 0.0
    with pytest.raises(ValueError, match="deadline"):
        backlog_fte(100, 0, 10, 300, 7)
    with pytest.raises(ValueError, match="productive hours"):
        backlog_fte(100, 2, 10, 300, 25)


def test_shrinkage_categories_add_and_round_up_safely():
    categories = {
        "breaks": 0.0833,
        "lunch": 0.0625,
        "training": 0.03,
        "meetings": 0.02,
        "coaching": 0.015,
        "absence": 0.04,
    }
    assert total_shrinkage(categories) == pytest.approx(0.2508)
    assert scheduled_agents(100, categories) == math.ceil(100 / (1 - 0.2508))
    assert scheduled_agents(21, 0.3) == 30  # 21 / 0.7 is 30.000000000000004 in floating point
    assert scheduled_agents(10, 0.2) == 13
    assert scheduled_agents(0, 0.5) == 0
    with pytest.raises(ValueError, match="total shrinkage"):
        total_shrinkage({"breaks": 0.6, "absence": 0.5})
