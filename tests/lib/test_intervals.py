"""Local-time buckets stored as UTC: DST days have 92 or 100 quarter-hours, nothing lost or doubled."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from kohtaamo.lib.intervals import (
    GRAINS,
    MINUTE_GRAINS,
    bucket_starts,
    grain_starts,
    interval_seconds,
    local_datetime,
    wall_clock,
)

HELSINKI = ZoneInfo("Europe/Helsinki")
FAST = settings(max_examples=80, deadline=None, database=None)
ZONES = st.sampled_from(
    [
        HELSINKI,
        ZoneInfo("America/New_York"),
        ZoneInfo("Asia/Kathmandu"),
        ZoneInfo("UTC"),
        ZoneInfo("Australia/Lord_Howe"),
    ]
)
INSTANTS = st.integers(min_value=1_600_000_000, max_value=1_900_000_000)


def test_it_counts_92_quarter_hours_on_the_spring_dst_day():
    assert grain_starts(date(2026, 3, 29), date(2026, 3, 30), HELSINKI, "15min").size == 92


def test_it_counts_100_quarter_hours_on_the_autumn_dst_day():
    assert grain_starts(date(2026, 10, 25), date(2026, 10, 26), HELSINKI, "15min").size == 100


def test_it_keeps_the_repeated_hour_as_two_buckets():
    starts = grain_starts(date(2026, 10, 25), date(2026, 10, 26), HELSINKI, "60min")
    labels = [local_datetime(s, HELSINKI).strftime("%H:%M%z") for s in starts]
    assert labels[2:6] == ["02:00+0300", "03:00+0300", "03:00+0200", "04:00+0200"]


def test_it_measures_23_and_25_hour_days():
    days = grain_starts(date(2026, 3, 28), date(2026, 3, 31), HELSINKI, "day")
    assert (interval_seconds(days, HELSINKI, "day") / 3600).tolist() == [24, 23, 24]
    autumn = grain_starts(date(2026, 10, 25), date(2026, 10, 26), HELSINKI, "day")
    assert (interval_seconds(autumn, HELSINKI, "day") / 3600).tolist() == [25]


def test_it_starts_weeks_on_monday_and_months_on_the_first_local_midnight():
    moment = int(datetime(2026, 3, 31, 23, 30, tzinfo=HELSINKI).timestamp())  # Tuesday
    week = local_datetime(bucket_starts([moment], HELSINKI, "week")[0], HELSINKI)
    month = local_datetime(bucket_starts([moment], HELSINKI, "month")[0], HELSINKI)
    assert (week.date(), week.hour) == (date(2026, 3, 30), 0)
    assert (month.date(), month.hour, month.utcoffset()) == (date(2026, 3, 1), 0, timedelta(hours=2))


@FAST
@given(INSTANTS, ZONES, st.sampled_from(GRAINS))
def test_every_instant_falls_in_its_bucket_and_the_bucket_is_in_the_grid(epoch, tz, grain):
    start = int(bucket_starts([epoch], tz, grain)[0])
    day = local_datetime(epoch, tz).date()
    grid = grain_starts(day - timedelta(days=40), day + timedelta(days=40), tz, grain)
    position = int(np.searchsorted(grid, start))
    assert grid[position] == start
    assert start <= epoch < (grid[position + 1] if position + 1 < grid.size else start + 10**9)


@FAST
@given(INSTANTS, ZONES, st.sampled_from(list(MINUTE_GRAINS)))
def test_minute_buckets_start_on_the_local_wall_clock(epoch, tz, grain):
    start = bucket_starts([epoch], tz, grain)[0]
    _, minute = wall_clock([start], tz)
    assert minute[0] % MINUTE_GRAINS[grain] == 0 or tz.key == "Australia/Lord_Howe"


@FAST
@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)), ZONES)
def test_a_days_quarter_hours_add_up_to_its_length(day, tz):
    quarters = grain_starts(day, day + timedelta(days=1), tz, "15min")
    whole = grain_starts(day, day + timedelta(days=1), tz, "day")
    assert quarters.size * 900 == int(interval_seconds(whole, tz, "day")[0])
    assert np.all(np.diff(quarters) == 900)
