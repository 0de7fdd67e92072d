"""Small, hand-countable contact histories for the operations tests."""

from datetime import UTC, date, datetime, timedelta

import pytest

from kohtaamo.workspaces.access import Actor, Role
from tests.factories import ingest, record


def call(
    at: str,
    *,
    wait: float = 10,
    handle: float | None = 200,
    wrap: float | None = 20,
    abandoned=False,
    channel="phone",
    queue="laskutus",
    **extra,
) -> dict:
    """One inbound contact starting at ``at`` (ISO with offset); answered after ``wait`` unless abandoned."""
    started = datetime.fromisoformat(at)
    data = record(channel=channel, started_at=started.isoformat(), queue=queue, wait_seconds=wait, **extra)
    if abandoned:
        data.update(abandoned=True, outcome="abandoned")
    else:
        data.update(
            answered_at=(started + timedelta(seconds=wait)).isoformat(),
            handle_seconds=handle,
            wrap_seconds=wrap,
            agent={"id": "a1", "name": "Aino Agentti"},
            team="helsinki",
        )
    return data


@pytest.fixture
def ingest_calls(voima):
    def load(*records: dict, workspace=None):
        report = ingest(workspace or voima, *records)
        assert not report.rejected, report.rejected
        return report

    return load


@pytest.fixture
def lead_actor(voima, people):
    return Actor(people["leena"], voima, Role.TEAM_LEAD)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def three_weeks(ingest_calls):
    """Three weeks of phone calls on the billing queue (six a weekday, two on weekends), ending Sunday 22 March."""
    records = []
    for day in range(21):
        moment = datetime(2026, 3, 2, tzinfo=UTC) + timedelta(days=day)
        hours = (7, 8, 9, 10, 11, 12) if moment.weekday() < 5 else (9, 11)
        records += [call((moment + timedelta(hours=h, minutes=7)).isoformat(), handle=240, wrap=30) for h in hours]
    ingest_calls(*records)
    return date(2026, 3, 23)


@pytest.fixture
def plan(voima, three_weeks):
    from kohtaamo.operations.services import forecasts_build, plan_create

    forecasts_build(workspace=voima, start=three_weeks, days=7)
    return plan_create(
        workspace=voima,
        name="Base",
        start_date=three_weeks,
        end_date=three_weeks + timedelta(days=6),
        shrinkage={"breaks": 0.1},
    )
