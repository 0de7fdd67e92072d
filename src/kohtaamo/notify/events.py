"""What an integration event looks like on the wire, how it is signed, and what a chat alert says.

Pure: no queries. The outbox stores an event's envelope in ``Delivery.payload`` and sends ``body(payload)``
as the request body, signed like Stripe's webhooks: the header ``Kohtaamo-Signature: t=<unix time>,v1=<hex>``
where ``hex`` is HMAC-SHA256 with the subscription's secret over ``"<t>.<body>"``. Signing the time with the
body lets a receiver refuse an old request replayed by someone who recorded it (docs/api.md, "Verifying a
webhook").
"""

import hashlib
import hmac
import json
import secrets
from datetime import datetime

from django.utils.translation import gettext as _

from .wording import Message

SIGNATURE_HEADER = "Kohtaamo-Signature"
EVENT_HEADER = "Kohtaamo-Event"
TOLERANCE_SECONDS = 300  # what docs/api.md advises a receiver to accept


def new_secret() -> str:
    """A signing secret (shown once to the person who makes the subscription)."""
    return f"whsec_{secrets.token_urlsafe(32)}"


def new_event_id() -> str:
    return f"evt_{secrets.token_hex(12)}"


def envelope(*, event_id: str, event: str, workspace: str, created_at: datetime, data: dict) -> dict:
    return {"id": event_id, "type": event, "created_at": created_at.isoformat(), "workspace": workspace, "data": data}


def body(payload: dict) -> str:
    """The exact text that is sent and signed: compact JSON, keys in a fixed order."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def signature(secret: str, timestamp: int, text: str) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.{text}".encode(), hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def signature_valid(secret: str, header: str, text: str, *, now: int, tolerance: int = TOLERANCE_SECONDS) -> bool:
    """A receiver's check, used by the tests and shown in docs/api.md: a v1 that matches, a time that is recent."""
    parts = [p.split("=", 1) for p in header.split(",") if "=" in p]
    stamps = [v for k, v in parts if k == "t"]
    if len(stamps) != 1 or not stamps[0].isdigit() or abs(now - int(stamps[0])) > tolerance:
        return False
    expected = signature(secret, int(stamps[0]), text).split("v1=", 1)[1]
    return any(k == "v1" and hmac.compare_digest(v, expected) for k, v in parts)


def alert_text(payload: dict) -> tuple[str, str]:
    """(title, text) of a Slack or Teams alert: what happened and where to look, no more personal data."""
    data = payload.get("data") or {}
    if payload.get("type") == "detractor.created":
        title = _("Detractor: score %(score)s") % {"score": data.get("score", "?")}
        text = _("Survey %(survey)s, customer %(customer)s. %(comment)s") % {
            "survey": data.get("survey", ""),
            "customer": data.get("customer_id") or "-",
            "comment": (data.get("comment") or "")[:300],
        }
    elif payload.get("type") == "followup.overdue":
        title = _("Follow-up overdue")
        text = _("Follow-up %(id)s was due %(due)s and is still open.") % {
            "id": data.get("id", "?"),
            "due": data.get("due_at", ""),
        }
    else:
        title, text = str(payload.get("type", "")), ""
    return title, f"{text} {data.get('url', '')}".strip()


def event_message(payload: dict, *, alert: bool) -> Message:
    """The outbox's message for an event: the signed JSON, or (``alert``) a short text for a chat channel."""
    if alert:
        title, text = alert_text(payload)
        return Message(subject=title, body=text, sms=text, fields={})
    return Message(subject=str(payload.get("type", "")), body=body(payload), sms="", fields={})
