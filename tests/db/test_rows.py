from datetime import UTC, datetime, timedelta, timezone

from kohtaamo.db.adapt import db_datetime, db_json
from kohtaamo.db.chunks import IN_LIST_CHUNK
from kohtaamo.db.rows import MAX_VARIABLES, insert_rows, select_in, tune_for_bulk_import, update_rows
from kohtaamo.timeline.models import Customer, CustomerIdentity

CUSTOMER_COLUMNS = ("workspace_id", "name", "language", "postal_code", "attributes", "preferred_channel", "consent",
                    "created_at", "updated_at")  # fmt: skip
MOMENT = datetime(2026, 3, 2, 9, 30, 15, 250000, tzinfo=UTC)


def _customers(workspace, names: list[str], attributes=None, at: datetime = MOMENT) -> list[int]:
    now = db_datetime(at)
    rows = [(workspace.pk, name, "fi", "00100", db_json(attributes or {}), "", db_json({}), now, now) for name in names]
    return insert_rows(Customer, CUSTOMER_COLUMNS, rows, returning=True)


def test_inserted_ids_come_back_in_row_order_across_statements(voima):
    names = [f"Asiakas {i}" for i in range(MAX_VARIABLES // len(CUSTOMER_COLUMNS) + 10)]  # two INSERT statements
    ids = _customers(voima, names)
    assert len(ids) == len(names)
    assert dict(Customer.objects.filter(pk__in=ids[:5] + ids[-5:]).values_list("pk", "name")) == {
        pk: names[i] for i, pk in [*enumerate(ids)][:5] + [*enumerate(ids)][-5:]
    }


def test_values_written_raw_read_back_through_the_orm(voima):
    helsinki = timezone(timedelta(hours=2))
    [pk] = _customers(voima, ["Matti"], {"segment": "business", "tags": ["ä", 1]}, at=MOMENT.astimezone(helsinki))
    customer = Customer.objects.get(pk=pk)
    assert customer.attributes == {"segment": "business", "tags": ["ä", 1]}
    assert customer.consent == {}
    assert customer.created_at == MOMENT  # the same instant, whatever zone it was given in


def test_without_returning_nothing_comes_back(voima):
    assert insert_rows(Customer, CUSTOMER_COLUMNS, []) == []
    now = db_datetime(MOMENT)
    row = (voima.pk, "Liisa", "sv", "", db_json({}), "", db_json({}), now, now)
    assert insert_rows(Customer, CUSTOMER_COLUMNS, [row]) == []
    assert Customer.objects.filter(name="Liisa").exists()


def test_update_rows_matches_the_id_and_any_further_where_columns(voima):
    first, second = _customers(voima, ["A", "B"])
    update_rows(Customer, ("name",), [("A2", first), ("B2", second)])
    assert set(Customer.objects.values_list("name", flat=True)) == {"A2", "B2"}
    update_rows(Customer, ("name",), [("A3", first, "fi"), ("B3", second, "sv")], where=("id", "language"))
    assert dict(Customer.objects.values_list("pk", "name")) == {first: "A3", second: "B2"}  # B is not "sv"


def test_select_in_reads_a_list_longer_than_one_chunk_with_other_parameters(voima, linkki):
    values = [f"c{i}@example.fi" for i in range(IN_LIST_CHUNK * 2 + 5)]
    for workspace in (voima, linkki):
        ids = _customers(workspace, values)
        insert_rows(
            CustomerIdentity,
            ("workspace_id", "customer_id", "kind", "value", "shared", "created_at"),
            [(workspace.pk, pk, "email", v, False, db_datetime(MOMENT)) for pk, v in zip(ids, values, strict=True)],
        )
    rows = select_in(
        "SELECT value, workspace_id FROM {table} WHERE workspace_id = %s AND value IN ({values})",
        CustomerIdentity,
        [voima.pk],
        [*values[1:], "nobody@example.fi"],
    )
    assert sorted(rows) == sorted((v, voima.pk) for v in values[1:])


def test_tuning_for_a_bulk_import_leaves_the_connection_usable(voima):
    tune_for_bulk_import()
    assert _customers(voima, ["After"])
