"""The case continuity rule, as pure decisions over contacts (no queries here).

A customer's contacts on one contact reason form a chain while each follows the one before within the
window (default 7 days); a longer gap starts the next case. Every contact of a case after its first is a
repeat contact. Because a case is a function of the *set* of contacts and not of the order they came
in, a late contact that falls between two cases joins them into one, and the outcome of an import is
the same sorted, reversed, shuffled, one by one or from parallel clients.

The status follows the contacts in time order: a resolved contact resolves the case (when it ended), a
contact that starts after the case was resolved reopens it.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

OPEN, RESOLVED = "open", "resolved"


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

    def copy(self) -> "CaseState":
        return CaseState(
            self.pk, self.customer_id, self.ref, self.contact_reason, self.status,
            self.opened_at, self.last_contact_at, self.resolved_at,
        )  # fmt: skip


@dataclass(slots=True, eq=False)
class Contact:
    """One interaction as case threading sees it: a record of this batch, or a stored interaction."""

    source: str
    external_id: str
    started_at: datetime
    ended_at: datetime | None
    outcome: str
    customer_id: int | None
    reason: str
    ref: str | None
    pk: int | None = None  # the stored interaction (None: created by this batch)
    case_id: int | None = None  # the case it is stored in (before this batch)
    is_repeat: bool = False  # as stored
    stored: bool = False  # read from the database only to be threaded again (not in the batch)
    case: CaseState | None = None  # decided: the case it belongs to

    @property
    def order(self) -> tuple:
        """Time order, with a tie-break that no arrival order changes."""
        return (self.started_at, self.source, self.external_id)


@dataclass(slots=True, eq=False)
class Chain:
    """Contacts that belong to one case, and the stored cases the chain swallowed (summarised)."""

    contacts: list[Contact] = field(default_factory=list)
    spans: list[CaseState] = field(default_factory=list)
    end: datetime | None = None


def group_of(contact: Contact) -> tuple | None:
    """Which contacts are threaded together: one case_ref; one customer's reason; or the contact alone."""
    if contact.ref:
        return ("ref", contact.ref)
    if contact.customer_id is None:
        return None  # an anonymous contact has no case
    if not contact.reason:
        return ("own", contact.source, contact.external_id)  # joining unrelated contacts inflates repeats
    return ("reason", contact.customer_id, contact.reason)


def chains(contacts: Iterable[Contact], spans: Iterable[CaseState], window: timedelta) -> list[Chain]:
    """Split one customer's contacts on one reason into cases at every gap longer than ``window``.

    ``spans`` are stored cases whose contacts were not read: a case's contacts are within the window of
    each other, so it joins a neighbour exactly when its first-to-last interval comes within the window.
    """
    nodes = [(c.started_at, c.started_at, 1, c.order, c) for c in contacts]
    nodes += [(s.opened_at, s.last_contact_at, 0, (s.pk or 0,), s) for s in spans]
    nodes.sort(key=lambda node: node[:4])
    out: list[Chain] = []
    for start, end, is_contact, _, item in nodes:
        if not out or out[-1].end is None or start > out[-1].end + window:
            out.append(Chain(end=end))
        chain = out[-1]
        chain.end = max(chain.end, end) if chain.end else end
        if is_contact:
            chain.contacts.append(item)  # type: ignore[arg-type]
        else:
            chain.spans.append(item)  # type: ignore[arg-type]
    return out


def fold(case: CaseState, contacts: list[Contact]) -> None:
    """Apply ``contacts`` (in time order, none before the case's last contact but the first) to the case."""
    for contact in contacts:
        case.opened_at = min(case.opened_at, contact.started_at)
        case.last_contact_at = max(case.last_contact_at, contact.started_at)
        if contact.outcome == RESOLVED:
            done = contact.ended_at or contact.started_at
            if case.resolved_at is None or done > case.resolved_at:
                case.status, case.resolved_at = RESOLVED, done
        elif case.resolved_at is not None and contact.started_at > case.resolved_at:
            case.status, case.resolved_at = OPEN, None


def settle(case: CaseState, contacts: list[Contact]) -> None:
    """Recompute the case from all its contacts (sorted in place): dates, status, who and why."""
    contacts.sort(key=lambda c: c.order)
    first = contacts[0]
    case.opened_at = case.last_contact_at = first.started_at
    case.status, case.resolved_at = OPEN, None
    fold(case, contacts)
    if case.ref:  # a linked case's customer and reason are its first contact's that says them
        case.customer_id = next((c.customer_id for c in contacts if c.customer_id is not None), None)
        case.contact_reason = next((c.reason for c in contacts if c.reason), "")
