"""Datetimes as whole seconds since 1970-01-01 UTC, computed by the database.

One definition for the ORM (``Epoch``, ``quarter_hour``: the operations KPIs) and for raw SQL
(``epoch_sql``: the journeys scans), so both read the same second for every row. SQLite stores naive UTC
text and ``strftime('%s')`` reads it exactly; ``julianday`` arithmetic is not used because it lands a
hair below the whole second for about half of all times (2024-05-05 12:15:00 gives …299.99998), so a
floor picks the second before, and the quarter-hour before. PostgreSQL's ``EXTRACT(EPOCH …)`` is
fractional and is floored. (SQLite reads times rounded to the millisecond, so the last half millisecond
of a second counts as the next second there.)
"""

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BigIntegerField, Func, Value
from django.db.models.sql.compiler import SQLCompiler


def epoch_sql(column: str, vendor: str) -> str:
    """SQL for ``column`` (SQL of a datetime) as whole seconds since the epoch, on ``connection.vendor``.

    Its percent signs are doubled, as in any SQL run with parameters (Django's placeholder style).
    """
    if vendor == "sqlite":
        return f"CAST(strftime('%%s', {column}) AS INTEGER)"
    return f"CAST(FLOOR(EXTRACT(EPOCH FROM {column})) AS BIGINT)"


class Epoch(Func):
    """Whole seconds since 1970-01-01 UTC of a datetime column or expression (see ``epoch_sql``).

    KPIs group by UTC quarter-hour (``Epoch // 900``) in SQL and roll the quarter-hours up to local
    intervals, days, weeks and months in Python (``kohtaamo.lib.intervals``): every real time zone's offset
    is a multiple of 15 minutes, so a UTC quarter-hour never straddles two local ones.
    """

    output_field = BigIntegerField()

    def as_sql(
        self,
        compiler: SQLCompiler,
        connection: BaseDatabaseWrapper,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> tuple[str, tuple[Any, ...]]:
        sql, params = compiler.compile(self.source_expressions[0])
        return epoch_sql(sql, connection.vendor), tuple(params)


def quarter_hour(column: str) -> Func:
    """UTC quarter-hour index (``epoch // 900``; integer division on both databases)."""
    return Func(
        Epoch(column), Value(900), template="(%(expressions)s)", arg_joiner=" / ", output_field=BigIntegerField()
    )
