from datetime import UTC, date, datetime, timedelta, timezone

from django.db import connection

from kohtaamo.db.adapt import db_date, db_datetime, db_json, on_sqlite


def test_it_knows_the_database(db):
    assert on_sqlite() == (connection.vendor == "sqlite")


def test_none_stays_none(db):
    assert db_datetime(None) is None
    assert db_date(None) is None


def test_a_datetime_in_any_zone_is_stored_as_its_utc_instant(db):
    moment = datetime(2026, 3, 29, 0, 59, 59, 999999, tzinfo=UTC)
    helsinki = moment.astimezone(timezone(timedelta(hours=2)))
    if on_sqlite():
        assert db_datetime(moment) == db_datetime(helsinki) == "2026-03-29 00:59:59.999999"
        assert db_date(date(2026, 3, 29)) == "2026-03-29"
    else:
        assert db_datetime(helsinki) == moment
        assert db_date(date(2026, 3, 29)) == date(2026, 3, 29)


def test_json_on_sqlite_is_compact_unicode_text_and_empty_values_stay_their_kind(db):
    if not on_sqlite():
        return  # PostgreSQL gets the driver's JSON wrapper; the round trips are in test_rows and test_bulk
    assert db_json({"nimi": "Väinö"}) == '{"nimi": "Väinö"}'
    assert db_json([]) == "[]"
    assert db_json({}) == "{}"
