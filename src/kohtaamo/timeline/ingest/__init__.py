"""One ingestion path for interactions from the API, webhooks and bulk files.

Records are taken in batches; each batch is validated, resolved to customers and cases, and written in
one transaction. Re-sending an identical record changes nothing (its content hash matches); a changed
record updates the stored interaction in place; a bad record is reported with its position, field and
reason, and never costs the good records beside it.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from kohtaamo.timeline.models import Interaction
from kohtaamo.workspaces.models import Workspace

from .cases import CaseAssigner, mark_repeat_contacts
from .directory import Directory
from .records import FieldError, InteractionRecord, RecordInvalid, parse_record
from .resolver import IdentityResolver, ResolverStats

BATCH_SIZE = 2000
UPDATABLE_FIELDS = [
    "channel", "direction", "started_at", "answered_at", "ended_at", "wait_seconds", "handle_seconds",
    "wrap_seconds", "abandoned", "outcome", "queue", "agent", "team", "customer", "case", "contact_reason",
    "transcript", "recording_url", "attributes", "content_hash", "updated_at",
]  # fmt: skip


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
    junk = frozenset(str(v).casefold() for v in workspace.junk_identifiers)
    directory = Directory(workspace)
    iterator = iter(records)
    while batch := list(islice(iterator, batch_size)):
        report.received += len(batch)
        parsed: list[tuple[int, InteractionRecord]] = []
        for position, raw in batch:
            try:
                if isinstance(raw, RecordInvalid):
                    raise raw
                parsed.append(
                    (position, parse_record(raw, region=workspace.country, junk=junk, default_source=default_source))
                )
            except RecordInvalid as invalid:
                external_id = str(raw.get("external_id", ""))[:200] if isinstance(raw, dict) else ""
                report.rejected.append(Rejection(position, external_id, invalid.errors))
        _write_batch_with_retry(workspace, directory, _last_wins(parsed), report)
        if progress:
            progress(len(batch))
    return report


def _last_wins(parsed: list[tuple[int, InteractionRecord]]) -> list[InteractionRecord]:
    """The same record twice in one batch: the later one is the newer version."""
    unique: dict[tuple[str, str], InteractionRecord] = {}
    for _, record in parsed:
        unique[(record.source, record.external_id)] = record
    return list(unique.values())


def _write_batch_with_retry(workspace, directory, records, report) -> None:
    # A concurrent import may create the same customer identity between our read and our write; the
    # unique constraint stops the duplicate, and a second attempt sees the other import's rows.
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                _write_batch(workspace, directory, records, report)
            return
        except IntegrityError:
            if attempt == 2:
                raise


def _write_batch(
    workspace: Workspace, directory: Directory, records: list[InteractionRecord], report: IngestReport
) -> None:
    existing = _existing(workspace, records)
    todo = [r for r in records if existing.get((r.source, r.external_id), (None, None))[1] != r.content_hash]
    report.unchanged += len(records) - len(todo)
    if not todo:
        return
    resolver = IdentityResolver(workspace, stats=report.identity)
    resolver.load([r.customer for r in todo if r.customer])
    owners = [resolver.resolve(r.customer) for r in todo]
    resolver.flush()
    directory.prepare(todo)
    customer_ids = [resolver.customer_id(owner) for owner in owners]
    assigner = CaseAssigner(workspace)
    assigner.load(list(zip(todo, customer_ids, strict=True)))
    order = sorted(range(len(todo)), key=lambda i: todo[i].started_at)
    cases = [None] * len(todo)
    for i in order:
        cases[i] = assigner.assign(todo[i], customer_ids[i])
    assigner.flush()
    creates, updates = [], []
    for record, customer_id, case in zip(todo, customer_ids, cases, strict=True):
        interaction = _to_model(workspace, directory, record, customer_id, case)
        pk = existing.get((record.source, record.external_id), (None, None))[0]
        if pk is None:
            creates.append(interaction)
        else:
            interaction.pk = pk
            interaction.updated_at = timezone.now()
            updates.append(interaction)
    Interaction.objects.bulk_create(creates)
    if updates:
        Interaction.objects.bulk_update(updates, UPDATABLE_FIELDS)
    report.created += len(creates)
    report.updated += len(updates)
    mark_repeat_contacts({c.pk for c in cases if c is not None})


def _existing(workspace: Workspace, records: list[InteractionRecord]) -> dict[tuple[str, str], tuple[int, str]]:
    rows = Interaction.objects.filter(
        workspace=workspace, external_id__in={r.external_id for r in records}
    ).values_list("source", "external_id", "pk", "content_hash")
    return {(source, ext): (pk, digest) for source, ext, pk, digest in rows}


def _to_model(workspace, directory, record: InteractionRecord, customer_id, case) -> Interaction:
    return Interaction(
        workspace=workspace,
        source=record.source,
        external_id=record.external_id,
        channel=record.channel,
        direction=record.direction,
        started_at=record.started_at,
        answered_at=record.answered_at,
        ended_at=record.ended_at,
        wait_seconds=record.wait_seconds,
        handle_seconds=record.handle_seconds,
        wrap_seconds=record.wrap_seconds,
        abandoned=record.abandoned,
        outcome=record.outcome,
        queue_id=directory.queues.get(record.queue) if record.queue else None,
        agent_id=directory.agents.get(record.agent) if record.agent else None,
        team_id=directory.teams.get(record.team) if record.team else None,
        customer_id=customer_id,
        case=case,
        contact_reason=record.contact_reason,
        transcript=record.transcript,
        recording_url=record.recording_url,
        attributes=record.attributes,
        content_hash=record.content_hash,
    )


def enumerate_records(records: Iterable[Any], start: int = 0) -> Iterator[tuple[int, Any]]:
    """Positions for API batches: the index of each record in the request."""
    return enumerate(records, start)
