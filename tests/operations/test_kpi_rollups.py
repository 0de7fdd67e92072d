"""The KPI roll-ups give the KPI table and heatmap exactly the figures summing the interactions gives.

A random month of contacts (customers coming back within the case window, so first-contact resolution
and repeats matter; abandons short and long; several channels, queues, teams and agents) is read through
every split, interval and filter from the roll-ups and from the interactions; then the history changes
the ways it changes in use (a late earlier contact re-threads cases, re-imports change contacts, erasure
deletes them, the settings and the case window change) and the two must still agree.
"""

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from kohtaamo.operations.kpi_rollups import KpiRollup, KpiStaleDay
from kohtaamo.operations.selectors.kpis import DIMENSIONS, kpi_heatmap, kpi_table
from kohtaamo.operations.services import operations_settings_update
from kohtaamo.operations.services.kpi_rollups import kpi_rollups_refresh
from kohtaamo.timeline.models import Interaction
from kohtaamo.workspaces.access import Actor, Role
from kohtaamo.workspaces.models import Agent, Queue, Team
from tests.factories import ingest, record

FIRST = date(2026, 3, 2)
DAYS = 24
CHANNELS = ["phone", "phone", "chat", "email", "whatsapp"]
HELSINKI = ZoneInfo("Europe/Helsinki")


def contact(rng: random.Random, n: int, day: int | None = None) -> dict:
    """One random inbound contact in the month; a fifth of the customers come back."""
    at = datetime(2026, 3, 2, 6, tzinfo=HELSINKI) + timedelta(days=rng.randrange(DAYS) if day is None else day)
    at += timedelta(minutes=rng.randrange(14 * 60))
    wait = rng.choice([0, 2, 4, 8, 15, 30, 70, 400])
    data = record(
        external_id=f"k{n}",
        channel=rng.choice(CHANNELS),
        started_at=at.isoformat(),
        queue=rng.choice(["laskutus", "vikailmoitus", None]),
        wait_seconds=wait,
        customer={"external_id": f"c{rng.randrange(40)}"},
        contact_reason=rng.choice(["lasku", "vika", ""]),  # a reason threads a customer's contacts into cases
    )
    if rng.random() < 0.2:
        data.update(abandoned=True, outcome="abandoned")
    else:
        agent = rng.randrange(5)
        data.update(
            answered_at=(at + timedelta(seconds=wait)).isoformat(),
            handle_seconds=rng.randint(30, 900),
            wrap_seconds=rng.choice([None, 15, 60]),
            agent={"id": f"a{agent}", "name": f"Agentti {agent}"},
            team=f"tiimi-{agent % 2}",
            outcome=rng.choice(["resolved", "resolved", "unresolved"]),
        )
    return data


def views(workspace, rng: random.Random) -> list[dict]:
    """Every split alone, filters alone and with a split, and a combination no slice holds."""
    queues = list(Queue.objects.of(workspace).values_list("pk", flat=True))
    teams = list(Team.objects.of(workspace).values_list("pk", flat=True))
    agents = list(Agent.objects.of(workspace).values_list("pk", flat=True))
    chosen = [{"by": by} for by in DIMENSIONS]
    chosen += [
        {"channel": "phone"},
        {"by": "agent", "channel": "chat"},
        {"queue_id": rng.choice(queues)},
        {"by": "channel", "team_id": rng.choice(teams)},
        {"agent_id": rng.choice(agents), "by": "queue"},  # two facts: read from the interactions
        {"by": "team", "team_id": rng.choice(teams)},
    ]
    return chosen


def assert_same_figures(actor, rng: random.Random) -> int:
    """Roll-ups and interactions agree on every view; the number of non-empty cells compared."""
    compared = 0
    end = FIRST + timedelta(days=DAYS + 1)
    for view in views(actor.workspace, rng):
        for grain in ("15min", "60min", "day", "week"):
            start = FIRST + timedelta(days=rng.randrange(3)) if grain == "15min" else FIRST
            table = kpi_table(actor=actor, start=start, end=end, grain=grain, **view)
            counted = kpi_table(actor=actor, start=start, end=end, grain=grain, raw=True, **view)
            assert table.starts == counted.starts and table.keys == counted.keys, (view, grain)
            assert {k: v.as_dict() for k, v in table.cells.items()} == {
                k: v.as_dict() for k, v in counted.cells.items()
            }, (view, grain)
            assert table.overall.as_dict() == counted.overall.as_dict(), (view, grain)
            compared += len(counted.cells)
    for channel in ("phone", "chat", None):
        heat = kpi_heatmap(actor=actor, start=FIRST, end=end, channel=channel)
        assert heat == kpi_heatmap(actor=actor, start=FIRST, end=end, channel=channel, raw=True)
    return compared


@pytest.fixture
def month(voima):
    rng = random.Random(3)
    report = ingest(voima, *(contact(rng, n) for n in range(400)))
    assert not report.rejected
    return rng


@pytest.fixture
def planner(voima, people):
    return Actor(people["aino"], voima, Role.ADMIN)


@pytest.mark.parametrize("seed", [1, 2])
def test_roll_ups_and_interactions_give_the_same_kpis_in_every_view(month, planner, seed):
    assert assert_same_figures(planner, random.Random(seed)) > 500
    assert KpiRollup.objects.of(planner.workspace).exists()
    assert not KpiStaleDay.objects.filter(workspace_id=planner.workspace.pk).exists()


def test_the_figures_follow_every_kind_of_change_to_the_history(month, planner, voima, people):
    rng = random.Random(9)
    assert_same_figures(planner, rng)
    # A customer calls back two days later: the first call, days before, no longer resolved it at once,
    # though its own row does not change.
    first, again = contact(rng, 2000, day=3), contact(rng, 2001, day=5)
    for data in (first, again):
        data.update(customer={"external_id": "solo"}, contact_reason="lasku", abandoned=False, outcome="")
        data.update(answered_at=data["started_at"], agent={"id": "a1"}, handle_seconds=60)
    ingest(voima, first)
    assert_same_figures(planner, rng)
    ingest(voima, again)
    assert_same_figures(planner, rng)
    # A late earlier contact: it re-threads a customer's case, so an answered contact stops being first.
    earlier = contact(rng, 1000, day=5)
    earlier["customer"] = {"external_id": "c7"}
    ingest(voima, earlier, *(contact(rng, 1001 + n) for n in range(30)))
    assert_same_figures(planner, rng)
    # A re-import changes contacts: waits, channels and outcomes move between cells.
    changed = [contact(random.Random(n), n) for n in range(0, 400, 7)]
    ingest(voima, *changed)
    assert_same_figures(planner, rng)
    # Contacts removed (as erasure and retention remove them).
    Interaction.objects.of(voima).filter(external_id__in=[f"k{n}" for n in range(1, 400, 9)]).delete()
    assert_same_figures(planner, rng)
    # The settings the sums depend on.
    operations_settings_update(workspace=voima, short_abandon_seconds=10, service_levels={"phone": [0.8, 5]})
    assert_same_figures(planner, rng)
    voima.case_window_days = 2
    voima.save(update_fields=["case_window_days"])
    assert_same_figures(planner, rng)


def test_a_change_the_kpis_do_not_read_marks_no_day(month, planner, voima):
    kpi_rollups_refresh(workspace=voima)
    Interaction.objects.of(voima).filter(external_id="k5").update(contact_reason="laskun eräpäivä")
    assert not KpiStaleDay.objects.filter(workspace_id=voima.pk).exists()
    Interaction.objects.of(voima).filter(external_id="k5").update(wait_seconds=999)
    assert KpiStaleDay.objects.filter(workspace_id=voima.pk).count() == 1
    assert kpi_rollups_refresh(workspace=voima) == voima.case_window_days + 1
    assert kpi_rollups_refresh(workspace=voima) == 0


def test_the_stale_mark_of_a_day_is_the_database_own(month, voima):
    """Raw SQL, as an administrator's repair would run it, marks the days it touches too."""
    kpi_rollups_refresh(workspace=voima)
    table = connection.ops.quote_name(Interaction._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET abandoned = NOT abandoned WHERE external_id IN ('k1', 'k2')")  # noqa: S608
    assert 1 <= KpiStaleDay.objects.filter(workspace_id=voima.pk).count() <= 2


def test_deleting_a_workspace_leaves_no_stale_marks(month, voima):
    """Its contacts' delete triggers mark days after Django removed the marks; the workspace's trigger
    removes those, so the delete commits (no mark points at a workspace that is gone)."""
    workspace_id = voima.pk
    voima.delete()
    assert not KpiStaleDay.objects.filter(workspace_id=workspace_id).exists()
