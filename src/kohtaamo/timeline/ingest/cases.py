"""Case continuity: which case does a contact belong to, and is it a repeat contact?

``case_ref`` links interactions explicitly. Without it, a contact from the same customer on the same
contact reason within the workspace's window (default 7 days) of the case's last contact joins that case
and counts as a repeat contact; if the case had been marked resolved, the new contact reopens it,
because a customer who comes back about the same matter was not helped the first time. A contact with no
contact reason starts a case of its own: joining unrelated contacts would inflate the repeat rate.
"""

from datetime import timedelta

from django.db import connection

from kohtaamo.timeline.models import Case, Interaction
from kohtaamo.workspaces.models import Workspace

from .records import InteractionRecord


class CaseAssigner:
    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.window = timedelta(days=workspace.case_window_days)
        self.by_ref: dict[str, Case] = {}
        self.by_key: dict[tuple[int, str], list[Case]] = {}
        self.touched: dict[int, Case] = {}
        self.new: list[Case] = []

    def load(self, items: list[tuple[InteractionRecord, int | None]]) -> None:
        refs = {record.case_ref for record, _ in items if record.case_ref}
        if refs:
            self.by_ref = {case.ref: case for case in Case.objects.filter(workspace=self.workspace, ref__in=refs)}
        keyed = [(record, cid) for record, cid in items if cid and record.contact_reason and not record.case_ref]
        if keyed:
            since = min(record.started_at for record, _ in keyed) - self.window
            cases = Case.objects.filter(
                workspace=self.workspace,
                customer_id__in={cid for _, cid in keyed},
                contact_reason__in={record.contact_reason for record, _ in keyed},
                last_contact_at__gte=since,
            )
            for case in cases:
                self.by_key.setdefault((case.customer_id, case.contact_reason), []).append(case)

    def assign(self, record: InteractionRecord, customer_id: int | None) -> Case | None:
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

    def _open(self, record: InteractionRecord, customer_id: int | None) -> Case:
        case = Case(
            workspace=self.workspace,
            customer_id=customer_id,
            ref=record.case_ref,
            contact_reason=record.contact_reason,
            opened_at=record.started_at,
            last_contact_at=record.started_at,
        )
        self.new.append(case)
        return case

    def _record_contact(self, case: Case, record: InteractionRecord, customer_id: int | None) -> None:
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
        Case.objects.bulk_create(self.new)
        if self.touched:
            Case.objects.bulk_update(
                list(self.touched.values()),
                ["opened_at", "last_contact_at", "status", "resolved_at", "customer", "contact_reason"],
            )


def mark_repeat_contacts(case_ids: set[int]) -> None:
    """Every contact in a case after its first one is a repeat contact (whatever order records arrived in)."""
    table = Interaction._meta.db_table
    ids = sorted(case_ids)
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 5000):
            chunk = ids[start : start + 5000]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"UPDATE {table} SET is_repeat = (started_at > (SELECT MIN(earliest.started_at) FROM {table} earliest "  # noqa: S608
                f"WHERE earliest.case_id = {table}.case_id)) WHERE case_id IN ({marks})",
                chunk,
            )
