"""Parse and validate canonical interaction records (JSON objects or flat CSV rows).

No database access here: a record either becomes an :class:`InteractionRecord` or a list of
:class:`FieldError` naming the field and the reason, so one bad row never costs the good ones.
"""

import hashlib
import json
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from operator import attrgetter
from typing import Any

from kohtaamo.lib.canonical import canonical_json
from kohtaamo.lib.identity import normalise_email, normalise_external_id, normalise_handle, normalise_phone
from kohtaamo.lib.text.pii import Redactor
from kohtaamo.lib.wellformed import clean_json, text_problem
from kohtaamo.lib.years import YEARS, in_our_years
from kohtaamo.timeline.channels import CHANNEL_ALIASES, CHANNELS
from kohtaamo.timeline.redaction import redact_interaction_data

DIRECTIONS = frozenset({"inbound", "outbound"})
MAX_TEXT = 200
CUSTOMER_FIELDS = ("external_id", "email", "phone", "handle", "name", "language", "postal_code")


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    message: str


class RecordInvalid(Exception):
    def __init__(self, errors: list[FieldError], external_id: str = "") -> None:
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = errors
        self.external_id = external_id

    def __reduce__(self) -> tuple[type, tuple[list[FieldError], str]]:
        return (RecordInvalid, (self.errors, self.external_id))


@dataclass(slots=True)
class CustomerRef:
    external_id: str | None = None
    email: str | None = None
    phone: str | None = None
    handle: str | None = None
    name: str = ""
    language: str = ""
    postal_code: str = ""
    attributes: dict = field(default_factory=dict)

    def __reduce__(self) -> tuple[type, tuple]:
        return (CustomerRef, _CUSTOMER_VALUES(self))

    def identifiers(self) -> list[tuple[str, str]]:
        """(kind, normalised value) pairs, strongest first: an external id outranks an email."""
        pairs = [("external_id", self.external_id), ("email", self.email), ("phone", self.phone)]
        pairs.append(("handle", self.handle))
        return [(kind, value) for kind, value in pairs if value]


@dataclass(slots=True)
class InteractionRecord:
    external_id: str
    source: str
    channel: str
    direction: str
    started_at: datetime
    answered_at: datetime | None
    ended_at: datetime | None
    queue: str | None
    agent: str | None
    agent_name: str | None
    team: str | None
    customer: CustomerRef | None
    case_ref: str | None
    contact_reason: str
    outcome: str
    abandoned: bool
    wait_seconds: float | None
    handle_seconds: float | None
    wrap_seconds: float | None
    transcript: list[dict]
    recording_url: str
    attributes: dict
    content_hash: str
    # The kinds of personal data masked in its free text; None when it was parsed without redaction.
    redacted_kinds: tuple[str, ...] | None = None

    def __reduce__(self) -> tuple[type, tuple]:
        return (InteractionRecord, _RECORD_VALUES(self))


# Records travel from a file's parse workers to the writer pickled. The default pickle of a slots
# dataclass names every field and sets them one by one; the values in order, given to the constructor,
# take about half the time at both ends.
_CUSTOMER_VALUES = attrgetter(*(f.name for f in fields(CustomerRef)))
_RECORD_VALUES = attrgetter(*(f.name for f in fields(InteractionRecord)))


def flatten_csv_row(row: dict[str, str]) -> dict[str, Any]:
    """Turn flat CSV columns (``customer_email``, ``attr_x``, JSON ``transcript``) into a canonical record."""
    record: dict[str, Any] = {}
    customer: dict[str, Any] = {}
    for column, raw in row.items():
        if column is None:
            raise RecordInvalid([FieldError("row", "has more cells than the header has columns")])
        key = column.strip()
        value = raw.strip() if isinstance(raw, str) else raw
        if value in ("", None):
            continue
        if key.startswith("customer_attr_"):
            customer.setdefault("attributes", {})[key.removeprefix("customer_attr_")] = value
        elif key.startswith("customer_") and key.removeprefix("customer_") in CUSTOMER_FIELDS:
            customer[key.removeprefix("customer_")] = value
        elif key.startswith("attr_"):
            record.setdefault("attributes", {})[key.removeprefix("attr_")] = value
        elif key in ("transcript", "attributes", "customer_attributes"):
            try:
                parsed = json.loads(value)
            except json.JSONDecodeError as exc:
                raise RecordInvalid([FieldError(key, f"is not valid JSON ({exc.msg})")]) from None
            except (ValueError, RecursionError):  # a 4,300-digit integer, nesting thousands deep
                raise RecordInvalid([FieldError(key, "is JSON too large or too deep to read")]) from None
            if key == "customer_attributes":
                customer.setdefault("attributes", {}).update(parsed if isinstance(parsed, dict) else {})
            else:
                record[key] = parsed
        else:
            record[key] = value
    if customer:
        record["customer"] = customer
    return record


def text_field(data: dict, key: str, errors: list[FieldError], *, limit: int = MAX_TEXT) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if type(value) is not str:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            errors.append(FieldError(key, "must be a string"))
            return ""
        value = str(value)
    value = value.strip()
    if len(value) > limit:
        errors.append(FieldError(key, f"is longer than {limit} characters"))
    return value


def parse_timestamp(value: Any, name: str, errors: list[FieldError], *, required: bool = False) -> datetime | None:
    if value in (None, ""):
        if required:
            errors.append(FieldError(name, "is required"))
        return None
    if not isinstance(value, str):
        errors.append(FieldError(name, "must be an ISO 8601 string with a UTC offset"))
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        errors.append(FieldError(name, f"is not an ISO 8601 timestamp: {value[:40]!r}"))
        return None
    if moment.tzinfo is None:
        errors.append(FieldError(name, "needs a UTC offset, e.g. 2026-03-01T09:30:00+02:00"))
        return None
    if not in_our_years(moment):  # 0001-01-01T00:00:00+05:00 has no UTC time: OverflowError, the batch lost
        errors.append(FieldError(name, f"must be in the years {YEARS}"))
        return None
    return moment.astimezone(UTC)


def _seconds(data: dict, key: str, errors: list[FieldError]) -> float | None:
    value = data.get(key)
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: an integer beyond any float
        errors.append(FieldError(key, "must be a number of seconds"))
        return None
    if number < 0 or number != number or number > 30 * 86400:
        errors.append(FieldError(key, "must be between 0 and 2,592,000 seconds"))
        return None
    return number


def customer_ref(data: Any, region: str, junk: frozenset[str], errors: list[FieldError]) -> CustomerRef | None:
    if data in (None, {}):
        return None
    if not isinstance(data, dict):
        errors.append(FieldError("customer", "must be an object"))
        return None
    sub: list[FieldError] = []
    ref = CustomerRef(
        external_id=normalise_external_id(text_field(data, "external_id", sub), junk),
        email=normalise_email(text_field(data, "email", sub, limit=320), junk),
        phone=normalise_phone(text_field(data, "phone", sub, limit=40), region, junk),
        handle=normalise_handle(text_field(data, "handle", sub), junk),
        name=text_field(data, "name", sub),
        language=text_field(data, "language", sub, limit=8).lower(),
        postal_code=text_field(data, "postal_code", sub, limit=16),
    )
    if ref.phone is None and ref.handle and ref.handle.startswith("whatsapp:"):
        # A WhatsApp handle is a phone number: the same person who calls from it.
        ref.phone = ref.handle.removeprefix("whatsapp:")
    attributes = data.get("attributes") or {}
    if not isinstance(attributes, dict):
        sub.append(FieldError("attributes", "must be an object"))
    else:
        ref.attributes = attributes
    errors.extend(FieldError(f"customer.{e.field}", e.message) for e in sub)
    return ref


def _transcript(value: Any, errors: list[FieldError]) -> list[dict]:
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        errors.append(FieldError("transcript", "must be a list of {at, speaker, text}"))
        return []
    lines = []
    for i, line in enumerate(value):
        if not isinstance(line, dict) or not isinstance(line.get("text"), str):
            errors.append(FieldError(f"transcript[{i}]", "needs a text string"))
            continue
        at = line.get("at")
        if at is not None and not isinstance(at, str | int | float):
            errors.append(FieldError(f"transcript[{i}].at", "must be a timestamp or seconds from the start"))
            continue
        lines.append({"at": at, "speaker": str(line.get("speaker") or "")[:50], "text": line["text"][:20000]})
    return lines


def well_formed(data: Any, *, text_checked: bool = False) -> dict:
    """The record with every text in NFC; raises :class:`RecordInvalid` naming each malformed text.

    Checked before any field is read, so no lone surrogate or NUL reaches a column, a JSON attribute
    or a transcript (``lib.wellformed`` says why each is refused). ``text_checked``: the record was
    decoded from a JSON text that ``lib.wellformed.loads_checked`` passed, so there is nothing to walk.
    """
    if not isinstance(data, dict):
        raise RecordInvalid([FieldError("record", "must be a JSON object")])
    if text_checked:
        return data
    cleaned, problems = clean_json(data)
    if problems:
        external_id = data.get("external_id")
        shown = external_id if isinstance(external_id, str) and not text_problem(external_id) else ""
        raise RecordInvalid([FieldError(path, reason) for path, reason in problems], shown.strip()[:MAX_TEXT])
    return cleaned


def record_start(data: Any, *, text_checked: bool = False) -> tuple[list[FieldError], str, dict]:
    """Every imported record is a well-formed object with a required ``external_id``.

    Returns the errors so far, the id and the record in NFC (read the fields from that one).
    """
    data = well_formed(data, text_checked=text_checked)
    errors: list[FieldError] = []
    external_id = text_field(data, "external_id", errors)
    if not external_id:
        errors.append(FieldError("external_id", "is required"))
    return errors, external_id, data


def parse_record(
    data: Any,
    *,
    region: str = "FI",
    junk: frozenset[str] = frozenset(),
    default_source: str = "default",
    redactor: Redactor | None = None,
    text_checked: bool = False,
) -> InteractionRecord:
    """Validate one canonical record; raises :class:`RecordInvalid` listing every problem found.

    With a ``redactor`` (the workspace masks personal data) the free texts are masked first, so the
    record, its content hash and anything stored from it hold only the masked text. ``text_checked``
    as for :func:`well_formed`.
    """
    errors, external_id, data = record_start(data, text_checked=text_checked)
    kinds: tuple[str, ...] | None = None
    if redactor is not None:
        data, kinds = redact_interaction_data(data, redactor)
    channel = text_field(data, "channel", errors).lower()
    channel = CHANNEL_ALIASES.get(channel, channel)
    if not channel:
        errors.append(FieldError("channel", "is required"))
    elif channel not in CHANNELS:
        errors.append(FieldError("channel", f"must be one of {', '.join(sorted(CHANNELS))}"))
    direction = text_field(data, "direction", errors).lower() or "inbound"
    if direction not in DIRECTIONS:
        errors.append(FieldError("direction", "must be inbound or outbound"))
    started_at = parse_timestamp(data.get("started_at"), "started_at", errors, required=True)
    answered_at = parse_timestamp(data.get("answered_at"), "answered_at", errors)
    ended_at = parse_timestamp(data.get("ended_at"), "ended_at", errors)
    if started_at and ended_at and ended_at < started_at:
        errors.append(FieldError("ended_at", "is before started_at"))
    if started_at and answered_at and answered_at < started_at:
        errors.append(FieldError("answered_at", "is before started_at"))
    agent = data.get("agent")
    agent_name = None
    if isinstance(agent, dict):
        agent_name = text_field(agent, "name", errors) or None
        agent = text_field(agent, "id", errors) or agent_name
    elif agent is not None:
        agent = text_field(data, "agent", errors)
    recording_url = text_field(data, "recording_url", errors, limit=1000)
    if recording_url and not recording_url.startswith(("https://", "http://")):
        errors.append(FieldError("recording_url", "must be an http(s) URL"))
    attributes = data.get("attributes") or {}
    if not isinstance(attributes, dict):
        errors.append(FieldError("attributes", "must be an object"))
        attributes = {}
    outcome = text_field(data, "outcome", errors, limit=50).lower()
    abandoned = data.get("abandoned")
    abandoned = outcome == "abandoned" if abandoned in (None, "") else str(abandoned).lower() in {"1", "true", "yes"}
    record = InteractionRecord(
        external_id=external_id,
        source=text_field(data, "source", errors, limit=100) or default_source,
        channel=channel,
        direction=direction,
        started_at=started_at,  # type: ignore[arg-type]
        answered_at=answered_at,
        ended_at=ended_at,
        queue=text_field(data, "queue", errors) or None,
        agent=agent or None,
        agent_name=agent_name,
        team=text_field(data, "team", errors) or None,
        customer=customer_ref(data.get("customer"), region, junk, errors),
        case_ref=text_field(data, "case_ref", errors) or None,
        contact_reason=text_field(data, "contact_reason", errors),
        outcome=outcome,
        abandoned=abandoned,
        wait_seconds=_seconds(data, "wait_seconds", errors),
        handle_seconds=_seconds(data, "handle_seconds", errors),
        wrap_seconds=_seconds(data, "wrap_seconds", errors),
        transcript=_transcript(data.get("transcript"), errors),
        recording_url=recording_url,
        attributes=attributes,
        content_hash="",
        redacted_kinds=kinds,
    )
    if errors:
        raise RecordInvalid(errors, external_id)
    record.content_hash = content_hash(data)
    return record


def content_hash(data: dict) -> str:
    """A stable fingerprint of what was sent: identical input, identical hash, whatever the key order."""
    return hashlib.blake2b(canonical_json(data), digest_size=16).hexdigest()
