"""Notifications in Meta's documented format, for the demo, the benchmark and the tests.

The same shape Meta posts (``messages`` webhook reference): building them here, once, means the demo's
WhatsApp conversation and the benchmark's load travel the connector's real code path.
"""

import json
from dataclasses import dataclass
from datetime import datetime

from kohtaamo.lib.signatures import sha256_signature

from .payload import OBJECT


@dataclass(frozen=True)
class SentMessage:
    """A customer's text message as Meta reports it."""

    wa_id: str
    name: str
    message_id: str
    at: datetime
    text: str


def notification_build(messages: list[SentMessage], *, phone_number_id: str = "106540352242922",
                       display_phone_number: str = "358401234567") -> dict:  # fmt: skip
    """One notification carrying ``messages`` (Meta batches up to a thousand per delivery)."""
    contacts = {m.wa_id: m.name for m in messages}
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": display_phone_number, "phone_number_id": phone_number_id},
        "contacts": [{"profile": {"name": name}, "wa_id": wa_id} for wa_id, name in contacts.items()],
        "messages": [
            {
                "from": m.wa_id,
                "id": m.message_id,
                "timestamp": str(int(m.at.timestamp())),
                "type": "text",
                "text": {"body": m.text},
            }
            for m in messages
        ],  # fmt: skip
    }
    return {"object": OBJECT, "entry": [{"id": "102290129340398", "changes": [{"value": value, "field": "messages"}]}]}


def signed(notification: dict, app_secret: str) -> tuple[bytes, str]:
    """The body as Meta sends it and its ``X-Hub-Signature-256`` header value."""
    body = json.dumps(notification, ensure_ascii=False).encode()
    return body, sha256_signature(app_secret, body)
