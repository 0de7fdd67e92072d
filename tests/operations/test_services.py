"""Forecasts built from stored history, scenarios copied from plans, shifts imported from CSV."""

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError

from kohtaamo.operations.models import Forecast, ShiftPattern
from kohtaamo.operations.selectors.planning import plan_result
from kohtaamo.operations.services import event_create, forecasts_build, scenario_create, shift_create, shifts_import
from kohtaamo.operations.services.plans import parse_weekdays
from kohtaamo.workspaces.models import Team


def test_it_forecasts_each_queue_and_channel_with_a_backtest(voima, three_weeks):
    built, skipped = forecasts_build(workspace=voima, start=three_weeks, days=7)
    assert skipped == [] and len(built) == 1
    forecast = Forecast.objects.get()
    # Sunday 29 March is the spring DST day: 23 hours, 46 half-hours.
    assert (forecast.queue.key, forecast.channel, len(forecast.volume)) == ("laskutus", "phone", 7 * 48 - 2)
    assert sum(forecast.volume) == pytest.approx(6 * 5 + 2 * 2, rel=0.25)
    assert set(forecast.aht_seconds) == {270.0}
    assert forecast.backtest["holdout_days"] == 7 and forecast.backtest["wape_day"] is not None


def test_an_event_lifts_the_days_it_covers(voima, three_weeks):
    plain = forecasts_build(workspace=voima, start=three_weeks, days=7)[0][0]
    event_create(workspace=voima, name="Storm", start_date=three_weeks, end_date=three_weeks, percent=30)
    storm = forecasts_build(workspace=voima, start=three_weeks, days=7)[0][0]
    assert sum(storm.volume[:48]) == pytest.approx(1.3 * sum(plain.volume[:48]), rel=1e-3)
    assert storm.volume[48:] == pytest.approx(plain.volume[48:], rel=1e-3)


def test_too_little_history_is_skipped_not_forecast(voima, ingest_calls):
    from tests.operations.conftest import call

    ingest_calls(call("2026-03-02T09:00:00+02:00"))
    built, skipped = forecasts_build(workspace=voima, start=date(2026, 3, 10), days=7)
    assert built == [] and skipped


def test_a_scenario_copies_the_plan_and_its_shifts_and_changes_the_requirement(voima, plan, lead_actor):
    team = Team.objects.create(workspace=voima, key="hki", name="Helsinki")
    shift_create(plan=plan, team=team, weekdays=[0, 1, 2, 3, 4], start_time=time(8), end_time=time(16), heads=2)
    storm = scenario_create(plan=plan, name="Storm", volume_factor=3.0)
    assert storm.base == plan and storm.shifts.count() == 1
    base, heavy = plan_result(actor=lead_actor, plan=plan), plan_result(actor=lead_actor, plan=storm)
    assert heavy.summary()["required_hours"] > base.summary()["required_hours"]
    assert heavy.summary()["planned_hours"] == base.summary()["planned_hours"]


def test_a_scenario_refuses_fields_it_cannot_change(plan):
    with pytest.raises(ValueError, match="cannot change"):
        scenario_create(plan=plan, name="x", workspace_id=2)


def test_a_plan_refuses_an_impossible_goal(plan):
    with pytest.raises(ValidationError):
        scenario_create(plan=plan, name="x", sl_target=1.5)


CSV = """team,weekdays,start,end,heads,queue
hki,mon-fri,08:00,16:00,4,
hki,sat,10:00,14:00,2,laskutus
nobody,0-4,08:00,16:00,3,
hki,0-4,17:00,09:00,3,
"""


def test_shift_import_keeps_good_rows_and_names_the_bad_ones(voima, plan):
    Team.objects.create(workspace=voima, key="hki", name="Helsinki")
    result = shifts_import(plan=plan, text=CSV)
    assert result.created == 2
    assert [(r["line"], r["field"]) for r in result.rejected] == [(4, "team"), (5, "end_time")]
    saturday = ShiftPattern.objects.get(weekdays=[5])
    assert (saturday.queue.key, saturday.heads) == ("laskutus", 2)


def test_importing_the_same_file_twice_gives_the_same_plan(voima, plan):
    Team.objects.create(workspace=voima, key="hki", name="Helsinki")
    shifts_import(plan=plan, text=CSV)
    shifts_import(plan=plan, text=CSV)
    assert plan.shifts.count() == 2


def test_shift_import_reports_a_missing_column(plan):
    result = shifts_import(plan=plan, text="team,start\nhki,08:00\n")
    assert result.created == 0 and result.rejected[0]["field"] == "weekdays"


def test_weekdays_parse_from_numbers_ranges_and_names():
    assert parse_weekdays("mon-fri") == [0, 1, 2, 3, 4]
    assert parse_weekdays("0,2 6") == [0, 2, 6]
    with pytest.raises(ValueError, match="not a weekday"):
        parse_weekdays("8")
