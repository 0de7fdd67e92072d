"""Chatwoot's webhook events as conversation updates (no database here).

Chatwoot posts ``{"event": …, **object}``: a conversation (``id``, ``account_id``, ``inbox_id``,
``channel`` such as ``Channel::WebWidget``, ``status``, ``created_at``, ``meta.sender`` the contact with
``email`` and ``phone_number``, ``meta.assignee`` the agent, ``messages``) for ``conversation_created`` and
``conversation_status_changed``; a message (``id``, ``content``, ``created_at``, ``message_type``
``incoming``/``outgoing``, ``private``, ``sender``, ``conversation``, ``account``, ``inbox``) for
``message_created``. Incoming messages are the customer's turns, outgoing ones the agent's; private notes
and activity lines ("Conversation was resolved") are not part of what was said.
"""

from datetime import UTC, datetime

from kohtaamo.lib.wellformed import text_problem

from ..updates import AGENT, CUSTOMER, ConversationUpdate, Turn

EVENTS = ("conversation_created", "message_created", "conversation_status_changed", "conversation_updated")
SPEAKERS = {"incoming": CUSTOMER, "outgoing": AGENT, 0: CUSTOMER, 1: AGENT}
CHANNELS = {
    "Channel::WebWidget": "chat",
    "Channel::Api": "chat",
    "Channel::Email": "email",
    "Channel::Whatsapp": "whatsapp",
    "Channel::Sms": "sms",
    "Channel::TwilioSms": "sms",
    "Channel::FacebookPage": "social",
    "Channel::Instagram": "social",
    "Channel::Twitter": "social",
    "Channel::Telegram": "social",
    "Channel::Line": "social",
    "Channel::Voice": "phone",
}


class EventInvalid(ValueError):
    """Not a Chatwoot event we can read; the message names the field."""


def event_parse(payload: object) -> ConversationUpdate | None:
    """The event as an update of its conversation; None for an event that says nothing about one."""
    if not isinstance(payload, dict):
        raise EventInvalid("the body must be a JSON object")
    event = payload.get("event")
    if event not in EVENTS:
        return None
    if event == "message_created":
        conversation = payload.get("conversation")
        if not isinstance(conversation, dict):
            raise EventInvalid("conversation must be an object")
        update = _conversation(conversation, _account(payload, conversation))
        turn = _turn(payload)
        if turn is not None:
            update.turns.append(turn)
        inbox = payload.get("inbox") if isinstance(payload.get("inbox"), dict) else {}
        if _text(inbox.get("name")):
            update.facts["queue"] = _text(inbox.get("name"))[:200]
        return update
    update = _conversation(payload, _account(payload, payload))
    for message in payload.get("messages") if isinstance(payload.get("messages"), list) else []:
        if isinstance(message, dict) and (turn := _turn(message)) is not None:
            update.turns.append(turn)
    return update


def _account(payload: dict, conversation: dict) -> str:
    account = payload.get("account") if isinstance(payload.get("account"), dict) else {}
    value = _text(account.get("id")) or _text(conversation.get("account_id"))
    if not value:
        raise EventInvalid("account.id is required")
    return value


def _conversation(conversation: dict, account: str) -> ConversationUpdate:
    number = _text(conversation.get("id"))
    if not number:
        raise EventInvalid("conversation.id is required")
    meta = conversation.get("meta") if isinstance(conversation.get("meta"), dict) else {}
    sender = meta.get("sender") if isinstance(meta.get("sender"), dict) else {}
    customer = {
        "email": _text(sender.get("email"))[:320],
        "phone": _text(sender.get("phone_number"))[:40],
        "name": _text(sender.get("name"))[:200],
    }
    facts: dict = {"case_ref": f"chatwoot:{account}:{number}",
                   "attributes": {"chatwoot_conversation": f"{account}:{number}"}}  # fmt: skip
    channel = CHANNELS.get(_text(conversation.get("channel")))
    if channel:
        facts["channel"] = channel
    status = _text(conversation.get("status"))
    if status:
        facts["outcome"] = "resolved" if status == "resolved" else ""
    assignee = meta.get("assignee") if isinstance(meta.get("assignee"), dict) else {}
    if _text(assignee.get("name")) or _text(assignee.get("email")):
        facts["agent"] = {"id": (_text(assignee.get("email")) or _text(assignee.get("id")))[:200],
                          "name": _text(assignee.get("name"))[:200]}  # fmt: skip
    return ConversationUpdate(
        contact=_text(sender.get("id")) or f"conversation:{number}",
        customer={k: v for k, v in customer.items() if v},
        key=f"{account}:{number}",
        started_at=_moment(conversation.get("created_at")),
        facts=facts,
    )


def _turn(message: dict) -> Turn | None:
    speaker = SPEAKERS.get(message.get("message_type"))  # type: ignore[call-overload]
    if speaker is None or message.get("private") is True:
        return None
    message_id = _text(message.get("id"))
    at = _moment(message.get("created_at"))
    if not message_id or at is None:
        raise EventInvalid("a message needs its id and created_at")
    text = _text(message.get("content"))
    attachments = message.get("attachments") if isinstance(message.get("attachments"), list) else []
    if not text and attachments:
        text = f"[{len(attachments)} attachment(s)]"
    return Turn(f"message:{message_id}", at, speaker, text)


def _moment(value: object) -> datetime | None:
    """Chatwoot's times: Unix seconds, ISO 8601 or ``2020-03-03 13:05:57 UTC``."""
    if isinstance(value, int | float) and not isinstance(value, bool) and 1e9 <= value <= 4.2e9:
        return datetime.fromtimestamp(value, tz=UTC)
    text = _text(value)
    if not text:
        return None
    if text.endswith(" UTC"):
        text = text.removesuffix(" UTC") + "+00:00"
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise EventInvalid(f"created_at is not a time: {text[:40]!r}") from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def _text(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or text_problem(value):
        return ""
    return value.strip()
