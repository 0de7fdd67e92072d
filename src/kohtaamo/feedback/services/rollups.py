"""Keeping the daily score roll-ups (``ScoreRollup``) equal to the answers, in the answers' own transaction.

Each answer is counted in the full row of its facts and in every slice (``models.ROLLUP_SLICES``), for its
day and again for its month (``models.MONTHLY``).
Every write of answers goes through :func:`rollups_follow`: it counts the answers it is given before the
write, counts them again after, and adds the difference with one upsert. Counting before and after (instead
of each writer working out what it changed) keeps the rule in one place, whether a write creates, changes,
moves or deletes answers. The upsert is ``INSERT … ON CONFLICT DO UPDATE SET count = count + excluded.count``,
which is race-free on PostgreSQL and SQLite; its rows are sorted by key so that two transactions touching
the same keys lock them in the same order and cannot deadlock on each other. A key whose count reaches 0
is deleted, so the table holds exactly the rows a rebuild would write.

:func:`rollups_rebuild` recomputes a workspace's rows from its answers with an ``INSERT … SELECT`` per
slice (``kohtaamo rollups rebuild``); :func:`rollups_check` compares without writing.
"""

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import Count, QuerySet, Sum

from kohtaamo.db.adapt import db_date
from kohtaamo.db.rows import MAX_VARIABLES, placeholders
from kohtaamo.feedback.models import MONTHLY, ROLLUP_DIMENSIONS, ROLLUP_KEY, ROLLUP_SLICES, Answer, ScoreRollup
from kohtaamo.workspaces.models import Workspace

# A key is (slice, scale, day, value, channel, queue id, team id, agent id, reason, language), 0 for no id.
COLUMNS = ("workspace_id", *ROLLUP_KEY, "answered_week", "answered_month", "count")
ID_COLUMNS = {"queue_id", "team_id", "agent_id"}
# Answer imports and rebuilds of one workspace take turns (services.imports holds it per batch).
IMPORT_LOCK = "feedback-import"
BLANK = {d: 0 if d in ID_COLUMNS else "" for d in ROLLUP_DIMENSIONS}


def _quoted(names: tuple[str, ...]) -> str:
    return ", ".join(connection.ops.quote_name(n) for n in names)


def rollup_counts(answers: QuerySet[Answer]) -> Counter:
    """Key → number of scored answers among ``answers``, in every slice (one grouped query)."""
    fields = ROLLUP_KEY[1:]
    rows = answers.filter(value__isnull=False).values_list(*fields).annotate(n=Count("*")).order_by()
    counts: Counter = Counter()
    for *key, n in rows:
        full = dict(zip(fields, key, strict=True))
        for d in ID_COLUMNS:
            full[d] = full[d] or 0
        for slice_name, column in (("", None), *ROLLUP_SLICES.items()):
            facts = full if slice_name == "" else {**BLANK, **({column: full[column]} if column else {})}
            tail = (full["value"], *(facts[d] for d in ROLLUP_DIMENSIONS))
            counts[(slice_name, full["scale"], full["answered_on"], *tail)] += n
            counts[(slice_name + MONTHLY, full["scale"], full["answered_on"].replace(day=1), *tail)] += n
    return counts


def _week_and_month(slice_name: str, day: date) -> tuple[date, date]:
    """The week (Monday) and month (first day) of a day, as ``responses.answer_days`` stores them.

    A MONTHLY row's week is its month: no week holds a whole month.
    """
    month = day.replace(day=1)
    return (month if slice_name.endswith(MONTHLY) else day - timedelta(days=day.weekday())), month


def rollup_apply(*, workspace: Workspace, delta: Counter) -> None:
    """Add ``delta`` (key → change in count) to the workspace's roll-ups: one upsert per chunk of keys."""
    changes = sorted((key, n) for key, n in delta.items() if n)
    if not changes:
        return
    table = connection.ops.quote_name(ScoreRollup._meta.db_table)
    count = connection.ops.quote_name("count")
    conflict = _quoted(("workspace_id", *ROLLUP_KEY))
    placeholder = f"({placeholders(len(COLUMNS))})"
    emptied: list[int] = []
    per_statement = MAX_VARIABLES // len(COLUMNS)
    for start in range(0, len(changes), per_statement):
        chunk = changes[start : start + per_statement]
        params: list = []
        for key, n in chunk:
            week, month = _week_and_month(key[0], key[2])
            params += [workspace.pk, *key[:2], db_date(key[2]), *key[3:], db_date(week), db_date(month), n]
        sql = (
            f"INSERT INTO {table} ({_quoted(COLUMNS)}) VALUES {', '.join([placeholder] * len(chunk))} "  # noqa: S608
            f"ON CONFLICT ({conflict}) DO UPDATE SET {count} = {table}.{count} + excluded.{count} "
            f"RETURNING id, {count}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            emptied += [pk for pk, n in cursor.fetchall() if n == 0]
    if emptied:
        ScoreRollup.objects.of(workspace).filter(pk__in=emptied, count=0).delete()


def rollup_add(*, workspace: Workspace, answers: QuerySet[Answer], sign: int = 1) -> None:
    """Count ``answers`` into the roll-ups (``sign=-1``: out of them), e.g. after a bulk insert."""
    counts = rollup_counts(answers)
    rollup_apply(workspace=workspace, delta=Counter({k: sign * n for k, n in counts.items()}))


@contextmanager
def rollups_follow(*, workspace: Workspace, answers: QuerySet[Answer]) -> Iterator[None]:
    """Around a write of answers: the roll-ups change by what ``answers`` counts after minus before.

    ``answers`` must select every answer the write may create, change or delete, both before and after
    it (e.g. a response's answers); answers it selects that the write leaves alone add up to nothing.
    Must run inside the write's transaction.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("rollups_follow must run inside the transaction of the write")
    before = rollup_counts(answers)
    yield
    after = rollup_counts(answers)
    after.subtract(before)
    rollup_apply(workspace=workspace, delta=after)


def _rebuild_sql(table: str, slice_name: str) -> str:
    """One slice of a workspace's daily roll-up rows from its answers, as one ``INSERT … SELECT``."""
    answer = connection.ops.quote_name(Answer._meta.db_table)
    kept = ROLLUP_DIMENSIONS if slice_name == "" else [c for c in [ROLLUP_SLICES[slice_name]] if c]

    def column(d: str) -> str:
        if d not in kept:
            return "0" if d in ID_COLUMNS else "''"
        return f"COALESCE({d}, 0)" if d in ID_COLUMNS else d

    groups = ", ".join(["workspace_id", "scale", "answered_on", "value", *(column(d) for d in kept)])
    keys = ", ".join(["workspace_id", "%s", "scale", "answered_on", "value", *(column(d) for d in ROLLUP_DIMENSIONS)])
    count = connection.ops.quote_name("count")
    return (
        f"INSERT INTO {table} ({_quoted(COLUMNS)}) "  # noqa: S608
        f"SELECT {keys}, MIN(answered_week), MIN(answered_month), COUNT(*) FROM {answer} "
        f"WHERE workspace_id = %s AND value IS NOT NULL GROUP BY {groups} "
        f"ON CONFLICT ({_quoted(('workspace_id', *ROLLUP_KEY))}) DO UPDATE SET {count} = excluded.{count}"
    )


def months_from_days(cursor: CursorWrapper, table: str, *, workspace_id: int | None = None) -> None:
    """The MONTHLY rows summed from the daily rows (of one workspace, or all): a month is its days.

    Also how a database from before the monthly rows gets them (migration 0007).
    """
    dimensions = _quoted(ROLLUP_DIMENSIONS)
    count = connection.ops.quote_name("count")
    scope, params = ("AND workspace_id = %s", [workspace_id]) if workspace_id is not None else ("", [])
    cursor.execute(
        f"INSERT INTO {table} ({_quoted(COLUMNS)}) "  # noqa: S608
        f"SELECT workspace_id, slice || %s, scale, answered_month, value, {dimensions}, answered_month, "
        f"answered_month, SUM({count}) FROM {table} WHERE slice NOT LIKE %s {scope} "
        f"GROUP BY workspace_id, slice, scale, answered_month, value, {dimensions}",
        [MONTHLY, "%" + MONTHLY, *params],
    )


@dataclass(frozen=True)
class RebuildReport:
    answers: int
    rows: int


@transaction.atomic
def rollups_rebuild(*, workspace: Workspace) -> RebuildReport:
    """Throw away the workspace's roll-ups and count them again from its answers.

    One DELETE and one INSERT … SELECT per slice, with the table locked against other writers of roll-ups
    until the rebuild commits (every workspace's answer writes wait for it). A write that
    commits in between is in that snapshot, and its own upsert meets the rebuilt row (the conflict
    clause sets the recomputed count instead of failing).
    """
    table = connection.ops.quote_name(ScoreRollup._meta.db_table)
    if connection.vendor == "postgresql":
        # Answer writes wait for the rebuild (SQLite's write lock does the same): otherwise a write's
        # upsert could take rows the rebuild is about to write while waiting for rows it has taken.
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
    ScoreRollup.objects.of(workspace).delete()
    with connection.cursor() as cursor:
        for slice_name in ("", *ROLLUP_SLICES):
            cursor.execute(_rebuild_sql(table, slice_name), [slice_name, workspace.pk])
        months_from_days(cursor, table, workspace_id=workspace.pk)
    totals = ScoreRollup.objects.of(workspace).filter(slice="total").aggregate(answers=Sum("count"))
    totals["rows"] = ScoreRollup.objects.of(workspace).count()
    return RebuildReport(answers=totals["answers"] or 0, rows=totals["rows"])


def rollups_check(*, workspace: Workspace) -> int:
    """How many keys the stored roll-ups count differently from the answers (0: they agree)."""
    expected = rollup_counts(Answer.objects.of(workspace))
    stored: Counter = Counter()
    for *key, n in ScoreRollup.objects.of(workspace).values_list(*ROLLUP_KEY, "count"):
        stored[tuple(key)] += n
    return sum(1 for key in expected.keys() | stored.keys() if expected[key] != stored[key])
