"""Case continuity: which case does a contact belong to, and is it a repeat contact?

``case_ref`` links interactions explicitly. Without it, a contact from the same customer on the same
contact reason within the workspace's window (default 7 days) of the case's last contact joins that case
and counts as a repeat contact; if the case had been marked resolved, the new contact reopens it,
because a customer who comes back about the same matter was not helped the first time. A contact with no
contact reason starts a case of its own: joining unrelated contacts would inflate the repeat rate.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection

from kohtaamo.db.adapt import db_datetime
from kohtaamo.db.chunks import chunks
from kohtaamo.db.rows import insert_rows, update_rows
from kohtaamo.timeline.models import Case, Interaction
from kohtaamo.timeline.records import InteractionRecord
from kohtaamo.workspaces.models import Workspace

STATE_FIELDS = (
    "pk",
    "customer_id",
    "ref",
    "contact_reason",
    "status",
    "opened_at",
    "last_contact_at",
    "resolved_at",
)
CHANGING = ("customer_id", "contact_reason", "status", "opened_at", "last_contact_at", "resolved_at")


@dataclass(slots=True, eq=False)
class CaseState:
    """A case as the batch sees it (plain data: model instances cost too much per row here)."""

    pk: int | None
    customer_id: int | None
    ref: str | None
    contact_reason: str
    status: str
    opened_at: datetime
    last_contact_at: datetime
    resolved_at: datetime | None
    # When the case's first contact moves earlier (records out of order), its stored contacts need
    # their repeat flags recomputed in the database.
    first_seen_at: datetime | None = None

    def row(self, columns) -> tuple:
        values = []
        for name in columns:
            value = getattr(self, name)
            values.append(db_datetime(value) if isinstance(value, datetime) else value)
        return tuple(values)


class CaseAssigner:
    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.window = timedelta(days=workspace.case_window_days)
        self.by_ref: dict[str, CaseState] = {}
        self.by_key: dict[tuple[int, str], list[CaseState]] = {}
        self.touched: dict[int, CaseState] = {}
        self.new: list[CaseState] = []

    def load(self, items: list[tuple[InteractionRecord, int | None]], fresh_customers: set[int]) -> None:
        """Load the cases this batch may join (customers created in this batch have none yet)."""
        refs = {record.case_ref for record, _ in items if record.case_ref}
        if refs:
            found = Case.objects.of(self.workspace).filter(ref__in=refs).values_list(*STATE_FIELDS)
            self.by_ref = {row[2]: CaseState(*row, first_seen_at=row[5]) for row in found}
        keyed = [
            (record, cid)
            for record, cid in items
            if cid and record.contact_reason and not record.case_ref and cid not in fresh_customers
        ]
        if keyed:
            since = min(record.started_at for record, _ in keyed) - self.window
            cases = (
                Case.objects.of(self.workspace)
                .filter(
                    customer_id__in={cid for _, cid in keyed},
                    contact_reason__in={record.contact_reason for record, _ in keyed},
                    last_contact_at__gte=since,
                )
                .values_list(*STATE_FIELDS)
            )
            for case in (CaseState(*row, first_seen_at=row[5]) for row in cases):
                self.by_key.setdefault((case.customer_id, case.contact_reason), []).append(case)

    def assign(self, record: InteractionRecord, customer_id: int | None) -> CaseState | None:
        if record.case_ref:
            case = self.by_ref.get(record.case_ref)
            if case is None:
                case = self.by_ref[record.case_ref] = self._open(record, customer_id)
        elif customer_id is None:
            return None
        elif not record.contact_reason:
            case = self._open(record, customer_id)
        else:
            candidates = self.by_key.setdefault((customer_id, record.contact_reason), [])
            near = [
                c
                for c in candidates
                if c.opened_at - self.window <= record.started_at <= c.last_contact_at + self.window
            ]
            case = max(near, key=lambda c: c.last_contact_at) if near else None
            if case is None:
                case = self._open(record, customer_id)
                candidates.append(case)
        self._record_contact(case, record, customer_id)
        return case

    def _open(self, record: InteractionRecord, customer_id: int | None) -> CaseState:
        case = CaseState(
            pk=None,
            customer_id=customer_id,
            ref=record.case_ref,
            contact_reason=record.contact_reason,
            status=Case.Status.OPEN,
            opened_at=record.started_at,
            last_contact_at=record.started_at,
            resolved_at=None,
        )
        self.new.append(case)
        return case

    def _record_contact(self, case: CaseState, record: InteractionRecord, customer_id: int | None) -> None:
        case.opened_at = min(case.opened_at, record.started_at)
        case.last_contact_at = max(case.last_contact_at, record.started_at)
        if case.customer_id is None and customer_id is not None:
            case.customer_id = customer_id
        if not case.contact_reason and record.contact_reason:
            case.contact_reason = record.contact_reason
        if record.outcome == "resolved":
            done = record.ended_at or record.started_at
            if case.resolved_at is None or done > case.resolved_at:
                case.status, case.resolved_at = Case.Status.RESOLVED, done
        elif case.resolved_at is not None and record.started_at > case.resolved_at:
            case.status, case.resolved_at = Case.Status.OPEN, None
        if case.pk:
            self.touched[case.pk] = case

    def flush(self) -> None:
        columns = ("workspace_id", "ref", *CHANGING)
        ids = insert_rows(
            Case, columns, [(self.workspace.pk, c.ref, *c.row(CHANGING)) for c in self.new], returning=True
        )
        for case, pk in zip(self.new, ids, strict=True):
            case.pk = pk
        update_rows(Case, CHANGING, [(*c.row(CHANGING), c.pk) for c in self.touched.values()])

    def moved_earlier(self) -> set[int]:
        """Stored cases whose first contact is now an earlier one: their repeat flags must be redone."""
        return {c.pk for c in self.touched.values() if c.first_seen_at and c.opened_at < c.first_seen_at}


def mark_repeat_contacts(case_ids: set[int]) -> None:
    """Every contact in a case after its first one is a repeat contact (whatever order records arrived in)."""
    table = Interaction._meta.db_table
    with connection.cursor() as cursor:
        for chunk in chunks(sorted(case_ids)):
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"UPDATE {table} SET is_repeat = (started_at > (SELECT MIN(earliest.started_at) FROM {table} earliest "  # noqa: S608
                f"WHERE earliest.case_id = {table}.case_id)) WHERE case_id IN ({marks})",
                chunk,
            )
