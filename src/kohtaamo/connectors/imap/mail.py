"""One email as Kohtaamo keeps it (no database here): who sent it, its thread, its text, its attachments.

The text part is kept; a message with only HTML gets the HTML reduced to text (scripts and styles
dropped, blocks on lines of their own, nothing of the markup kept). Attachments are recorded by name
and size only, never stored.
"""

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser

MAX_TEXT = 20_000
MESSAGE_ID = re.compile(r"<[^<>\s]{1,196}>")
BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "ul", "ol"}


@dataclass
class Email:
    message_id: str
    thread_ids: list[str]
    sender: str
    sender_name: str
    recipients: list[str]
    subject: str
    sent_at: datetime | None
    text: str
    attachments: list[dict[str, object]] = field(default_factory=list)


def email_parse(raw: bytes) -> Email:
    """The parts of a raw RFC 5322 message Kohtaamo keeps; never raises on a malformed message."""
    message = message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    name, sender = _first_address(message, "from")
    recipients = [a for _, a in _addresses(message, "to") + _addresses(message, "cc") if a]
    own = _ids(_header(message, "message-id"))
    return Email(
        message_id=own[0] if own else "<sha256." + hashlib.sha256(raw).hexdigest()[:40] + "@kohtaamo>",
        thread_ids=_ids(_header(message, "references")) + _ids(_header(message, "in-reply-to")),
        sender=sender,
        sender_name=name,
        recipients=recipients,
        subject=_header(message, "subject")[:500],
        sent_at=_date(_header(message, "date")),
        text=_text_of(message)[:MAX_TEXT],
        attachments=_attachments(message),
    )


def _header(message: EmailMessage, name: str) -> str:
    try:
        value = message.get(name)
    except (ValueError, IndexError, AttributeError):  # a header the parser cannot make sense of
        return ""
    return " ".join(str(value or "").split())


def _ids(value: str) -> list[str]:
    return MESSAGE_ID.findall(value)


def _addresses(message: EmailMessage, name: str) -> list[tuple[str, str]]:
    return [(n.strip(), a.strip().lower()) for n, a in getaddresses([_header(message, name)]) if "@" in a]


def _first_address(message: EmailMessage, name: str) -> tuple[str, str]:
    found = _addresses(message, name)
    return found[0] if found else ("", "")


def _date(value: str) -> datetime | None:
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def _text_of(message: EmailMessage) -> str:
    try:
        part = message.get_body(preferencelist=("plain", "html"))
        content = part.get_content() if part is not None else ""
    except (LookupError, ValueError, AttributeError):  # an unknown charset, a broken part
        return ""
    if not isinstance(content, str):
        return ""
    text = html_to_text(content) if part is not None and part.get_content_subtype() == "html" else content
    return text.replace("\x00", "").strip()


def _attachments(message: EmailMessage) -> list[dict[str, object]]:
    found = []
    for part in message.iter_attachments():
        payload = part.get_payload(decode=True)
        name = part.get_filename() or part.get_content_type()
        found.append({"name": str(name)[:200], "size": len(payload) if isinstance(payload, bytes) else 0})
    return found


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in {"script", "style", "head", "title"}:
            self.hidden += 1
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "head", "title"}:
            self.hidden = max(0, self.hidden - 1)
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The words of an HTML body, one block a line; the markup (and any script) is gone."""
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)
