"""Plain multi-row INSERT, UPDATE and SELECT … IN for the ingestion hot path.

``bulk_create``/``bulk_update`` spend most of their time preparing every value of every row through the
field machinery (tens of microseconds a row); at a million interactions that is the whole budget. The
ingestion path already has validated, typed values, so it adapts only what the driver needs (aware UTC
datetimes, JSON) and writes with one statement per chunk. On SQLite it talks to the driver directly:
Django's cursor rewrites every placeholder of a statement with a regular expression, which is slow for
statements of thousands of rows. Works on SQLite and PostgreSQL alike, inside the caller's transaction.
"""

import json
from collections.abc import Sequence
from datetime import datetime
from functools import cache

from django.db import connection
from django.db.models import Model

# SQLite allows 32,766 bound variables per statement; stay well below it.
MAX_VARIABLES = 30_000


@cache
def on_sqlite() -> bool:
    # One database per process; asking the connection proxy for every value would cost seconds.
    return connection.vendor == "sqlite"


def tune_for_bulk_import() -> None:
    """A bigger SQLite page cache for this connection: a million-row import outgrows the default and
    every index insert would go to disk. (PostgreSQL's shared buffers are the server's business.)"""
    if on_sqlite():
        _run("PRAGMA cache_size = -262144", [])  # 256 MB


def db_datetime(value: datetime | None):
    """Aware UTC datetime → what the driver stores (SQLite: naive UTC text, as Django writes it)."""
    if value is None or not on_sqlite():
        return value
    return value.replace(tzinfo=None).isoformat(" ")


def db_json(value):
    if not on_sqlite():
        return connection.ops.adapt_json_value(value, None)
    if not value:
        return "[]" if isinstance(value, list) else "{}"
    return json.dumps(value, ensure_ascii=False)


def _run(sql: str, params: list, *, fetch: bool = False, many: bool = False) -> list[tuple]:
    if on_sqlite():
        connection.ensure_connection()
        cursor = connection.connection.cursor()
        sql = sql.replace("%s", "?")
    else:
        cursor = connection.cursor()
    try:
        (cursor.executemany if many else cursor.execute)(sql, params)
        return cursor.fetchall() if fetch else []
    finally:
        cursor.close()


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def insert_rows(model: type[Model], columns: Sequence[str], rows: list[tuple], *, returning: bool = False) -> list[int]:
    """Insert rows (tuples in ``columns`` order); with ``returning``, their new ids in the same order."""
    if not rows:
        return []
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    placeholder = "(" + ", ".join(["%s"] * len(columns)) + ")"
    per_statement = max(1, MAX_VARIABLES // len(columns))
    ids: list[int] = []
    for start in range(0, len(rows), per_statement):
        chunk = rows[start : start + per_statement]
        sql = f"INSERT INTO {_table(model)} ({names}) VALUES {', '.join([placeholder] * len(chunk))}"  # noqa: S608
        params = [value for row in chunk for value in row]
        if returning:
            # Both SQLite (3.35+) and PostgreSQL return the ids in VALUES order for a plain multi-row
            # insert; Django's own bulk_create relies on the same behaviour.
            ids.extend(row[0] for row in _run(sql + " RETURNING id", params, fetch=True))
        else:
            _run(sql, params)
    return ids


def update_rows(model: type[Model], columns: Sequence[str], rows: list[tuple]) -> None:
    """Update rows given as ``(*values in columns order, id)``."""
    if rows:
        assignments = ", ".join(f"{connection.ops.quote_name(c)} = %s" for c in columns)
        _run(f"UPDATE {_table(model)} SET {assignments} WHERE id = %s", rows, many=True)  # noqa: S608


def select_in(template: str, model: type[Model], params: list, values: list) -> list[tuple]:
    """Run ``template`` (with ``{table}`` and ``{values}``) for a long IN list, in chunks."""
    rows: list[tuple] = []
    step = MAX_VARIABLES - len(params)
    for start in range(0, len(values), step):
        chunk = values[start : start + step]
        sql = template.format(table=_table(model), values=", ".join(["%s"] * len(chunk)))
        rows.extend(_run(sql, [*params, *chunk], fetch=True))
    return rows
