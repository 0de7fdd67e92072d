"""Shaping audit events for the page and its CSV and JSON Lines downloads."""

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from .models import AuditEvent

COLUMNS = ["at", "actor", "action", "object_type", "object_id", "client_address", "detail"]


def audit_row(event: AuditEvent) -> dict[str, Any]:
    """One event as plain values: the same keys in CSV, JSON Lines and `kohtaamo audit export`."""
    return {
        "at": event.at.isoformat(),
        "actor": event.actor_label,
        "user_id": event.user_id,
        "token_id": event.token_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "client_address": event.client_address,
        "detail": event.detail,
    }


def audit_jsonl(events: Iterable[AuditEvent]) -> Iterator[str]:
    for event in events:
        yield json.dumps(audit_row(event), ensure_ascii=False) + "\n"


def _cell(value: object) -> str:
    if isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = "" if value is None else str(value)
    # A spreadsheet would run a cell starting with = + - @ as a formula.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def audit_csv(events: Iterable[AuditEvent]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for event in events:
        row = audit_row(event)
        writer.writerow([_cell(row[c]) for c in COLUMNS])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()
