"""Durations, dates and times as people read them: the exact forms per language."""

import math
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from kohtaamo.lib.readable import (
    Units,
    case_label,
    clock_phrase,
    date_range_text,
    date_text,
    datetime_text,
    day_month_text,
    duration,
    interval_text,
    language_of,
    month_text,
    time_text,
    weekday_name,
    weekdays_text,
)

HELSINKI = ZoneInfo("Europe/Helsinki")
STOCKHOLM = ZoneInfo("Europe/Stockholm")
SV = Units(day="d", hour="tim", minute="min", second="s")
FI = Units(day="pv", hour="h", minute="min", second="s")
# 21 September 2026 at 7.57 in Helsinki (UTC+3 in summer time).
MOMENT = datetime(2026, 9, 21, 4, 57, tzinfo=UTC)


@pytest.mark.parametrize(
    ("seconds", "units", "expected"),
    [
        (954, FI, "15 min 54 s"),
        (954, SV, "15 min 54 s"),
        (954, Units(), "15 min 54 s"),
        (3900, FI, "1 h 5 min"),
        (3900, SV, "1 tim 5 min"),
        (3900, Units(), "1 h 5 min"),
        (45, Units(), "45 s"),
        (0, Units(), "0 s"),
        (59, Units(), "59 s"),
        (60, Units(), "1 min"),
        (61, Units(), "1 min 1 s"),
        (3599, Units(), "59 min 59 s"),
        (3600, Units(), "1 h"),
        (3600, SV, "1 tim"),
        (7199, Units(), "2 h"),
        (86400 + 3 * 3600, FI, "1 pv 3 h"),
        (2 * 86400, Units(), "2 d"),
        (354.6, Units(), "5 min 55 s"),
        (59.6, Units(), "1 min"),
        (-90, Units(), "−1 min 30 s"),
    ],
)
def test_durations_show_the_two_largest_units(seconds, units, expected):
    assert duration(seconds, units) == expected


def test_no_duration_is_a_dash():
    assert duration(None) == "–"
    assert duration(math.nan) == "–"


def test_date_and_time_per_language():
    assert datetime_text(MOMENT, "fi", HELSINKI) == "21.9.2026 klo 7.57"
    assert datetime_text(MOMENT, "sv", HELSINKI) == "2026-09-21 07:57"
    assert datetime_text(MOMENT, "en", HELSINKI) == "21 Sep 2026, 07:57"


def test_the_clock_is_the_given_zones():
    assert datetime_text(MOMENT, "sv", STOCKHOLM) == "2026-09-21 06:57"
    # Just after midnight in Helsinki is still the previous day in UTC.
    assert datetime_text(datetime(2026, 9, 20, 21, 30, tzinfo=UTC), "fi", HELSINKI) == "21.9.2026 klo 0.30"


def test_the_clock_is_24_hour():
    evening = datetime(2026, 1, 5, 21, 5, tzinfo=HELSINKI)
    assert datetime_text(evening, "en", HELSINKI) == "5 Jan 2026, 21:05"
    assert time_text(evening, "fi") == "21.05"
    assert time_text(time(7, 5), "sv") == "07:05"
    assert time_text(time(7, 5), "en") == "07:05"


def test_dates_alone():
    day = date(2026, 9, 21)
    assert date_text(day, "fi") == "21.9.2026"
    assert date_text(day, "sv") == "2026-09-21"
    assert date_text(day, "en") == "21 Sep 2026"


def test_dates_in_running_text():
    assert day_month_text(date(2026, 3, 4), "fi") == "4.3."
    assert day_month_text(date(2026, 3, 4), "sv") == "4 mars"
    assert day_month_text(date(2026, 3, 4), "en") == "4 March"
    assert clock_phrase(time(6, 0), "fi") == "klo 6.00"
    assert clock_phrase(time(18, 0), "sv") == "kl. 18.00"
    assert clock_phrase(time(6, 0), "en") == "06:00"


def test_a_range_of_dates():
    assert date_range_text(date(2026, 9, 1), date(2026, 9, 30), "fi") == "1.9.2026–30.9.2026"
    assert date_range_text(date(2026, 9, 1), date(2026, 9, 30), "en") == "1 Sep 2026 – 30 Sep 2026"
    assert date_range_text(date(2026, 9, 1), date(2026, 9, 1), "sv") == "2026-09-01"


def test_an_interval_in_one_style_spaced_only_where_a_dash_would_read_as_minus():
    assert interval_text("62", "71") == "[62–71]"
    assert interval_text("0.41", "0.77") == "[0.41–0.77]"
    assert interval_text("-4", "12") == "[-4 – 12]"
    assert interval_text("\u221212", "\u22124") == "[\u221212 – \u22124]"
    assert interval_text("1 200", "1 350") == "[1 200 – 1 350]"


def test_weekdays_by_name_never_by_number():
    assert [weekday_name(i, "fi") for i in range(7)] == ["ma", "ti", "ke", "to", "pe", "la", "su"]
    assert weekday_name(0, "sv", long=True) == "måndag"
    assert weekday_name(6, "en") == "Sun"
    assert weekdays_text([0, 1, 2, 3, 4], "fi") == "ma–pe"
    assert weekdays_text([5, 6], "sv") == "lör, sön"
    assert weekdays_text([4, 0, 1, 2, 6], "en") == "Mon–Wed, Fri, Sun"
    assert weekdays_text([], "fi") == ""


def test_unknown_languages_read_english():
    assert language_of("sv-fi") == "sv"
    assert language_of("de") == "en"
    assert language_of(None) == "en"
    assert date_text(date(2026, 9, 21), "de") == "21 Sep 2026"


def test_one_form_of_case_id():
    assert case_label(None, 123) == "#123"
    assert case_label("", 123) == "#123"
    assert case_label("INC-77", 123) == "INC-77"


def test_a_month_by_name():
    assert month_text(date(2026, 9, 1), "fi") == "syyskuu 2026"
    assert month_text(date(2026, 9, 1), "sv") == "september 2026"
    assert month_text(date(2026, 9, 1), "en") == "September 2026"
