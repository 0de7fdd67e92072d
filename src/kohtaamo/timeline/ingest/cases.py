"""Case continuity for a batch: which case does each contact belong to, and is it a repeat contact?

The rule is in :mod:`.continuity`; this module reads what a batch needs of the stored cases, decides with
the rule, and writes the outcome, so that the cases stored are always those the rule gives for every
contact stored so far, in whatever order the contacts came:

- the stored cases of a customer's reason within the window of the batch's contacts are read as spans
  (first and last contact); a span the batch only extends at its end keeps its stored contacts as they
  are, anything else (a contact before the span's last one, two spans joined) reads the span's contacts
  and threads them again;
- the old case of an updated record, and every case of a customer who was merged into in this batch,
  is read whole and threaded again (a contact that left may split a case, a merge may join two);
- a stored case nothing joins any more is deleted, and whatever pointed at it (a survey invitation, an
  answer) follows its first contact to the case it went to.
"""

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from itertools import chain as concat

from django.db.models import Q

from kohtaamo.db.adapt import db_datetime
from kohtaamo.db.rows import insert_rows, placeholders, select_in, update_rows
from kohtaamo.timeline.models import Case, Interaction
from kohtaamo.workspaces.models import Workspace

from .continuity import OPEN, CaseState, Chain, Contact, chains, fold, group_of, settle

STATE_FIELDS = ("pk", "customer_id", "ref", "contact_reason", "status", "opened_at", "last_contact_at", "resolved_at")
CHANGING = ("customer_id", "contact_reason", "status", "opened_at", "last_contact_at", "resolved_at")
STORED_CONTACT = (
    "SELECT id, source, external_id, started_at, ended_at, outcome, customer_id, contact_reason, case_id, is_repeat "
    "FROM {table} WHERE case_id IN ({values})"
)


def _state(case: CaseState) -> tuple:
    """The case's ``CHANGING`` values as they are: compared to tell a changed case from one as read."""
    return (case.customer_id, case.contact_reason, case.status, case.opened_at, case.last_contact_at, case.resolved_at)


def _row(case: CaseState) -> tuple:
    """The case's ``CHANGING`` values adapted for the driver (only for the rows written)."""
    customer_id, reason, status, *times = _state(case)
    return (customer_id, reason, status, *(db_datetime(t) for t in times))


class CaseThreader:
    """Threads one batch's contacts into cases (one threader per batch, inside its transaction)."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.window = timedelta(days=workspace.case_window_days)
        self.stored: dict[int, CaseState] = {}  # stored cases read, as they will be written
        self.as_read: dict[int, tuple] = {}  # … and as they were read (only changed ones are written)
        self.whole: set[int] = set()  # stored cases whose contacts were all read
        self.new: list[CaseState] = []
        self.placed: list[tuple[Contact, CaseState, bool]] = []  # stored contacts threaded again
        self.claimed: set[int] = set()

    # -- reading -------------------------------------------------------------------------------
    def _read_cases(self, condition: Q) -> list[CaseState]:
        return self._keep(Case.objects.of(self.workspace).filter(condition).values_list(*STATE_FIELDS))

    def _read_near(self, customers: set[int], reasons: set[str], since: datetime, until: datetime) -> None:
        """The customers' unlinked cases on these reasons that reach into ``since`` … ``until``.

        Plain SQL in chunks of customers: the ORM would prepare each of thousands of ids one by one.
        """
        template = (
            "SELECT id, customer_id, ref, contact_reason, status, opened_at, last_contact_at, resolved_at "  # noqa: S608
            "FROM {table} WHERE workspace_id = %s AND ref IS NULL AND last_contact_at >= %s AND opened_at <= %s "
            f"AND contact_reason IN ({placeholders(len(reasons))}) AND customer_id IN ({{values}})"
        )
        params = [self.workspace.pk, db_datetime(since), db_datetime(until), *sorted(reasons)]
        rows = select_in(template, Case, params, sorted(customers))
        self._keep((*row[:5], *(_aware(v) for v in row[5:])) for row in rows)

    def _keep(self, rows: Iterable[tuple]) -> list[CaseState]:
        """The cases of ``rows`` (``STATE_FIELDS``) not read before, now held as read."""
        found = []
        for row in rows:
            if row[0] not in self.stored:
                self.stored[row[0]] = CaseState(*row)
                self.as_read[row[0]] = _state(self.stored[row[0]])
                found.append(self.stored[row[0]])
        return found

    def _read_contacts(self, case_ids: set[int], skip: set[int]) -> list[Contact]:
        """The stored contacts of these cases (the batch's own records aside: the batch's version wins)."""
        ids = sorted(case_ids - self.whole)
        self.whole.update(ids)
        rows = select_in(STORED_CONTACT, Interaction, [], ids) if ids else []
        return [
            Contact(source, ext, _aware(started), _aware(ended), outcome, customer, reason, self.stored[case].ref,
                    pk=pk, case_id=case, is_repeat=bool(repeat), stored=True)
            for pk, source, ext, started, ended, outcome, customer, reason, case, repeat in rows
            if pk not in skip
        ]  # fmt: skip

    # -- deciding ------------------------------------------------------------------------------
    def thread(self, batch: list[Contact], *, fresh_customers: set[int], merged_into: set[int]) -> None:
        """Give every contact of ``batch`` its case (``contact.case``) and repeat flag (``contact.is_repeat``)."""
        skip = {c.pk for c in batch if c.pk}
        rethread = {c.case_id for c in batch if c.case_id}
        if rethread or merged_into:
            self._read_cases(Q(pk__in=rethread) | Q(customer_id__in=merged_into))
        stored = self._read_contacts(set(self.stored), skip)
        groups: dict[tuple, tuple[list[Contact], list[CaseState]]] = {}
        for contact in concat(batch, stored):
            if (key := group_of(contact)) is not None:
                groups.setdefault(key, ([], []))[0].append(contact)
        self._read_spans(groups, fresh_customers)
        found = [(key, c) for key, (contacts, spans) in groups.items() for c in self._chains(key, contacts, spans)]
        slow = {s.pk: c for _, c in found if not _extends_at_end(c) for s in c.spans if s.pk is not None}
        if slow:
            for contact in self._read_contacts(set(slow), skip):
                slow[contact.case_id].contacts.append(contact)  # type: ignore[index]
        # Linked cases keep their reference first; then the rest, in time order, each taking the oldest
        # stored case it swallowed that nobody took yet.
        found.sort(key=lambda kc: (kc[0][0] != "ref", min(c.order for c in kc[1].contacts)))
        for key, c in found:
            self._decide(key, c)
        for contact in batch:
            if group_of(contact) is None:
                contact.case, contact.is_repeat = None, False

    def _read_spans(self, groups: dict, fresh_customers: set[int]) -> None:
        """Stored cases the batch's contacts may join: by reference, or near them on the same reason."""
        refs = {key[1] for key in groups if key[0] == "ref"}
        if refs:
            self._read_cases(Q(ref__in=refs))
        keyed = {k: contacts for k, (contacts, _) in groups.items() if k[0] == "reason" and k[1] not in fresh_customers}
        if keyed:
            starts = [c.started_at for contacts in keyed.values() for c in contacts]
            customers, reasons = {k[1] for k in keyed}, {k[2] for k in keyed}
            self._read_near(customers, reasons, min(starts) - self.window, max(starts) + self.window)
        by_ref = {case.ref: case for case in self.stored.values() if case.ref}
        for key, (_, spans) in groups.items():
            if key[0] == "ref" and (case := by_ref.get(key[1])) is not None and case.pk not in self.whole:
                spans.append(case)
        reach = {k: (min(c.started_at for c in v) - self.window, max(c.started_at for c in v) + self.window)
                 for k, (v, _) in groups.items() if k[0] == "reason"}  # fmt: skip
        for case in self.stored.values():
            key = ("reason", case.customer_id, case.contact_reason)
            if case.ref or case.pk in self.whole or key not in reach:
                continue
            if case.opened_at <= reach[key][1] and case.last_contact_at >= reach[key][0]:
                groups[key][1].append(case)

    def _chains(self, key: tuple, contacts: list[Contact], spans: list[CaseState]) -> list[Chain]:
        if key[0] != "reason":
            return [Chain(contacts=contacts, spans=spans)]
        return [c for c in chains(contacts, spans, self.window) if c.contacts]

    def _decide(self, key: tuple, chain: Chain) -> None:
        contacts = chain.contacts
        if _extends_at_end(chain) and chain.spans:
            case = chain.spans[0]
            self.claimed.add(case.pk)  # type: ignore[arg-type]
            contacts.sort(key=lambda c: c.order)
            fold(case, contacts)
            if case.ref:  # as settle(): the first contact that says who and why
                if case.customer_id is None:
                    case.customer_id = next((c.customer_id for c in contacts if c.customer_id is not None), None)
                case.contact_reason = case.contact_reason or next((c.reason for c in contacts if c.reason), "")
        else:
            case = self._claim(key, chain) or self._open(key, contacts)
            settle(case, contacts)
        if key[0] == "reason":
            case.customer_id, case.contact_reason = key[1], key[2]
        elif key[0] == "own":
            case.customer_id, case.contact_reason = contacts[0].customer_id, ""
        for contact in contacts:
            repeat = contact.started_at > case.opened_at
            if contact.stored:
                self.placed.append((contact, case, repeat))
            else:
                contact.case, contact.is_repeat = case, repeat

    def _claim(self, key: tuple, chain: Chain) -> CaseState | None:
        if key[0] == "ref":
            options = [s for s in self.stored.values() if s.ref == key[1]]
        else:
            pks = {s.pk for s in chain.spans} | {c.case_id for c in chain.contacts if c.case_id}
            options = [self.stored[pk] for pk in sorted(pks) if pk in self.stored and not self.stored[pk].ref]  # type: ignore[index]
        for case in options:
            if case.pk not in self.claimed:
                self.claimed.add(case.pk)  # type: ignore[arg-type]
                return case
        return None

    def _open(self, key: tuple, contacts: list[Contact]) -> CaseState:
        first = contacts[0]
        case = CaseState(None, first.customer_id, key[1] if key[0] == "ref" else None, first.reason, OPEN,
                         first.started_at, first.started_at, None)  # fmt: skip
        self.new.append(case)
        return case

    # -- writing -------------------------------------------------------------------------------
    def flush(self) -> None:
        """Write new and changed cases and the stored contacts that moved (before the batch's own rows)."""
        columns = ("workspace_id", "ref", *CHANGING)
        ws = self.workspace.pk  # read once: a model's pk is a property
        rows = [(ws, c.ref, *_row(c)) for c in self.new]
        for case, pk in zip(self.new, insert_rows(Case, columns, rows, returning=True), strict=True):
            case.pk = pk
        changed = [c for pk, c in self.stored.items() if pk in self.claimed and _state(c) != self.as_read[pk]]
        update_rows(Case, CHANGING, [(*_row(c), c.pk) for c in changed])
        moved = [(case.pk, repeat, contact.pk) for contact, case, repeat in self.placed
                 if (case.pk, repeat) != (contact.case_id, contact.is_repeat)]  # fmt: skip
        update_rows(Interaction, ("case_id", "is_repeat"), moved)

    def retire(self, batch: list[Contact]) -> None:
        """Delete the stored cases nothing joins any more; what pointed at one follows its first contact."""
        dropped = self.whole - self.claimed
        if not dropped:
            return
        follow: dict[int, tuple[tuple, int]] = {}
        moves = [(c, c.case) for c in batch] + [(c, case) for c, case, _ in self.placed]
        for contact, case in moves:
            if contact.case_id not in dropped or case is None or case.pk is None:
                continue
            if contact.case_id not in follow or contact.order < follow[contact.case_id][0]:
                follow[contact.case_id] = (contact.order, case.pk)
        for relation in Case._meta.related_objects:
            if relation.related_model is Interaction:
                continue
            manager, column = relation.related_model._base_manager, relation.field.attname
            for old, (_, new) in follow.items():
                manager.filter(**{column: old}).update(**{column: new})
        Case.objects.of(self.workspace).filter(pk__in=dropped).delete()


def _extends_at_end(chain: Chain) -> bool:
    """The chain only adds contacts after its one stored case's last contact: nothing stored changes."""
    if any(c.stored for c in chain.contacts) or len(chain.spans) > 1:
        return False
    return not chain.spans or all(c.started_at > chain.spans[0].last_contact_at for c in chain.contacts)


def _aware(value: datetime | str | None) -> datetime | None:
    """SQLite hands raw rows back as naive UTC (text or datetime); PostgreSQL as aware datetimes."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
