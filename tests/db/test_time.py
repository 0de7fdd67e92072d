"""The ORM's ``Epoch`` (operations KPIs) and the raw SQL of the journeys scans read the same seconds."""

import math
from datetime import UTC, datetime, timedelta

from kohtaamo.db.time import Epoch, quarter_hour
from kohtaamo.journeys.frames import contact_frame
from kohtaamo.timeline.models import Interaction

MOMENTS = [
    datetime(2026, 3, 2, 12, 15, tzinfo=UTC),  # julianday arithmetic would give …299.99998 here
    datetime(2026, 3, 2, 12, 14, 59, 999000, tzinfo=UTC),  # (SQLite rounds to the millisecond: not 999999)
    datetime(2026, 3, 2, 12, 30, 0, 1, tzinfo=UTC),
    datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC),  # the night Finland moves its clocks
    datetime(2026, 3, 29, 1, 0, tzinfo=UTC),
    datetime(2026, 10, 25, 0, 30, 30, 500000, tzinfo=UTC),
    datetime(1999, 12, 31, 23, 59, 59, tzinfo=UTC),
]


def _interactions(workspace) -> dict[int, datetime]:
    return {
        Interaction.objects.create(
            workspace=workspace, external_id=f"i{n}", channel="phone", started_at=at, content_hash="x"
        ).pk: at
        for n, at in enumerate(MOMENTS)
    }


def test_epoch_is_whole_utc_seconds_and_quarter_hours_follow(voima):
    made = _interactions(voima)
    rows = Interaction.objects.annotate(e=Epoch("started_at"), q=quarter_hour("started_at")).values_list("pk", "e", "q")
    for pk, epoch, quarter in rows:
        assert epoch == math.floor(made[pk].timestamp()), made[pk]
        assert quarter == epoch // 900


def test_the_journeys_scan_reads_the_same_seconds_as_the_orm(voima):
    made = _interactions(voima)
    frame = contact_frame(voima, since=min(made.values()), until=max(made.values()) + timedelta(seconds=1))
    orm = dict(Interaction.objects.annotate(e=Epoch("started_at")).values_list("pk", "e"))
    assert len(frame) == len(made)
    assert {int(pk): at for pk, at in zip(frame.ids, frame.at, strict=True)} == orm
