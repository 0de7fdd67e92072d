"""Database expressions the KPI queries need on both SQLite and PostgreSQL."""

from django.db.models import BigIntegerField, Func, Value


class Epoch(Func):
    """Whole seconds since 1970-01-01 UTC of a datetime column, computed by the database.

    KPIs group by UTC quarter-hour (``Epoch // 900``) in SQL and roll the quarter-hours up to local
    intervals, days, weeks and months in Python (``kohtaamo.lib.intervals``): every real time zone's offset
    is a multiple of 15 minutes, so a UTC quarter-hour never straddles two local ones.
    """

    output_field = BigIntegerField()

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(strftime('%%s', {sql}) AS INTEGER)", params

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(FLOOR(EXTRACT(EPOCH FROM {sql})) AS BIGINT)", params


def quarter_hour(column: str):
    """UTC quarter-hour index (``epoch // 900``; integer division on both databases)."""
    return Func(
        Epoch(column), Value(900), template="(%(expressions)s)", arg_joiner=" / ", output_field=BigIntegerField()
    )
