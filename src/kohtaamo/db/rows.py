"""Plain multi-row INSERT, UPDATE and SELECT … IN for hot paths (ingestion, outbox, bulk writes).

``bulk_create``/``bulk_update`` spend most of their time preparing every value of every row through the
field machinery (tens of microseconds a row); at a million interactions that is the whole budget. The
callers already have validated, typed values, so they adapt only what the driver needs
(``kohtaamo.db.adapt``) and write with one statement per chunk. On SQLite this talks to the driver
directly: Django's cursor rewrites every placeholder of a statement with a regular expression, which is
slow for statements of thousands of rows. Works on SQLite and PostgreSQL alike, inside the caller's
transaction.

Two sizes, two concerns. An INSERT carries rows × columns bound variables, and is fastest with as many rows
per statement as the driver allows (``MAX_VARIABLES``). A SELECT … IN carries a list of ids or values,
and its size is set by how the databases plan the lookup (``kohtaamo.db.chunks.IN_LIST_CHUNK``).
"""

from collections.abc import Sequence
from itertools import chain
from typing import Any

from django.db import connection
from django.db.models import Model

from .adapt import on_sqlite
from .chunks import chunks

# Bound variables in one multi-row INSERT (rows × columns): SQLite allows 32,766; stay below.
MAX_VARIABLES = 30_000
# Rows in one PostgreSQL ``unnest`` insert: the arrays travel as one message, so only memory bounds it.
UNNEST_ROWS = 10_000


def tune_for_bulk_import() -> None:
    """A bigger SQLite page cache for this connection: a million-row import outgrows the default and
    every index insert would go to disk. (PostgreSQL's shared buffers are the server's business.)"""
    if on_sqlite():
        _run("PRAGMA cache_size = -262144", [])  # 256 MB


def _run(sql: str, params: Sequence[Any], *, fetch: bool = False, many: bool = False) -> list[tuple]:
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


def placeholders(count: int) -> str:
    """``%s, %s, …`` for ``count`` values: the values themselves always travel as parameters."""
    return ", ".join(["%s"] * count)


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def insert_rows(
    model: type[Model], columns: Sequence[str], rows: Sequence[tuple], *, returning: bool = False
) -> list[int]:
    """Insert rows (tuples in ``columns`` order); with ``returning``, their new ids in the same order."""
    if not rows:
        return []
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    if not on_sqlite():
        return _insert_unnest(model, names, columns, rows, returning=returning)
    placeholder = f"({placeholders(len(columns))})"
    per_statement = max(1, MAX_VARIABLES // len(columns))
    ids: list[int] = []
    for start in range(0, len(rows), per_statement):
        chunk = rows[start : start + per_statement]
        sql = f"INSERT INTO {_table(model)} ({names}) VALUES {', '.join([placeholder] * len(chunk))}"  # noqa: S608
        params = list(chain.from_iterable(chunk))
        if returning:
            # Both SQLite (3.35+) and PostgreSQL return the ids in VALUES order for a plain multi-row
            # insert; Django's own bulk_create relies on the same behaviour.
            ids.extend(row[0] for row in _run(sql + " RETURNING id", params, fetch=True))
        else:
            _run(sql, params)
    return ids


def _insert_unnest(
    model: type[Model], names: str, columns: Sequence[str], rows: Sequence[tuple], *, returning: bool
) -> list[int]:
    """PostgreSQL: one array a column, ``INSERT … SELECT * FROM unnest(…)``.

    A multi-row VALUES list makes psycopg split a query of tens of thousands of placeholders in Python
    (a third of an import's writer time); with arrays the statement has one placeholder a column and is
    the same text for every chunk. The ids come back in the arrays' order, which Django's own
    ``bulk_create`` relies on too.
    """
    fields = {field.column: field for field in model._meta.concrete_fields}
    casts = ", ".join(f"%s::{fields[c].cast_db_type(connection)}[]" for c in columns)
    sql = f"INSERT INTO {_table(model)} ({names}) SELECT * FROM unnest({casts})"  # noqa: S608
    if returning:
        sql += " RETURNING id"
    ids: list[int] = []
    for start in range(0, len(rows), UNNEST_ROWS):
        arrays = [list(column) for column in zip(*rows[start : start + UNNEST_ROWS], strict=True)]
        ids.extend(row[0] for row in _run(sql, arrays, fetch=returning))
    return ids


def update_rows(
    model: type[Model], columns: Sequence[str], rows: Sequence[tuple], *, where: Sequence[str] = ("id",)
) -> None:
    """Update rows given as ``(*values in columns order, *values of the where columns)``.

    A row whose ``where`` columns no longer match (the default matches the id alone) is left as it is.
    """
    if rows:
        assignments = ", ".join(f"{connection.ops.quote_name(c)} = %s" for c in columns)
        condition = " AND ".join(f"{connection.ops.quote_name(c)} = %s" for c in where)
        _run(f"UPDATE {_table(model)} SET {assignments} WHERE {condition}", rows, many=True)  # noqa: S608


def select_in(template: str, model: type[Model], params: Sequence[Any], values: Sequence[Any]) -> list[tuple]:
    """Run ``template`` (with ``{table}`` and ``{values}``) for a long IN list, one chunk of values at a time."""
    rows: list[tuple] = []
    for chunk in chunks(values):
        sql = template.format(table=_table(model), values=placeholders(len(chunk)))
        rows.extend(_run(sql, [*params, *chunk], fetch=True))
    return rows


def table_row_count(model: type[Model]) -> int:
    """Rows in the model's whole table, every workspace together: a planner statistic, never shown to anyone."""
    return int(_run(f"SELECT COUNT(*) FROM {_table(model)}", [], fetch=True)[0][0])  # noqa: S608
