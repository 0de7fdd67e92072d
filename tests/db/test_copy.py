from datetime import UTC, datetime

from kohtaamo.db.adapt import db_datetime, db_json
from kohtaamo.db.copy import copy_rows
from kohtaamo.timeline.models import Customer

MOMENT = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)


def test_rows_written_by_copy_read_back_through_the_orm(voima):
    columns = ("workspace_id", "name", "language", "postal_code", "attributes", "preferred_channel", "consent",
               "created_at", "updated_at")  # fmt: skip
    now = db_datetime(MOMENT)
    rows = [
        (voima.pk, f"Asiakas {i}", "fi", "00100", db_json({"n": i}), "sms", db_json({}), now, now) for i in range(3)
    ]
    copy_rows(Customer, columns, rows)
    assert sorted(Customer.objects.values_list("name", "preferred_channel", "created_at", "attributes")) == [
        (f"Asiakas {i}", "sms", MOMENT, {"n": i}) for i in range(3)
    ]


def test_no_rows_write_nothing(voima):
    copy_rows(Customer, ("workspace_id", "name"), [])
    assert not Customer.objects.exists()
