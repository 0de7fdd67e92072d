"""KPIs against small datasets counted by hand, in Helsinki local time, including both DST days."""

from datetime import date, datetime

import pytest

from kohtaamo.operations.models import OperationsSettings
from kohtaamo.operations.selectors.backlog import backlog
from kohtaamo.operations.selectors.kpis import case_kpis, kpi_heatmap, kpi_table
from tests.operations.conftest import call

MONDAY = date(2026, 3, 2)


@pytest.fixture
def morning(ingest_calls):
    """Five contacts on Monday 2 March 2026, 09:00–10:00 local (+02:00)."""
    ingest_calls(
        call("2026-03-02T09:05:00+02:00", wait=10, handle=200, wrap=20),
        call("2026-03-02T09:10:00+02:00", wait=30, handle=100, wrap=None),
        call("2026-03-02T09:20:00+02:00", wait=3, abandoned=True),
        call("2026-03-02T09:40:00+02:00", wait=60, abandoned=True),
        call("2026-03-02T09:50:00+02:00", wait=50, handle=300, wrap=None, channel="chat"),
    )


def _day(actor, **kwargs):
    return kpi_table(actor=actor, start=MONDAY, end=date(2026, 3, 3), **kwargs)


def test_it_counts_offered_answered_and_abandoned_leaving_out_short_abandons(morning, lead_actor):
    k = _day(lead_actor).overall
    assert (k.offered, k.answered, k.abandons, k.short_abandoned) == (5, 3, 1, 1)
    assert k.abandonment_rate == pytest.approx(1 / 4)


def test_service_level_uses_each_channels_threshold_over_offered_minus_short_abandons(morning, lead_actor):
    # Phone 80/20: the 10 s call is in, the 30 s call out; chat 80/60: the 50 s chat is in.
    assert _day(lead_actor).overall.service_level == pytest.approx(2 / 4)


def test_asa_and_aht_are_averages_over_answered_contacts(morning, lead_actor):
    k = _day(lead_actor).overall
    assert k.asa_seconds == pytest.approx((10 + 30 + 50) / 3)
    assert k.aht_seconds == pytest.approx((220 + 100 + 300) / 3)


def test_it_splits_by_local_half_hour_and_by_channel(morning, lead_actor, voima):
    table = _day(lead_actor, grain="30min", by="channel")
    assert [s.strftime("%H:%M%z") for s in table.starts] == ["09:00+0200", "09:30+0200"]
    first, second = (int(s.timestamp()) for s in table.starts)
    assert table.cells[(first, "phone")].offered == 3
    assert table.cells[(first, "phone")].service_level == pytest.approx(1 / 2)
    assert table.cells[(second, "phone")].abandonment_rate == 1.0
    assert table.cells[(second, "chat")].service_level == 1.0
    assert table.service_levels["phone"] == (0.8, 20.0)


def test_the_short_abandon_threshold_and_service_level_goal_are_configurable(morning, lead_actor, voima):
    OperationsSettings.objects.create(
        workspace=voima, short_abandon_seconds=2, service_levels={"phone": [0.9, 30], "chat": [0.8, 60]}
    )
    k = _day(lead_actor).overall
    assert (k.abandons, k.short_abandoned) == (2, 0)
    assert k.abandonment_rate == pytest.approx(2 / 5)
    assert k.service_level == pytest.approx(3 / 5)


def test_it_splits_by_team_and_agent(morning, lead_actor):
    by_team = _day(lead_actor, by="team")
    named = [k for k in by_team.keys if k is not None]
    assert [by_team.labels[k] for k in named] == ["helsinki"]
    assert by_team.totals[named[0]].answered == 3
    assert by_team.totals[None].offered == 2  # abandoned calls have no team
    by_agent = _day(lead_actor, by="agent")
    assert "Aino Agentti" in by_agent.labels.values()


def test_the_autumn_dst_day_keeps_both_three_oclock_hours_apart(ingest_calls, lead_actor):
    ingest_calls(
        call("2026-10-25T03:10:00+03:00"), call("2026-10-25T03:10:00+02:00"), call("2026-10-25T03:50:00+02:00")
    )
    hours = kpi_table(actor=lead_actor, start=date(2026, 10, 25), end=date(2026, 10, 26), grain="60min")
    assert [(s.strftime("%H:%M%z"), hours.cells[(int(s.timestamp()), None)].offered) for s in hours.starts] == [
        ("03:00+0300", 1),
        ("03:00+0200", 2),
    ]
    day = kpi_table(actor=lead_actor, start=date(2026, 10, 25), end=date(2026, 10, 26), grain="day")
    assert [hours.overall.offered, day.overall.offered, len(day.starts)] == [3, 3, 1]


def test_the_spring_dst_day_buckets_after_the_skipped_hour(ingest_calls, lead_actor):
    ingest_calls(
        call("2026-03-29T02:50:00+02:00"), call("2026-03-29T04:10:00+03:00"), call("2026-03-29T23:50:00+03:00")
    )
    table = kpi_table(actor=lead_actor, start=date(2026, 3, 29), end=date(2026, 3, 30), grain="60min")
    assert [s.strftime("%H:%M%z") for s in table.starts] == ["02:00+0200", "04:00+0300", "23:00+0300"]
    week = kpi_table(actor=lead_actor, start=date(2026, 3, 23), end=date(2026, 3, 31), grain="week")
    assert [(s.date(), week.cells[(int(s.timestamp()), None)].offered) for s in week.starts] == [(date(2026, 3, 23), 3)]


def test_first_contact_resolution_counts_cases_without_a_repeat_in_the_window(ingest_calls, lead_actor):
    ingest_calls(
        call("2026-03-02T09:00:00+02:00", case_ref="K1", contact_reason="lasku", customer={"external_id": "c1"}),
        call("2026-03-04T09:00:00+02:00", case_ref="K1", contact_reason="lasku", customer={"external_id": "c1"}),
        call("2026-03-02T10:00:00+02:00", case_ref="K2", contact_reason="muutto", customer={"external_id": "c2"}),
        call("2026-03-02T11:00:00+02:00", case_ref="K3", contact_reason="muutto", customer={"external_id": "c3"}),
        call("2026-03-20T11:00:00+02:00", case_ref="K3", contact_reason="muutto", customer={"external_id": "c3"}),
    )
    k = kpi_table(actor=lead_actor, start=MONDAY, end=date(2026, 3, 3)).overall
    # K1 came back within 7 days; K2 never did; K3 came back after 18 days, outside the window.
    assert (k.first_contacts, k.first_resolved) == (3, 2)
    assert k.fcr == pytest.approx(2 / 3)


def test_contacts_per_case_and_resolution_time_belong_to_the_day_the_case_opened(ingest_calls, lead_actor):
    ingest_calls(
        call("2026-03-02T09:00:00+02:00", case_ref="K1", customer={"external_id": "c1"}, outcome="unresolved"),
        call(
            "2026-03-03T09:00:00+02:00",
            case_ref="K1",
            customer={"external_id": "c1"},
            outcome="resolved",
            ended_at="2026-03-03T09:30:00+02:00",
        ),
        call(
            "2026-03-02T10:00:00+02:00",
            case_ref="K2",
            customer={"external_id": "c2"},
            outcome="resolved",
            ended_at="2026-03-02T12:00:00+02:00",
        ),
    )
    cases = case_kpis(actor=lead_actor, start=MONDAY, end=date(2026, 3, 4))
    assert [s.date() for s in cases.starts] == [MONDAY]
    assert cases.cases == [2] and cases.contacts_per_case == [1.5] and cases.resolved == [2]
    assert cases.resolution_hours == [pytest.approx((24.5 + 2) / 2)]


def test_the_email_backlog_counts_what_waits_at_each_days_end_and_how_old_it_is(ingest_calls, lead_actor):
    ingest_calls(
        call("2026-03-02T10:00:00+02:00", channel="email", wait=82800),  # answered next morning 09:00
        call("2026-03-02T11:00:00+02:00", channel="email", abandoned=True, wait=0)
        | {"abandoned": False, "outcome": ""},
    )
    now = datetime.fromisoformat("2026-03-04T12:00:00+02:00")
    result = backlog(actor=lead_actor, start=MONDAY, end=date(2026, 3, 5), now=now)
    assert result.waiting == [2, 1, 1]
    assert (result.open_now, result.oldest_hours) == (1, pytest.approx(49.0))


def test_the_heatmap_puts_service_level_on_the_local_weekday_and_hour(morning, lead_actor):
    heat = kpi_heatmap(actor=lead_actor, start=MONDAY, end=date(2026, 3, 3), channel="phone")
    assert heat["offered"][0][9] == 4
    assert heat["service_level"][0][9] == pytest.approx(1 / 3)
    assert heat["service_level"][1][9] is None


def test_another_workspace_sees_none_of_these_contacts(morning, linkki, people):
    from kohtaamo.workspaces.access import Actor

    outsider = Actor(people["outi"], linkki, "admin")
    assert kpi_table(actor=outsider, start=MONDAY, end=date(2026, 3, 3)).overall.offered == 0
