"""Contacts of one window as numpy arrays, the input of every journey analysis.

Path analytics must cover a million contacts in seconds, so rows are read once with only the columns
needed, the start time computed as epoch seconds by the database (parsing a million datetimes in Python
would cost more than the analysis), and strings turned into small integer codes.
"""

from dataclasses import dataclass
from datetime import datetime

import numpy as np
from django.db import connection
from django.db.models import FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL

from kohtaamo.db.rows import table_row_count
from kohtaamo.db.time import epoch_sql
from kohtaamo.feedback.selectors.scores import survey_scores_for_interactions
from kohtaamo.lib.journeymath.pain import ContactSignals
from kohtaamo.lib.journeymath.paths import Events
from kohtaamo.timeline.models import Channel, Interaction
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.models import Workspace

from .targets import ESCALATED_OUTCOMES, LONG_WAIT_SECONDS

SURVEY_ATTRIBUTES = ("csat", "nps", "ces")


@dataclass(frozen=True)
class ContactFilter:
    """Which contacts an analysis or a metric looks at; every part is optional."""

    channel: str = ""
    contact_reasons: tuple[str, ...] = ()
    customer_ids: QuerySet | None = None

    def q(self) -> Q:
        q = Q()
        if self.channel:
            q &= Q(channel=self.channel)
        if self.contact_reasons:
            q &= Q(contact_reason__in=self.contact_reasons)
        if self.customer_ids is not None:
            q &= Q(customer_id__in=self.customer_ids)
        return q


@dataclass(frozen=True)
class ContactFrame:
    ids: np.ndarray
    case: np.ndarray  # -1: no case
    customer: np.ndarray  # -1: no customer
    channel: np.ndarray
    channels: tuple[str, ...]
    reason: np.ndarray
    reasons: tuple[str, ...]
    at: np.ndarray
    resolved: np.ndarray
    repeat: np.ndarray
    abandoned: np.ndarray
    escalated: np.ndarray
    wait: np.ndarray  # NaN: not queued

    def __len__(self) -> int:
        return len(self.ids)

    def events(self, by: str) -> Events:
        """Path events grouped per case, or per customer (split into journeys by the caller's gap)."""
        group = self.case if by == "case" else self.customer
        return Events(group=group, step=self.channel, at=self.at, resolved=self.resolved, labels=self.channels)

    def long_wait(self) -> np.ndarray:
        limits = np.array([LONG_WAIT_SECONDS.get(c, np.inf) for c in self.channels])
        with np.errstate(invalid="ignore"):
            return self.wait > limits[self.channel] if len(self) else np.zeros(0, dtype=bool)

    def signals(self, scores: dict[str, np.ndarray]) -> ContactSignals:
        return ContactSignals(
            repeat=self.repeat,
            escalated=self.escalated,
            abandoned=self.abandoned,
            long_wait=self.long_wait(),
            wait=self.wait,
            csat=scores["csat"],
            nps=scores["nps"],
            ces=scores["ces"],
        )


TABLE = Interaction._meta.db_table
# Channels as small integers computed by the database: no per-row string work in Python.
CHANNEL_CODES = tuple(Channel.values)


def _column(name: str) -> str:
    return f'"{TABLE}"."{name}"'


def _channel_sql() -> str:
    cases = " ".join(f"WHEN '{c}' THEN {i}" for i, c in enumerate(CHANNEL_CODES))
    return f"CASE {_column('channel')} {cases} ELSE {CHANNEL_CODES.index('other')} END"


def _scan_whole_table(workspace: Workspace, since: datetime, until: datetime) -> bool:
    """On SQLite, read a window holding much of the table by one sequential scan.

    SQLite otherwise walks the (workspace, started_at) index and fetches each row by rowid; when rows
    were not imported in time order those fetches jump around the file, and reading most of a million
    rows that way takes 4× longer than scanning it. The planner has no statistics to see this, so we
    decide with two index-only counts. PostgreSQL's planner makes this choice itself.
    """
    if connection.vendor != "sqlite":
        return False
    in_window = Interaction.objects.of(workspace).filter(started_at__gte=since, started_at__lt=until)
    count = in_window.count()
    return count >= 50_000 and count * 4 > table_row_count(Interaction)


def contacts_in(workspace: Workspace, since: datetime, until: datetime, where: ContactFilter) -> QuerySet:
    if _scan_whole_table(workspace, since, until):
        found = Interaction.objects.of_by_scan(workspace)
    else:
        found = Interaction.objects.of(workspace)
    return found.filter(started_at__gte=since, started_at__lt=until).filter(where.q())


def _fetch(queryset: QuerySet, columns: dict[str, str | tuple[str, list]]) -> list[tuple]:
    """Rows of numeric columns, read with a plain cursor (no model or row objects for a million rows).

    Each column is SQL written here, optionally with parameters for values that came from users.
    """
    expressions = {
        name: RawSQL(*(sql if isinstance(sql, tuple) else (sql, [])), output_field=FloatField())  # noqa: S611
        for name, sql in columns.items()
    }
    sql, params = queryset.annotate(**expressions).values_list(*columns).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def path_events(
    workspace: Workspace, *, since: datetime, until: datetime, by: str, where: ContactFilter | None = None
) -> Events:
    """Only what paths need, grouped per case or per customer, as fast as the database can hand it over."""
    group = _column("case_id" if by == "case" else "customer_id")
    rows = _fetch(
        contacts_in(workspace, since, until, where or ContactFilter()),
        {
            "journeys_group": f"COALESCE({group}, -1)",
            "journeys_channel": _channel_sql(),
            "journeys_at": epoch_sql(_column("started_at"), connection.vendor),
            "journeys_resolved": f"CASE WHEN {_column('outcome')} = 'resolved' THEN 1 ELSE 0 END",
        },
    )
    data = np.array(rows, dtype=np.float64).reshape(-1, 4)
    return Events(
        group=data[:, 0].astype(np.int64),
        step=data[:, 1].astype(np.int64),
        at=data[:, 2],
        resolved=data[:, 3] > 0,
        labels=CHANNEL_CODES,
    )


def contact_frame(
    workspace: Workspace, *, since: datetime, until: datetime, where: ContactFilter | None = None
) -> ContactFrame:
    """Every contact of the workspace in [since, until) matching the filter, with its problem signals."""
    escalated = ", ".join(f"'{o}'" for o in ESCALATED_OUTCOMES)
    outcome = _column("outcome")
    contacts = contacts_in(workspace, since, until, where or ContactFilter())
    reasons = sorted(set(contacts.order_by().values_list("contact_reason", flat=True).distinct()) | {""})
    reason_sql = " ".join(["WHEN %s THEN " + str(i) for i in range(len(reasons))])
    rows = _fetch(
        contacts,
        {
            "journeys_reason": (
                f"CASE {_column('contact_reason')} {reason_sql} ELSE {reasons.index('')} END",
                reasons,
            ),
            "journeys_id": _column("id"),
            "journeys_case": f"COALESCE({_column('case_id')}, -1)",
            "journeys_customer": f"COALESCE({_column('customer_id')}, -1)",
            "journeys_channel": _channel_sql(),
            "journeys_at": epoch_sql(_column("started_at"), connection.vendor),
            "journeys_resolved": f"CASE WHEN {outcome} = 'resolved' THEN 1 ELSE 0 END",
            "journeys_repeat": f"CASE WHEN {_column('is_repeat')} THEN 1 ELSE 0 END",
            "journeys_abandoned": f"CASE WHEN {_column('abandoned')} OR {outcome} = 'abandoned' THEN 1 ELSE 0 END",
            "journeys_escalated": f"CASE WHEN {outcome} IN ({escalated}) THEN 1 ELSE 0 END",
            "journeys_wait": f"COALESCE({_column('wait_seconds')}, -1)",
        },
    )
    data = np.array(rows, dtype=np.float64).reshape(-1, 11)
    reason, data = data[:, 0].astype(np.int64), data[:, 1:]
    wait = data[:, 9]
    return ContactFrame(
        ids=data[:, 0].astype(np.int64),
        case=data[:, 1].astype(np.int64),
        customer=data[:, 2].astype(np.int64),
        channel=data[:, 3].astype(np.int64),
        channels=CHANNEL_CODES,
        reason=reason,
        reasons=tuple(reasons),
        at=data[:, 4],
        resolved=data[:, 5] > 0,
        repeat=data[:, 6] > 0,
        abandoned=data[:, 7] > 0,
        escalated=data[:, 8] > 0,
        wait=np.where(wait < 0, np.nan, wait),
    )


def survey_scores(actor: Actor, frame: ContactFrame, metric: str) -> np.ndarray:
    """The survey score (``csat``, ``nps`` or ``ces``) of each contact, NaN where none was given.

    The feedback app owns survey scores and the rule that picks them (``survey_scores_for_interactions``).
    """
    scores = np.full(len(frame), np.nan)
    if not len(frame):
        return scores
    found = survey_scores_for_interactions(actor=actor, interaction_ids=frame.ids.tolist(), metric=metric)
    position = {int(pk): i for i, pk in enumerate(frame.ids)}
    for pk, value in found.items():
        scores[position[pk]] = float(value)
    return scores


def all_survey_scores(actor: Actor, frame: ContactFrame) -> dict[str, np.ndarray]:
    return {metric: survey_scores(actor, frame, metric) for metric in SURVEY_ATTRIBUTES}
