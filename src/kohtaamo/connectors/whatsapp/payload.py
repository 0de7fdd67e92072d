"""Meta's ``messages`` webhook as conversation updates (no database here).

The documented shape: ``{"object": "whatsapp_business_account", "entry": [{"id", "changes": [{"field":
"messages", "value": {"metadata": {"display_phone_number", "phone_number_id"}, "contacts": [{"profile":
{"name"}, "wa_id"}], "messages": [{"from", "id", "timestamp", "type", <type>: {...}}], "statuses":
[...]}}]}]}``. A message that cannot be read is counted as rejected with its reason; it never costs the
other messages of the delivery.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from kohtaamo.lib.wellformed import text_problem

from ..updates import CUSTOMER, ConversationUpdate, Turn

OBJECT = "whatsapp_business_account"
MAX_ID = 200
# Unix seconds this side of 2001 and 2100: anything else is not a real message time.
EARLIEST, LATEST = 1_000_000_000, 4_102_444_800


class NotificationInvalid(ValueError):
    """The body is not a WhatsApp Business notification at all."""


@dataclass
class Notification:
    updates: list[ConversationUpdate] = field(default_factory=list)
    statuses: int = 0
    ignored: int = 0
    rejected: list[dict[str, str]] = field(default_factory=list)


def notification_parse(payload: object, *, phone_number_id: str = "") -> Notification:
    """The messages of a notification, one update per message; ``phone_number_id`` keeps only that number's."""
    if not isinstance(payload, dict) or payload.get("object") != OBJECT:
        raise NotificationInvalid(f"object must be {OBJECT!r}")
    entries = payload.get("entry")
    if not isinstance(entries, list):
        raise NotificationInvalid("entry must be a list")
    found = Notification()
    for entry in entries:
        for change in (entry.get("changes") if isinstance(entry, dict) else None) or []:
            value = change.get("value") if isinstance(change, dict) else None
            if not isinstance(value, dict):
                found.ignored += 1
                continue
            _change(value, phone_number_id, found)
    return found


def _change(value: dict, only_number: str, found: Notification) -> None:
    metadata = value.get("metadata") if isinstance(value.get("metadata"), dict) else {}
    number = _text(metadata.get("phone_number_id"))
    if only_number and number != only_number:
        found.ignored += len(_list(value, "messages")) + len(_list(value, "statuses"))
        return
    # Delivery and read receipts of what the business sent: acknowledged, not a customer's words.
    found.statuses += len(_list(value, "statuses"))
    names = {
        _text(c.get("wa_id")): _text((c.get("profile") or {}).get("name") if isinstance(c.get("profile"), dict) else "")
        for c in _list(value, "contacts")
        if isinstance(c, dict)
    }
    business = _text(metadata.get("display_phone_number"))
    for index, message in enumerate(_list(value, "messages")):
        try:
            found.updates.append(_update(message, number, business, names))
        except ValueError as error:
            message_id = _text(message.get("id")) if isinstance(message, dict) else ""
            found.rejected.append({"message": f"messages[{index}]", "id": message_id, "error": str(error)})


def _update(message: object, number: str, business: str, names: dict[str, str]) -> ConversationUpdate:
    if not isinstance(message, dict):
        raise ValueError("must be an object")
    message_id = _text(message.get("id"))
    wa_id = _text(message.get("from"))
    if not message_id or len(message_id) > MAX_ID:
        raise ValueError("id is required (at most 200 characters)")
    if not wa_id.isdigit() or not 6 <= len(wa_id) <= 15:
        raise ValueError("from must be a wa_id: the phone number's 6–15 digits")
    stamp = _text(message.get("timestamp"))
    if not stamp.isdigit() or not EARLIEST <= int(stamp) <= LATEST:
        raise ValueError("timestamp must be Unix seconds")
    at = datetime.fromtimestamp(int(stamp), tz=UTC)
    customer = {"phone": f"+{wa_id}", "handle": f"whatsapp:+{wa_id}"}
    if names.get(wa_id):
        customer["name"] = names[wa_id][:200]
    return ConversationUpdate(
        contact=wa_id,
        customer=customer,
        turns=[Turn(message_id, at, CUSTOMER, message_text(message))],
        key_prefix=f"{number}:" if number else "",
        facts={"channel": "whatsapp", "attributes": {"whatsapp_number": business}} if business else {},
    )


def message_text(message: dict) -> str:
    """What the customer sent, as a transcript line: the text itself, or what kind of thing it was."""
    kind = _text(message.get("type")) or "unknown"
    body = message.get(kind) if isinstance(message.get(kind), dict) else {}
    if kind == "text":
        text = _text(body.get("body"))
    elif kind in {"image", "video", "audio", "document", "sticker"}:
        detail = _text(body.get("caption")) or _text(body.get("filename"))
        text = f"[{kind}] {detail}".strip()
    elif kind == "location":
        place = ", ".join(p for p in (_text(body.get("name")), _text(body.get("address"))) if p)
        text = f"[location] {place or f'{body.get("latitude")}, {body.get("longitude")}'}"
    elif kind == "interactive":
        reply = body.get("button_reply") or body.get("list_reply") or {}
        text = _text(reply.get("title")) if isinstance(reply, dict) else ""
    elif kind == "button":
        text = _text(body.get("text"))
    elif kind == "reaction":
        text = f"[reaction] {_text(body.get('emoji'))}".strip()
    else:
        text = f"[{kind}]"
    return text or f"[{kind}]"


def _list(value: dict, name: str) -> list:
    items = value.get(name)
    return items if isinstance(items, list) else []


def _text(value: object) -> str:
    """A string field as text; anything else (or a malformed string) as nothing."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or text_problem(value):
        return ""
    return value.strip()
