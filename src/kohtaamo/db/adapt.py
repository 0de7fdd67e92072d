"""Python values → what the database driver stores, for code that writes rows without the ORM.

The ORM adapts every value through its field (tens of microseconds a row); the plain-SQL writers in
this package get values that are already typed, so only what the driver cannot take as it is gets
adapted: datetimes and JSON on SQLite, JSON on PostgreSQL.
"""

import json
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from django.db import connection


@cache
def on_sqlite() -> bool:
    # One database per process; asking the connection proxy for every value would cost seconds.
    return connection.vendor == "sqlite"


def db_datetime(value: datetime | None) -> datetime | str | None:
    """An aware datetime → what the driver stores (SQLite: naive UTC text, as Django writes it).

    Any time zone is accepted; the conversion to UTC is skipped for values already in UTC, the
    ingestion hot path's case. PostgreSQL's driver takes aware datetimes as they are.
    """
    if value is None or not on_sqlite():
        return value
    if value.tzinfo is not None and value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.replace(tzinfo=None).isoformat(" ")


def db_date(value: date | None) -> date | str | None:
    """A date → what the driver stores (SQLite: ISO text, as Django writes it)."""
    if value is None or not on_sqlite():
        return value
    return value.isoformat()


@cache
def _jsonb() -> Any:
    # The backend's adapter, looked up once: every ``connection.ops`` goes through a thread-local proxy,
    # a fifth of a microsecond a time, and an import adapts a few JSON values per record.
    return connection.ops.adapt_json_value


def db_json(value: Any) -> Any:
    """A JSON value → what the driver stores in a JSON column (SQLite: text; PostgreSQL: jsonb)."""
    if not on_sqlite():
        return _jsonb()(value, None)
    if not value:
        return "[]" if isinstance(value, list) else "{}"
    return json.dumps(value, ensure_ascii=False)
