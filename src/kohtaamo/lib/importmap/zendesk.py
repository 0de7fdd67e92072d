"""Zendesk's incremental export → canonical records: a ticket is a case, its public comments the transcript.

Reads the pages Zendesk's Incremental Exports API returns (developer.zendesk.com, "Incremental Exports"):
``{"tickets": […], "users": […], "end_of_stream": …}`` from ``/api/v2/incremental/tickets/cursor.json``
(``include=users`` side-loads the requesters and agents), ``{"ticket_events": […]}`` from
``/api/v2/incremental/ticket_events.json?include=comment_events`` (each audit's ``child_events`` holds its
``Comment`` events), and tickets with their ``comments`` embedded (the Ticket Comments API's objects:
``id, author_id, body, public, created_at``). One page per file, or one page per line.

The same ticket exported again later (updated, more comments) updates its interaction in place: the
comments already stored are kept by id, so a ticket page without its comments loses none of them.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

SOURCE = "zendesk"
# via.channel → Kohtaamo's channel (anything else is "other").
CHANNELS = {
    "email": "email", "web": "web", "web_form": "web", "help_center": "web", "mobile": "web", "mobile_sdk": "chat",
    "web_widget": "chat", "chat": "chat", "chat_transcript": "chat", "native_messaging": "chat", "voice": "phone",
    "phone": "phone", "voicemail": "phone", "sms": "sms", "twitter": "social", "twitter_dm": "social",
    "facebook": "social", "facebook_message": "social", "instagram_dm": "social", "whatsapp": "whatsapp",
}  # fmt: skip
SOLVED = frozenset({"solved", "closed"})
AGENT_ROLES = frozenset({"agent", "admin"})
COMMENT_IDS, NOTE_IDS, UPDATED_AT = "zendesk_comment_ids", "zendesk_note_ids", "zendesk_updated_at"


class ExportInvalid(ValueError):
    """A page or ticket that cannot be read; ``where`` names it (``tickets[3].id``)."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where} {message}")
        self.where, self.message = where, message


@dataclass
class Export:
    """What the file's pages hold, joined by id; a later version of a ticket replaces an earlier one."""

    tickets: dict[int, dict] = field(default_factory=dict)
    positions: dict[int, int] = field(default_factory=dict)  # ticket id → line of the page it came in
    users: dict[int, dict] = field(default_factory=dict)
    groups: dict[int, dict] = field(default_factory=dict)
    comments: dict[int, dict[int, dict]] = field(default_factory=dict)  # ticket id → comment id → comment
    comment_lines: dict[int, int] = field(default_factory=dict)

    def add_page(self, page: Any, line: int) -> list[ExportInvalid]:
        """Take one page's objects; returns what could not be read (the rest of the page still counts)."""
        if not isinstance(page, dict):
            return [ExportInvalid("page", "must be a JSON object with tickets, users or ticket_events")]
        if not any(key in page for key in ("tickets", "users", "ticket_events", "groups")):
            return [ExportInvalid("page", "has none of tickets, users, ticket_events (is it a Zendesk export?)")]
        problems: list[ExportInvalid] = []
        for kind, into in (("users", self.users), ("groups", self.groups)):
            for i, item in _items(page, kind, problems):
                try:
                    into[_id(item, f"{kind}[{i}]")] = item
                except ExportInvalid as invalid:
                    problems.append(invalid)
        for i, ticket in _items(page, "tickets", problems):
            try:
                self._add_ticket(ticket, f"tickets[{i}]", line)
            except ExportInvalid as invalid:
                problems.append(invalid)
        for i, audit in _items(page, "ticket_events", problems):
            try:
                ticket_id = _id(audit, f"ticket_events[{i}]", "ticket_id")
                for child in audit.get("child_events") or ():
                    if isinstance(child, dict) and child.get("event_type") == "Comment":
                        comment = {"created_at": audit.get("created_at"), **child}
                        self._add_comment(ticket_id, comment, f"ticket_events[{i}].child_events", line)
            except ExportInvalid as invalid:
                problems.append(invalid)
        return problems

    def _add_ticket(self, ticket: dict, where: str, line: int) -> None:
        ticket_id = _id(ticket, where)
        known = self.tickets.get(ticket_id)
        for comment in ticket.get("comments") or ():
            self._add_comment(ticket_id, comment, f"{where}.comments", line)
        if known is None or str(ticket.get("updated_at") or "") >= str(known.get("updated_at") or ""):
            self.tickets[ticket_id] = ticket
            self.positions[ticket_id] = line

    def _add_comment(self, ticket_id: int, comment: Any, where: str, line: int) -> None:
        if not isinstance(comment, dict):
            raise ExportInvalid(where, "must hold comment objects")
        self.comments.setdefault(ticket_id, {})[_id(comment, where)] = comment
        self.comment_lines.setdefault(ticket_id, line)

    def orphan_comments(self) -> list[int]:
        """Tickets whose comments came without the ticket itself."""
        return sorted(set(self.comments) - set(self.tickets))


def _items(page: dict, kind: str, problems: list[ExportInvalid]) -> Iterable[tuple[int, dict]]:
    items = page.get(kind)
    if items is None:
        return []
    if not isinstance(items, list):
        problems.append(ExportInvalid(kind, "must be a list"))
        return []
    good = []
    for i, item in enumerate(items):
        if isinstance(item, dict):
            good.append((i, item))
        else:
            problems.append(ExportInvalid(f"{kind}[{i}]", "must be an object"))
    return good


def _id(item: dict, where: str, key: str = "id") -> int:
    value = item.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ExportInvalid(f"{where}.{key}", "must be a positive whole number")
    return value


def is_older(ticket: dict, stored_attributes: dict) -> bool:
    """An export older than the version stored (an earlier file imported again): it must not undo the update."""
    stored = stored_attributes.get(UPDATED_AT)
    return isinstance(stored, str) and str(ticket.get("updated_at") or "") < stored


def ticket_record(
    export: Export, ticket_id: int, stored_transcript: list[dict], stored_attributes: dict
) -> dict[str, Any]:
    """The canonical record of one ticket, its comments merged with those stored by earlier imports."""
    ticket = export.tickets[ticket_id]
    requester_id = ticket.get("requester_id")
    requester = _by_id(export.users, requester_id)
    turns, notes = _turns(export, ticket_id, requester_id, stored_transcript, stored_attributes)
    via: dict = ticket["via"] if isinstance(ticket.get("via"), dict) else {}
    status = str(ticket.get("status") or "")
    record: dict[str, Any] = {
        "external_id": str(ticket_id),
        "source": SOURCE,
        "channel": CHANNELS.get(str(via.get("channel") or ""), "other"),
        "direction": _direction(export, ticket, requester_id),
        "started_at": ticket.get("created_at"),
        "ended_at": ticket.get("updated_at") if status in SOLVED else None,
        "outcome": "resolved" if status in SOLVED else "",
        "case_ref": f"zendesk-{ticket_id}",
        "transcript": [{k: turn[k] for k in ("at", "speaker", "text")} for turn in turns],
        "attributes": {
            "zendesk_status": status,
            "zendesk_subject": ticket.get("subject") or "",
            "zendesk_tags": ticket.get("tags") if isinstance(ticket.get("tags"), list) else [],
            UPDATED_AT: str(ticket.get("updated_at") or ""),
            COMMENT_IDS: [turn["id"] for turn in turns],
            NOTE_IDS: notes,
        },
    }
    if isinstance(ticket.get("assignee_id"), int):
        agent = _by_id(export.users, ticket["assignee_id"]) or {}
        record["agent"] = {"id": f"zendesk-{ticket['assignee_id']}", "name": agent.get("name")}
    group = _by_id(export.groups, ticket.get("group_id"))
    if group and group.get("name"):
        record["team"] = group["name"]
    if requester:
        record["customer"] = _customer(requester)
    return record


def _turns(
    export: Export, ticket_id: int, requester_id: Any, stored_transcript: list[dict], stored_attributes: dict
) -> tuple[list[dict], list[int]]:
    """Public comments as turns in time order (stored ones kept by id), and the ids of internal notes."""
    ids = _listed(stored_attributes, COMMENT_IDS)
    turns = {i: {**t, "id": i} for i, t in zip(ids, stored_transcript, strict=False) if isinstance(t, dict)}
    notes = set(_listed(stored_attributes, NOTE_IDS))
    for comment_id, comment in export.comments.get(ticket_id, {}).items():
        if comment.get("public") is False:
            notes.add(comment_id)
            turns.pop(comment_id, None)  # made private since the last import
            continue
        author = _by_id(export.users, comment.get("author_id"))
        is_agent = (author or {}).get("role") in AGENT_ROLES if author else comment.get("author_id") != requester_id
        text = comment.get("plain_body") or comment.get("body") or ""
        turns[comment_id] = {
            "id": comment_id,
            "at": comment.get("created_at"),
            "speaker": "agent" if is_agent else "customer",
            "text": text if isinstance(text, str) else "",
        }
    ordered = sorted(turns.values(), key=lambda t: (str(t.get("at") or ""), t["id"]))
    return ordered, sorted(n for n in notes if isinstance(n, int))


def _by_id(objects: dict[int, dict], value: Any) -> dict | None:
    return objects.get(value) if isinstance(value, int) else None


def _listed(attributes: dict, key: str) -> list:
    value = attributes.get(key)
    return value if isinstance(value, list) else []


def _direction(export: Export, ticket: dict, requester_id: Any) -> str:
    """Outbound when an agent opened the ticket for the customer (a proactive email, a call back)."""
    submitter_id = ticket.get("submitter_id")
    submitter = _by_id(export.users, submitter_id)
    opened_by_agent = submitter is not None and submitter.get("role") in AGENT_ROLES
    return "outbound" if opened_by_agent and submitter_id != requester_id else "inbound"


def _customer(user: dict) -> dict[str, Any]:
    locale = str(user.get("locale") or "")
    customer = {
        "email": user.get("email"),
        "phone": user.get("phone"),
        "name": user.get("name"),
        "external_id": user.get("external_id"),
        "language": locale.split("-")[0][:8] if locale else None,
    }
    return {k: v for k, v in customer.items() if v not in (None, "")}
