"""Forecasts on synthetic series: seasonality recovered, DST days keep their totals, events and holidays apply."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kohtaamo.lib.forecast import Event, History, backtest, forecast, reforecast_rest_of_day, wape
from kohtaamo.lib.intervals import grain_starts, local_days, wall_clock

HELSINKI = ZoneInfo("Europe/Helsinki")
WEEK = np.array([1.3, 1.1, 1.05, 1.0, 0.9, 0.3, 0.2])


def synthetic(start: date, days: int, *, level: float = 40.0, noise: bool = True, seed: int = 1) -> History:
    """Two daily peaks, a weekly rhythm; Poisson counts (or exact expectations without noise)."""
    starts = grain_starts(start, start + timedelta(days=days), HELSINKI, "30min")
    weekday, minute = wall_clock(starts, HELSINKI)
    hour = minute / 60
    rate = level * (np.exp(-((hour - 10.5) ** 2) / 6) + 0.8 * np.exp(-((hour - 14) ** 2) / 4)) * WEEK[weekday]
    volume = np.random.default_rng(seed).poisson(rate).astype(float) if noise else rate
    return History(starts, volume, volume * 300.0, volume)


def test_it_recovers_the_weekly_rhythm_of_daily_totals():
    result = forecast(
        synthetic(date(2025, 9, 1), 140, noise=False), tz=HELSINKI, interval_minutes=30, start=date(2026, 1, 19), days=7
    )
    expected = synthetic(date(2026, 1, 19), 7, noise=False)
    truth = np.bincount(
        local_days(expected.starts, HELSINKI) - local_days(expected.starts, HELSINKI)[0], expected.volume
    )
    assert np.allclose(result.daily, truth, rtol=0.02)
    assert wape(expected.volume, result.volume) < 0.03


def test_it_keeps_a_dst_days_total_and_gives_it_92_intervals():
    result = forecast(
        synthetic(date(2025, 12, 1), 112), tz=HELSINKI, interval_minutes=30, start=date(2026, 3, 29), days=1
    )
    assert result.volume.size == 46
    assert result.volume.sum() == pytest.approx(result.daily[0])


def test_it_raises_event_days_by_their_uplift():
    history = synthetic(date(2025, 9, 1), 120)
    plain = forecast(history, tz=HELSINKI, interval_minutes=30, start=date(2026, 1, 5), days=7)
    storm = forecast(
        history,
        tz=HELSINKI,
        interval_minutes=30,
        start=date(2026, 1, 5),
        days=7,
        events=[Event(date(2026, 1, 7), date(2026, 1, 8), 0.3)],
    )
    assert storm.daily[2:4] == pytest.approx(plain.daily[2:4] * 1.3)
    assert storm.daily[[0, 1, 4, 5, 6]] == pytest.approx(plain.daily[[0, 1, 4, 5, 6]])


def test_a_holiday_without_history_is_forecast_like_a_sunday():
    history = synthetic(date(2025, 9, 1), 120)
    result = forecast(
        history, tz=HELSINKI, interval_minutes=30, start=date(2026, 1, 5), days=7, holidays={date(2026, 1, 6)}
    )
    assert result.daily[1] == pytest.approx(result.daily[6])


def test_an_unannounced_storm_week_in_history_does_not_lift_the_forecast():
    history = synthetic(date(2025, 9, 1), 120, noise=False)
    stormy = history.volume.copy()
    days = local_days(history.starts, HELSINKI) - local_days(history.starts, HELSINKI)[0]
    stormy[(days >= 110) & (days < 114)] *= 3.5
    calm = forecast(history, tz=HELSINKI, interval_minutes=30, start=date(2025, 12, 30), days=7)
    after = forecast(
        History(history.starts, stormy, stormy * 300, stormy),
        tz=HELSINKI,
        interval_minutes=30,
        start=date(2025, 12, 30),
        days=7,
    )
    assert after.daily.sum() == pytest.approx(calm.daily.sum(), rel=0.05)


def test_it_refuses_too_little_history():
    with pytest.raises(ValueError, match="at least 7 days"):
        forecast(synthetic(date(2026, 1, 1), 3), tz=HELSINKI, interval_minutes=30, start=date(2026, 1, 10), days=1)


def test_the_backtest_reports_wape_and_signed_bias():
    result = backtest(synthetic(date(2025, 9, 1), 150), tz=HELSINKI, interval_minutes=30, holdout_days=28)
    assert result.holdout_days == 28 and result.actual_total > 0
    assert 0 < result.wape_day < result.wape_interval < 0.5
    assert result.bias == pytest.approx((result.forecast_total - result.actual_total) / result.actual_total)
    assert abs(result.bias) < 0.05


def test_wape_is_none_when_nothing_happened():
    assert wape(np.zeros(3), np.ones(3)) is None
    assert wape(np.array([2.0, 0.0]), np.array([1.0, 1.0])) == 1.0


def test_the_reforecast_scales_the_rest_of_the_day_by_actual_over_forecast():
    day = np.full(10, 10.0)
    new, ratio = reforecast_rest_of_day(day, np.array([15.0, 15, 15, 15, 15]))
    assert ratio == pytest.approx((75 + 10) / (50 + 10))
    assert new[:5].tolist() == [15.0] * 5 and new[5:] == pytest.approx(np.full(5, 10 * ratio))


@settings(max_examples=40, deadline=None, database=None)
@given(st.lists(st.floats(0, 50), min_size=1, max_size=20), st.floats(0.1, 20))
def test_the_reforecast_leaves_a_day_alone_when_it_goes_to_plan(profile, scale):
    day = np.asarray(profile) * scale
    done = len(day) // 2
    new, ratio = reforecast_rest_of_day(day, day[:done])
    assert ratio == pytest.approx(1.0)
    assert new == pytest.approx(day)
