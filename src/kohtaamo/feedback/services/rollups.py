"""Keeping the daily score roll-ups (``ScoreRollup``) equal to the answers, in the answers' own transaction.

Every write of answers goes through :func:`rollups_follow`: it counts the answers it is given before the
write, counts them again after, and adds the difference with one upsert. Counting before and after (instead
of each writer working out what it changed) keeps the rule in one place, whether a write creates, changes,
moves or deletes answers. The upsert is ``INSERT … ON CONFLICT DO UPDATE SET count = count + excluded.count``,
which is race-free on PostgreSQL and SQLite; its rows are sorted by key so that two transactions touching
the same keys lock them in the same order and cannot deadlock on each other. A key whose count reaches 0
is deleted, so the table holds exactly the rows a rebuild would write.

:func:`rollups_rebuild` recomputes a workspace's rows from its answers with one ``INSERT … SELECT``
(``kohtaamo rollups rebuild``); :func:`rollups_check` compares without writing.
"""

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Count, QuerySet, Sum

from kohtaamo.db.adapt import db_date
from kohtaamo.db.rows import MAX_VARIABLES
from kohtaamo.feedback.models import ROLLUP_KEY, Answer, ScoreRollup
from kohtaamo.workspaces.models import Workspace

# A key is (scale, day, value, channel, queue id, team id, agent id, reason, language) with 0 for no id.
Key = tuple
COLUMNS = ("workspace_id", *ROLLUP_KEY, "answered_week", "answered_month", "count")
ID_COLUMNS = {"queue_id", "team_id", "agent_id"}


def _quoted(names: tuple[str, ...]) -> str:
    return ", ".join(connection.ops.quote_name(n) for n in names)


def rollup_counts(answers: QuerySet[Answer]) -> Counter:
    """Key → number of scored answers among ``answers`` (one grouped query)."""
    rows = answers.filter(value__isnull=False).values_list(*ROLLUP_KEY).annotate(n=Count("*")).order_by()
    counts: Counter = Counter()
    for *key, n in rows:
        counts[tuple((v or 0) if name in ID_COLUMNS else v for name, v in zip(ROLLUP_KEY, key, strict=True))] += n
    return counts


def _week_and_month(day: date) -> tuple[date, date]:
    """The week (Monday) and month (first day) of a day, as ``responses.answer_days`` stores them."""
    return day - timedelta(days=day.weekday()), day.replace(day=1)


def rollup_apply(*, workspace: Workspace, delta: Counter) -> None:
    """Add ``delta`` (key → change in count) to the workspace's roll-ups: one upsert per chunk of keys."""
    changes = sorted((key, n) for key, n in delta.items() if n)
    if not changes:
        return
    table = connection.ops.quote_name(ScoreRollup._meta.db_table)
    count = connection.ops.quote_name("count")
    conflict = _quoted(("workspace_id", *ROLLUP_KEY))
    placeholder = "(" + ", ".join(["%s"] * len(COLUMNS)) + ")"
    emptied: list[int] = []
    per_statement = MAX_VARIABLES // len(COLUMNS)
    for start in range(0, len(changes), per_statement):
        chunk = changes[start : start + per_statement]
        params: list = []
        for key, n in chunk:
            week, month = _week_and_month(key[1])
            params += [workspace.pk, key[0], db_date(key[1]), *key[2:], db_date(week), db_date(month), n]
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


def _rebuild_sql(table: str) -> str:
    """Every roll-up row of one workspace from its answers, as one ``INSERT … SELECT``."""
    answer = connection.ops.quote_name(Answer._meta.db_table)
    keys = ", ".join(f"COALESCE({d}, 0)" if d in ID_COLUMNS else d for d in ("workspace_id", *ROLLUP_KEY))
    count = connection.ops.quote_name("count")
    return (
        f"INSERT INTO {table} ({_quoted(COLUMNS)}) "  # noqa: S608
        f"SELECT {keys}, MIN(answered_week), MIN(answered_month), COUNT(*) FROM {answer} "
        f"WHERE workspace_id = %s AND value IS NOT NULL GROUP BY {keys} "
        f"ON CONFLICT ({_quoted(('workspace_id', *ROLLUP_KEY))}) DO UPDATE SET {count} = excluded.{count}"
    )


@dataclass(frozen=True)
class RebuildReport:
    answers: int
    rows: int


@transaction.atomic
def rollups_rebuild(*, workspace: Workspace) -> RebuildReport:
    """Throw away the workspace's roll-ups and count them again from its answers.

    One DELETE and one INSERT … SELECT: the counts come from one snapshot of the answers. A write that
    commits in between is in that snapshot, and its own upsert meets the rebuilt row (the conflict
    clause sets the recomputed count instead of failing).
    """
    table = connection.ops.quote_name(ScoreRollup._meta.db_table)
    ScoreRollup.objects.of(workspace).delete()
    with connection.cursor() as cursor:
        cursor.execute(_rebuild_sql(table), [workspace.pk])
    totals = ScoreRollup.objects.of(workspace).aggregate(answers=Sum("count"), rows=Count("*"))
    return RebuildReport(answers=totals["answers"] or 0, rows=totals["rows"])


def rollups_check(*, workspace: Workspace) -> int:
    """How many keys the stored roll-ups count differently from the answers (0: they agree)."""
    expected = rollup_counts(Answer.objects.of(workspace))
    stored: Counter = Counter()
    for *key, n in ScoreRollup.objects.of(workspace).values_list(*ROLLUP_KEY, "count"):
        stored[tuple(key)] += n
    return sum(1 for key in expected.keys() | stored.keys() if expected[key] != stored[key])
