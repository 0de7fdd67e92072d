"""One ingestion path for interactions from the API, webhooks and bulk files.

Records are taken in batches; each batch is validated, resolved to customers and cases, and written in
one transaction. Re-sending an identical record changes nothing (its content hash matches); a changed
record updates the stored interaction in place; a bad record is reported with its position, field and
reason, and never costs the good records beside it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from itertools import islice
from typing import Any

from django.db import DatabaseError, transaction
from django.utils import timezone

from kohtaamo.db.adapt import db_datetime, db_json
from kohtaamo.db.copy import copy_rows
from kohtaamo.db.locks import advisory_lock
from kohtaamo.db.retry import StillConflicting, with_retry
from kohtaamo.db.rows import placeholders, select_in, update_rows
from kohtaamo.lib.collector import collect_young, collector_paused
from kohtaamo.lib.text.pii import Redactor
from kohtaamo.notify.services.events import events_publish, subscribers
from kohtaamo.timeline.extensions import transcripts_ingested
from kohtaamo.timeline.models import Interaction
from kohtaamo.timeline.records import FieldError, InteractionRecord, RecordInvalid, parse_record
from kohtaamo.timeline.redaction import redactor_of
from kohtaamo.workspaces.models import Workspace

from .cases import CaseThreader
from .continuity import Contact
from .directory import Directory
from .resolver import IdentityResolver, ResolverStats

BATCH_SIZE = 10_000
# One writer per workspace at a time (see _write_batch_with_retry); attempts before a batch gives up.
INGEST_LOCK = "timeline.ingest"
LOCK_WAIT_SECONDS = 30
INTERACTION_CREATED = "interaction.created"
ATTEMPTS = 6
# Columns written on create and on update, in the order of _changing_values.
CHANGING = (
    "channel", "direction", "started_at", "answered_at", "ended_at", "wait_seconds", "handle_seconds",
    "wrap_seconds", "abandoned", "outcome", "queue_id", "agent_id", "team_id", "customer_id", "case_id",
    "contact_reason", "is_repeat", "transcript", "recording_url", "attributes", "content_hash", "redacted_kinds",
    "updated_at",
)  # fmt: skip


class IngestBusy(Exception):
    """A batch kept losing races with other writers; nothing of it was stored. Send it again later."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"The workspace is busy with other imports; try again in {retry_after} s.")
        self.retry_after = retry_after


@dataclass
class Rejection:
    position: int
    external_id: str
    errors: list[FieldError]

    def as_dict(self, position_name: str = "index") -> dict[str, Any]:
        return {
            position_name: self.position,
            "external_id": self.external_id,
            "errors": [{"field": e.field, "message": e.message} for e in self.errors],
        }


@dataclass
class IngestReport:
    received: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    identity: ResolverStats = field(default_factory=ResolverStats)

    @property
    def accepted(self) -> int:
        return self.created + self.updated + self.unchanged


# A source of records: (position, raw record) pairs; the raw record may be a RecordInvalid already
# (a line that was not even valid JSON), so the reader's errors travel the same way as validation errors.
Positioned = Iterable[tuple[int, Any]]


def interactions_ingest(
    *,
    workspace: Workspace,
    records: Positioned,
    default_source: str = "default",
    progress: Callable[[int], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> IngestReport:
    """Validate, resolve and store interaction records; returns what was created, updated and rejected."""
    report = IngestReport()
    options = parse_options(workspace, default_source)
    directory = Directory(workspace)
    resolver = IdentityResolver(workspace, stats=report.identity)
    iterator = iter(records)
    with collector_paused():  # a batch's objects live until it is written (lib.collector)
        while batch := list(islice(iterator, batch_size)):
            _ingest_batch(workspace, batch, options, directory, resolver, report)
            if progress:
                progress(len(batch))
            collect_young()
    return report


def _ingest_batch(
    workspace: Workspace,
    batch: list[tuple[int, Any]],
    options: dict[str, Any],
    directory: Directory,
    resolver: IdentityResolver,
    report: IngestReport,
) -> None:
    """Parse what is not parsed yet, and write the batch; its counts and rejections go to ``report``."""
    report.received += len(batch)
    parsed: list[tuple[int, InteractionRecord]] = []
    for position, raw in batch:
        if isinstance(raw, InteractionRecord):  # parsed already (a file read in parallel)
            _check_redacted(raw, options["redactor"])
            parsed.append((position, raw))
            continue
        try:
            if isinstance(raw, RecordInvalid):
                raise raw
            parsed.append((position, parse_record(raw, **options)))
        except RecordInvalid as invalid:
            report.rejected.append(Rejection(position, invalid.external_id, invalid.errors))
    written = report.created + report.updated
    _write_batch_with_retry(workspace, directory, resolver, _last_wins(parsed), report)
    if report.created + report.updated > written and any(record.transcript for _, record in parsed):
        transcripts_ingested(workspace)


def junk_of(workspace: Workspace) -> frozenset[str]:
    """The workspace's own never-match values (test accounts), in the form normalisers compare."""
    return frozenset(str(v).strip().casefold() for v in workspace.junk_identifiers)


def parse_options(workspace: Workspace, default_source: str) -> dict[str, Any]:
    """The keyword arguments of ``parse_record`` for this workspace: every way in parses alike."""
    return {
        "region": workspace.country,
        "junk": junk_of(workspace),
        "default_source": default_source,
        "redactor": redactor_of(workspace),
    }


def _check_redacted(record: InteractionRecord, redactor: Redactor | None) -> None:
    """A record parsed elsewhere (a file's worker, a profile) must have been parsed with the redaction."""
    if redactor is not None and record.redacted_kinds is None:
        raise ValueError("a record was parsed without the workspace's redaction: use parse_options(workspace)")


def _last_wins(parsed: list[tuple[int, InteractionRecord]]) -> list[InteractionRecord]:
    """The same record twice in one batch: the later one is the newer version."""
    unique: dict[tuple[str, str], InteractionRecord] = {}
    for _, record in parsed:
        unique[(record.source, record.external_id)] = record
    return list(unique.values())


def _write_batch_with_retry(
    workspace: Workspace,
    directory: Directory,
    resolver: IdentityResolver,
    records: list[InteractionRecord],
    report: IngestReport,
) -> None:
    """Write one batch in one transaction, retried from the start when it loses a race.

    Writers of one workspace take turns (an advisory lock on PostgreSQL, the write lock on SQLite), so
    identities, merges and cases are decided by one writer at a time on what the others committed. What
    can still collide (a writer that does not take the turn, a lock wait that runs out, SQLite's busy
    database) is retried with a growing pause; a batch that keeps losing raises :class:`IngestBusy`.
    """
    saved = replace(report.identity)

    def attempt() -> tuple[int, int, int]:
        with transaction.atomic():
            advisory_lock(INGEST_LOCK, workspace.pk, timeout_seconds=LOCK_WAIT_SECONDS)
            resolver.refresh_if_stale()
            counts = _write_batch(workspace, directory, resolver, records)
            resolver.remember_watermark()
            return counts

    def failed(error: DatabaseError) -> None:
        # The rolled-back transaction's customers, identities and queues do not exist: start again
        # from what the database holds.
        for name in saved.__dataclass_fields__:
            setattr(report.identity, name, getattr(saved, name))
        resolver.forget()
        directory.reload()

    try:
        unchanged, created, updated = with_retry(attempt, attempts=ATTEMPTS, on_failure=failed)
    except StillConflicting as conflict:
        raise IngestBusy(conflict.retry_after) from conflict
    report.unchanged += unchanged
    report.created += created
    report.updated += updated


def _write_batch(
    workspace: Workspace,
    directory: Directory,
    resolver: IdentityResolver,
    records: list[InteractionRecord],
) -> tuple[int, int, int]:
    """Store one batch; (unchanged, created, updated)."""
    existing = _existing(workspace, records)
    todo = [r for r in records if existing.get((r.source, r.external_id), (None, None, None))[1] != r.content_hash]
    if not todo:
        return len(records), 0, 0
    resolver.load([r.customer for r in todo if r.customer])
    owners = [resolver.resolve(r.customer) for r in todo]
    fresh_customers = resolver.flush()
    merged_into = resolver.merge_survivors()
    customer_ids = [resolver.customer_id(owner) for owner in owners]
    resolver.settle()
    directory.prepare(todo)
    contacts = [
        Contact(r.source, r.external_id, r.started_at, r.ended_at, r.outcome, customer_id, r.contact_reason,
                r.case_ref, *existing.get((r.source, r.external_id), (None, None, None))[::2])
        for r, customer_id in zip(todo, customer_ids, strict=True)
    ]  # fmt: skip
    threader = CaseThreader(workspace)
    threader.thread(contacts, fresh_customers=fresh_customers, merged_into=merged_into)
    threader.flush()
    now = db_datetime(timezone.now())
    creates, updates = [], []
    ws = workspace.pk  # read once: a model's pk is a property
    for record, contact in zip(todo, contacts, strict=True):
        values = _changing_values(directory, record, contact, now)
        if contact.pk is None:
            creates.append((ws, record.source, record.external_id, *values, now))
        else:
            updates.append((*values, contact.pk))
    copy_rows(Interaction, ("workspace_id", "source", "external_id", *CHANGING, "created_at"), creates)
    update_rows(Interaction, CHANGING, updates)
    if creates and subscribers(workspace, INTERACTION_CREATED):
        _publish_created(workspace, [(row[1], row[2]) for row in creates])
    threader.retire(contacts)
    return len(records) - len(todo), len(creates), len(updates)


def _publish_created(workspace: Workspace, keys: list[tuple[str, str]]) -> None:
    """``interaction.created`` for the batch's new interactions, in the batch's transaction: an import that
    rolls back announces nothing. Only asked for when someone subscribes, so a plain import pays nothing."""
    wanted = set(keys)
    rows = Interaction.objects.of(workspace).filter(
        source__in={s for s, _ in keys}, external_id__in={e for _, e in keys}
    ).values("pk", "source", "external_id", "channel", "direction", "started_at", "ended_at", "customer_id",
             "case_id", "outcome", "contact_reason", "abandoned")  # fmt: skip
    items = [
        (row["customer_id"], interaction_event_data(row))
        for row in rows
        if (row["source"], row["external_id"]) in wanted
    ]
    events_publish(workspace=workspace, event=INTERACTION_CREATED, items=items)


def interaction_event_data(row: dict[str, Any]) -> dict[str, Any]:
    """An interaction as an event tells of it: ids, channel, times and outcome (no transcript)."""
    times = {k: row[k].isoformat() if row[k] else None for k in ("started_at", "ended_at")}
    return {"id": row["pk"], **{k: v for k, v in row.items() if k not in ("pk", "started_at", "ended_at")}, **times}


def _existing(
    workspace: Workspace, records: list[InteractionRecord]
) -> dict[tuple[str, str], tuple[int, str, int | None]]:
    """(source, external id) → the stored interaction's id, content hash and case."""
    # Naming the sources too lets the database use the (workspace, source, external_id) unique index.
    # Plain SQL: the ORM prepares each of a batch's ten thousand ids one by one (a tenth of a second).
    sources = sorted({r.source for r in records})
    template = (
        "SELECT source, external_id, id, content_hash, case_id FROM {table} WHERE workspace_id = %s "  # noqa: S608
        f"AND source IN ({placeholders(len(sources))}) AND external_id IN ({{values}})"
    )
    rows = select_in(template, Interaction, [workspace.pk, *sources], sorted({r.external_id for r in records}))
    return {(source, ext): (pk, digest, case) for source, ext, pk, digest, case in rows}


def _changing_values(
    directory: Directory,
    record: InteractionRecord,
    contact: Contact,
    now: datetime | str,
) -> tuple:
    """The row in ``CHANGING`` order, adapted for the driver."""
    return (
        record.channel,
        record.direction,
        db_datetime(record.started_at),
        db_datetime(record.answered_at),
        db_datetime(record.ended_at),
        record.wait_seconds,
        record.handle_seconds,
        record.wrap_seconds,
        record.abandoned,
        record.outcome,
        directory.queues.get(record.queue) if record.queue else None,
        directory.agents.get(record.agent) if record.agent else None,
        directory.teams.get(record.team) if record.team else None,
        contact.customer_id,
        contact.case.pk if contact.case is not None else None,
        record.contact_reason,
        contact.is_repeat,
        db_json(record.transcript),
        record.recording_url,
        db_json(record.attributes),
        record.content_hash,
        db_json(list(record.redacted_kinds or ())),
        now,
    )
