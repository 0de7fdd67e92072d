"""The triggers that mark a UTC day stale in ``KpiStaleDay`` whenever a contact of that day changes.

In the database, not in Python, because contacts are written by many paths (the import's COPY, merges,
case re-threading, erasure, retention, raw SQL in an upgrade) and a path that forgot to say so would
leave the KPI figures quietly wrong. PostgreSQL runs one statement-level trigger per write with its
transition tables (one upsert per statement, sorted by day so concurrent writers lock in one order);
SQLite has only row triggers, an ``INSERT OR IGNORE`` per row (its writers take turns, so no generation
is needed there: a recount holds the write lock from reading the marks to deleting them). Deleting a
workspace deletes its contacts, which mark days again; a trigger on the workspace table removes those.

Every name in the SQL below is a constant of this module (no input reaches it), hence the S608 waiver.
"""
# ruff: noqa: S608

from kohtaamo.db.time import epoch_sql
from kohtaamo.operations.kpi_rollups import KPI_COLUMNS

TABLE = "timeline_interaction"
STALE = "operations_kpistaleday"
WORKSPACES = "workspaces_workspace"
WATCHED = ", ".join(KPI_COLUMNS)


def _day(alias: str, vendor: str) -> str:
    """SQL of the UTC day (days since 1970) a row's contact started on, as the roll-ups count days.

    Percent signs are doubled (``db.time.epoch_sql``): every statement here runs with parameters, so
    the driver reads them back as one.
    """
    return f"({epoch_sql(f'{alias}.started_at', vendor)}) / 86400"


def _postgres(kind: str, tables: tuple[str, ...]) -> list[str]:
    if kind == "UPDATE":
        # Transition tables allow no column list: the rows whose watched columns changed, paired by id.
        changed = " OR ".join(f"o.{c} IS DISTINCT FROM n.{c}" for c in KPI_COLUMNS)
        pairs = f"old_rows o JOIN new_rows n ON n.id = o.id WHERE {changed}"
        rows = (
            f"SELECT o.workspace_id, {_day('o', 'postgresql')} AS day FROM {pairs} "
            f"UNION SELECT n.workspace_id, {_day('n', 'postgresql')} FROM {pairs}"
        )
    else:
        rows = f"SELECT DISTINCT workspace_id, {_day(tables[0], 'postgresql')} AS day FROM {tables[0]}"
    function = f"kohtaamo_kpi_stale_{kind.lower()}"
    references = " ".join(f"{t.split('_')[0].upper()} TABLE AS {t}" for t in tables)
    return [
        f"""CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO {STALE} (workspace_id, day, generation)
            SELECT workspace_id, day, 1 FROM ({rows}) AS changed ORDER BY workspace_id, day
            ON CONFLICT (workspace_id, day) DO UPDATE SET generation = {STALE}.generation + 1;
            RETURN NULL;
        END $$""",
        f"CREATE TRIGGER kpi_stale_{kind.lower()} AFTER {kind} ON {TABLE} REFERENCING {references} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
    ]


def _sqlite(kind: str, rows: tuple[str, ...]) -> list[str]:
    event = f"UPDATE OF {WATCHED}" if kind == "UPDATE" else kind
    marks = " ".join(
        f"INSERT OR IGNORE INTO {STALE} (workspace_id, day, generation) "
        f"VALUES ({r}.workspace_id, {_day(r, 'sqlite')}, 1);"
        for r in rows
    )
    return [f"CREATE TRIGGER kpi_stale_{kind.lower()} AFTER {event} ON {TABLE} FOR EACH ROW BEGIN {marks} END"]


def create_statements(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            *_postgres("INSERT", ("new_rows",)),
            *_postgres("UPDATE", ("old_rows", "new_rows")),
            *_postgres("DELETE", ("old_rows",)),
            f"""CREATE OR REPLACE FUNCTION kohtaamo_kpi_stale_gone() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                DELETE FROM {STALE} WHERE workspace_id IN (SELECT id FROM old_rows);
                RETURN NULL;
            END $$""",
            f"CREATE TRIGGER kpi_stale_gone AFTER DELETE ON {WORKSPACES} REFERENCING OLD TABLE AS old_rows "
            "FOR EACH STATEMENT EXECUTE FUNCTION kohtaamo_kpi_stale_gone()",
        ]
    return [
        *_sqlite("INSERT", ("NEW",)),
        *_sqlite("UPDATE", ("OLD", "NEW")),
        *_sqlite("DELETE", ("OLD",)),
        f"CREATE TRIGGER kpi_stale_gone AFTER DELETE ON {WORKSPACES} FOR EACH ROW BEGIN "
        f"DELETE FROM {STALE} WHERE workspace_id = OLD.id; END",
    ]


def drop_statements(vendor: str) -> list[str]:
    kinds = ("insert", "update", "delete", "gone")
    if vendor != "postgresql":
        return [f"DROP TRIGGER IF EXISTS kpi_stale_{k}" for k in kinds]
    tables = {"gone": WORKSPACES}
    drops = [f"DROP TRIGGER IF EXISTS kpi_stale_{k} ON {tables.get(k, TABLE)}" for k in kinds]
    return [*drops, *(f"DROP FUNCTION IF EXISTS kohtaamo_kpi_stale_{k}()" for k in kinds)]


def mark_every_day_sql(vendor: str) -> str:
    """Every day that has contacts, stale: a workspace whose roll-ups start from nothing."""
    day = _day(TABLE, vendor)
    conflict = "ON CONFLICT (workspace_id, day) DO NOTHING" if vendor == "postgresql" else ""
    insert = "INSERT" if vendor == "postgresql" else "INSERT OR IGNORE"
    return (
        f"{insert} INTO {STALE} (workspace_id, day, generation) "  # noqa: S608
        f"SELECT DISTINCT workspace_id, {day}, 1 FROM {TABLE} WHERE workspace_id = %s {conflict}"
    )
