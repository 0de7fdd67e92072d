"""Required vs planned staff per interval, from forecasts to Erlang to the gap, and scenarios."""

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from kohtaamo.lib.intervals import grain_starts
from kohtaamo.lib.queueing import staff
from kohtaamo.lib.staffing.inputs import Assumptions, Demand, Shift
from kohtaamo.lib.staffing.plan import plan_staffing

HELSINKI = ZoneInfo("Europe/Helsinki")
DAY = date(2026, 3, 2)  # a Monday
OPEN = {str(d): ["08:00", "16:00"] for d in range(5)}


def demand(channel="phone", per_interval=100.0, aht=180.0, days=1, start=DAY, minutes=30) -> Demand:
    starts = grain_starts(start, start + timedelta(days=days), HELSINKI, f"{minutes}min")
    return Demand(1, channel, starts, minutes, np.full(starts.size, per_interval), np.full(starts.size, aht))


def assume(**kwargs) -> Assumptions:
    values = {"start": DAY, "end": DAY, "opening_hours": OPEN}
    values.update(kwargs)
    return Assumptions(**values)


def test_voice_needs_the_erlang_c_answer_in_every_open_interval():
    result = plan_staffing(demands=[demand()], shifts=[], assumptions=assume(), tz=HELSINKI)
    open_rows = result.volume - result.closed_volume > 0
    assert open_rows.sum() == 16
    assert set(result.required["in_house"][open_rows]) == {staff(100, 30, 180)["agents"]} == {14}
    assert result.required_total[~open_rows].max() == 0
    assert result.closed_volume.sum() == pytest.approx(100 * 32)


def test_shrinkage_turns_agents_into_scheduled_heads():
    result = plan_staffing(
        demands=[demand()], shifts=[], assumptions=assume(shrinkage={"breaks": 0.1, "absence": 0.2}), tz=HELSINKI
    )
    assert result.required_total.max() == 20  # ceil(14 / 0.7)


def test_planned_shifts_give_the_gap_and_the_expected_service_level():
    shifts = [
        Shift("Helsinki", False, (0, 1, 2, 3, 4), time(8), time(12), 14),
        Shift("Partner", True, (0,), time(12), time(16), 10),
    ]
    result = plan_staffing(demands=[demand()], shifts=shifts, assumptions=assume(), tz=HELSINKI)
    rows = result.rows(HELSINKI)
    morning = next(r for r in rows if r["start"].startswith("2026-03-02T08:00"))
    afternoon = next(r for r in rows if r["start"].startswith("2026-03-02T12:00"))
    assert (morning["planned"], morning["gap"]) == (14, 0)
    assert morning["expected_sl"] == pytest.approx(staff(100, 30, 180, agents=14)["service_level"], abs=1e-4)
    assert (afternoon["planned_partner"], afternoon["gap"]) == (10, -4)
    assert afternoon["expected_sl"] < 0.8
    summary = result.summary()
    assert summary["understaffed_intervals"] == 8 and summary["understaffed_hours"] == 16


def test_the_partner_share_splits_the_requirement():
    result = plan_staffing(demands=[demand()], shifts=[], assumptions=assume(partner_share=0.5), tz=HELSINKI)
    assert result.required["in_house"].max() == staff(50, 30, 180)["agents"]
    assert result.required["partner"].max() == staff(50, 30, 180)["agents"]


def test_chat_uses_the_effective_handle_time_of_its_concurrency():
    result = plan_staffing(
        demands=[demand("chat", aht=600)],
        shifts=[],
        tz=HELSINKI,
        assumptions=assume(chat_concurrency=3, chat_sl_seconds=60),
    )
    expected = staff(100, 30, 600, sl_seconds=60, concurrency=3)["agents"]
    assert result.required["in_house"].max() == expected


def test_erlang_a_reports_expected_abandonment():
    shifts = [Shift("Helsinki", False, (0,), time(8), time(16), 12)]
    result = plan_staffing(demands=[demand()], shifts=shifts, assumptions=assume(patience_seconds=120), tz=HELSINKI)
    assert result.expected_abandonment is not None
    assert 0 < np.nanmax(result.expected_abandonment) < 0.2


def test_email_is_worked_within_opening_hours_from_a_days_inflow():
    # 480 emails a day at 6 minutes = 48 agent-hours over 8 open hours: 6 agents all day.
    email = demand("email", per_interval=10, aht=360)
    result = plan_staffing(demands=[email], shifts=[], assumptions=assume(), tz=HELSINKI)
    open_rows = result.required["in_house"] > 0
    assert open_rows.sum() == 16
    assert result.required["in_house"][open_rows] == pytest.approx(np.full(16, 6.0))


def test_queues_of_a_channel_are_pooled():
    one = plan_staffing(demands=[demand(per_interval=100)], shifts=[], assumptions=assume(), tz=HELSINKI)
    two = plan_staffing(
        demands=[demand(per_interval=50), demand(per_interval=50)], shifts=[], assumptions=assume(), tz=HELSINKI
    )
    assert np.array_equal(one.required_total, two.required_total)


def test_a_volume_scenario_changes_only_its_days():
    base = plan_staffing(
        demands=[demand(days=2)], shifts=[], assumptions=assume(end=DAY + timedelta(days=1)), tz=HELSINKI
    )
    storm = plan_staffing(
        demands=[demand(days=2)],
        shifts=[],
        tz=HELSINKI,
        assumptions=assume(end=DAY + timedelta(days=1), volume_factor=1.3, volume_from=DAY, volume_to=DAY),
    )
    half = base.starts.size // 2
    assert storm.required_total[:half].max() == staff(130, 30, 180)["agents"] > base.required_total[:half].max()
    assert np.array_equal(storm.required_total[half:], base.required_total[half:])


def test_a_plan_grid_on_the_autumn_dst_day_has_25_hours():
    day = date(2026, 10, 25)
    result = plan_staffing(
        demands=[demand(start=day)], shifts=[], tz=HELSINKI, assumptions=assume(start=day, end=day, interval_minutes=15)
    )
    assert result.starts.size == 100
    assert result.volume.sum() == pytest.approx(50 * 100)  # 50 half-hours of 100, split into quarter-hours


def test_days_without_a_forecast_are_reported():
    result = plan_staffing(demands=[demand()], shifts=[], assumptions=assume(end=DAY + timedelta(days=2)), tz=HELSINKI)
    assert result.summary()["uncovered_days"] == 2
