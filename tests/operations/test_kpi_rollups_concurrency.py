"""KPI roll-ups under concurrent imports and readers on PostgreSQL, each thread on its own connection.

Two importers write contacts of the same days in small batches while two readers read the KPI table
(each read recounts what is stale, with the importers' transactions still open); afterwards the
roll-ups give what summing the contacts gives, and no thread saw an error. A reader that finds another
process recounting does not wait for it: it sums the contacts itself.
"""

import random
import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction

from kohtaamo.db.locks import advisory_lock
from kohtaamo.operations.kpi_rollups import KpiStaleDay
from kohtaamo.operations.selectors.kpis import kpi_table
from kohtaamo.operations.services import kpi_rollups
from kohtaamo.workspaces.access import Actor, Role
from tests.factories import ingest
from tests.threads import run_together

from .test_kpi_rollups import DAYS, FIRST, contact

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers and readers: PostgreSQL (SQLite has one writer at a time)")


def figures(actor, **options) -> dict:
    table = kpi_table(actor=actor, start=FIRST, end=FIRST + timedelta(days=DAYS + 1), grain="day", **options)
    return {key: value.as_dict() for key, value in table.cells.items()}


def test_imports_and_readers_at_once_end_with_the_same_figures(voima, people):
    actor = Actor(people["aino"], voima, Role.ADMIN)

    def importer(seed: int):
        def work() -> None:
            rng = random.Random(seed)
            for batch in range(8):
                ingest(voima, *(contact(rng, seed * 1000 + batch * 20 + n) for n in range(20)))

        return work

    def reader() -> None:
        for _ in range(6):
            figures(actor)
            figures(actor, by="agent")

    assert run_together([importer(1), importer(2), reader, reader]) == []
    assert figures(actor) == figures(actor, raw=True)
    assert figures(actor, by="agent") == figures(actor, by="agent", raw=True)
    assert not KpiStaleDay.objects.filter(workspace_id=voima.pk).exists()


def test_a_reader_does_not_wait_for_another_process_recount(voima, people, monkeypatch):
    actor = Actor(people["aino"], voima, Role.ADMIN)
    ingest(voima, *(contact(random.Random(4), n) for n in range(60)))
    monkeypatch.setattr(kpi_rollups, "READ_WAIT_SECONDS", 0.5)
    holding, done = threading.Event(), threading.Event()

    def recounting_elsewhere() -> None:
        with transaction.atomic():
            advisory_lock(kpi_rollups.ROLLUP_LOCK, voima.pk)
            holding.set()
            done.wait(30)

    other = threading.Thread(target=lambda: (recounting_elsewhere(), connection.close()))
    other.start()
    try:
        assert holding.wait(10)
        began = time.monotonic()
        shown = figures(actor)
        assert time.monotonic() - began < 5
    finally:
        done.set()
        other.join(30)
    assert shown and shown == figures(actor, raw=True)
