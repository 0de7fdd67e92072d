"""Plain multi-row INSERT and UPDATE for the ingestion hot path.

``bulk_create``/``bulk_update`` spend most of their time preparing every value of every row through the
field machinery (tens of microseconds a row); at a million interactions that is the whole budget. The
ingestion path already has validated, typed values, so it adapts only what the driver needs (aware UTC
datetimes, JSON) and writes with one statement per batch. Works on SQLite and PostgreSQL alike.
"""

import json
from collections.abc import Sequence
from datetime import datetime

from django.db import connection
from django.db.models import Model

# SQLite allows 32,766 bound variables per statement; stay well below it.
MAX_VARIABLES = 30_000


def db_datetime(value: datetime | None):
    """Aware UTC datetime → what the driver stores (SQLite: naive UTC text, as Django writes it)."""
    if value is None or not _on_sqlite():
        return value
    return value.replace(tzinfo=None).isoformat(" ")


def datetime_adapter():
    """:func:`db_datetime` with the database looked up once, for loops over many rows."""
    if not _on_sqlite():
        return lambda value: value
    return lambda value: None if value is None else value.replace(tzinfo=None).isoformat(" ")


def db_json(value):
    if not _on_sqlite():
        return connection.ops.adapt_json_value(value, None)
    if not value:
        return "[]" if isinstance(value, list) else "{}"
    return json.dumps(value, ensure_ascii=False)


def _on_sqlite() -> bool:
    # Looked up per value on the hot path: the connection proxy's attribute access is the slow part.
    return connection.settings_dict["ENGINE"] == SQLITE_ENGINE


SQLITE_ENGINE = "django.db.backends.sqlite3"


def insert_rows(model: type[Model], columns: Sequence[str], rows: list[tuple], *, returning: bool = False) -> list[int]:
    """Insert rows (tuples in ``columns`` order); with ``returning``, their new ids in the same order."""
    if not rows:
        return []
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    placeholder = "(" + ", ".join(["%s"] * len(columns)) + ")"
    per_statement = max(1, MAX_VARIABLES // len(columns))
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            sql = f"INSERT INTO {table} ({names}) VALUES {', '.join([placeholder] * len(chunk))}"  # noqa: S608
            params = [value for row in chunk for value in row]
            if returning:
                cursor.execute(sql + " RETURNING id", params)
                # Both SQLite (3.35+) and PostgreSQL return the ids in VALUES order for a plain
                # multi-row insert; Django's own bulk_create relies on the same behaviour.
                ids.extend(row[0] for row in cursor.fetchall())
            else:
                cursor.execute(sql, params)
    return ids


def update_rows(model: type[Model], columns: Sequence[str], rows: list[tuple]) -> None:
    """Update rows given as ``(*values in columns order, id)``."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    assignments = ", ".join(f"{connection.ops.quote_name(c)} = %s" for c in columns)
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET {assignments} WHERE id = %s", rows)  # noqa: S608


def select_in(template: str, model: type[Model], params: list, values: list) -> list[tuple]:
    """Run ``template`` (with ``{table}`` and ``{values}``) for a long IN list, in chunks."""
    table = connection.ops.quote_name(model._meta.db_table)
    rows: list[tuple] = []
    step = MAX_VARIABLES - len(params)
    with connection.cursor() as cursor:
        for start in range(0, len(values), step):
            chunk = values[start : start + step]
            cursor.execute(template.format(table=table, values=", ".join(["%s"] * len(chunk))), [*params, *chunk])
            rows.extend(cursor.fetchall())
    return rows
