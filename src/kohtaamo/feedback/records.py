"""Parse and validate imported survey answers (JSON objects or flat CSV rows), one answer per record.

No database access here, as for interaction records: a record either becomes an :class:`AnswerRecord`
or a :class:`RecordInvalid` naming every bad field, so one bad row never costs the good ones.

A record::

    {"external_id": "q-981-nps", "response_id": "q-981", "source": "qualtrics",
     "interaction_external_id": "call-123",            # or "customer": {"email": ...}
     "question": "nps", "type": "nps", "scale": "nps_0_10", "value": 9,
     "answered_at": "2026-03-02T10:00:00+02:00", "comment": "Quick and friendly", "language": "fi"}
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kohtaamo.lib.cxmetrics import SCALES
from kohtaamo.lib.text.pii import Redactor
from kohtaamo.timeline.records import (
    CustomerRef,
    FieldError,
    RecordInvalid,
    content_hash,
    customer_ref,
    parse_timestamp,
    record_start,
    text_field,
)
from kohtaamo.timeline.redaction import redact_texts

TYPES = ("nps", "csat", "ces", "single_choice", "text")
DEFAULT_SCALE = {"nps": "nps_0_10", "csat": "csat_1_5", "ces": "ces_1_7"}
TYPE_SCALES = {"nps": {"nps_0_10"}, "csat": {"csat_1_5"}, "ces": {"ces_1_7", "ces_1_5"}}
MAX_ANSWER_TEXT = 10000


@dataclass(slots=True)
class AnswerRecord:
    external_id: str
    response_id: str
    source: str
    interaction_external_id: str
    interaction_source: str
    customer: CustomerRef | None
    question: str
    type: str
    scale: str
    value: int | None
    choice: str
    text: str
    answered_at: datetime
    language: str
    content_hash: str
    redacted_kinds: tuple[str, ...] = ()  # the kinds of personal data masked in ``text``


def _scored_value(raw: Any, scale_key: str, errors: list[FieldError]) -> int | None:
    scale = SCALES[scale_key]
    if raw in (None, ""):
        errors.append(FieldError("value", "is required"))
        return None
    try:
        number = float(raw)
    except (TypeError, ValueError, OverflowError):  # OverflowError: an integer beyond any float
        errors.append(FieldError("value", f"must be a whole number from {scale.low} to {scale.high}"))
        return None
    # The range check comes first: int() of "inf" or "nan" would raise instead of answering.
    if isinstance(raw, bool) or not scale.low <= number <= scale.high or number != int(number):
        errors.append(FieldError("value", f"must be a whole number from {scale.low} to {scale.high} on {scale_key}"))
        return None
    return int(number)


def _type_and_scale(data: dict, errors: list[FieldError]) -> tuple[str, str]:
    kind = text_field(data, "type", errors).lower()
    if not kind:
        errors.append(FieldError("type", "is required"))
        return "", ""
    if kind not in TYPES:
        errors.append(FieldError("type", f"must be one of {', '.join(TYPES)}"))
        return "", ""
    scale = text_field(data, "scale", errors).lower()
    if kind not in DEFAULT_SCALE:
        if scale:
            errors.append(FieldError("scale", f"is only given for scored types, not {kind}"))
        return kind, ""
    scale = scale or DEFAULT_SCALE[kind]
    if scale not in TYPE_SCALES[kind]:
        errors.append(FieldError("scale", f"must be one of {', '.join(sorted(TYPE_SCALES[kind]))} for {kind}"))
    return kind, scale


def parse_answer_record(
    data: Any,
    *,
    region: str = "FI",
    junk: frozenset[str] = frozenset(),
    default_source: str = "import",
    redactor: Redactor | None = None,
) -> AnswerRecord:
    """Validate one imported answer; raises :class:`RecordInvalid` listing every problem found.

    With a ``redactor`` the comment (and a free-text answer's value) is masked before it is hashed.
    """
    errors, external_id, data = record_start(data)
    kinds: tuple[str, ...] = ()
    if redactor is not None:
        free_text = isinstance(data.get("type"), str) and data["type"].strip().lower() == "text"
        data, kinds = redact_texts(data, ("comment", "value") if free_text else ("comment",), redactor)
    kind, scale = _type_and_scale(data, errors)
    value, choice, text = None, "", text_field(data, "comment", errors, limit=MAX_ANSWER_TEXT)
    if kind in DEFAULT_SCALE and scale in TYPE_SCALES[kind]:
        value = _scored_value(data.get("value"), scale, errors)
    elif kind == "single_choice":
        choice = text_field(data, "value", errors, limit=100)
        if not choice:
            errors.append(FieldError("value", "is required"))
    elif kind == "text":
        text = text_field(data, "value", errors, limit=MAX_ANSWER_TEXT) or text
        if not text:
            errors.append(FieldError("value", "is required"))
    answered_at = parse_timestamp(data.get("answered_at"), "answered_at", errors, required=True)
    record = AnswerRecord(
        external_id=external_id,
        response_id=text_field(data, "response_id", errors) or external_id,
        source=text_field(data, "source", errors, limit=100) or default_source,
        interaction_external_id=text_field(data, "interaction_external_id", errors),
        interaction_source=text_field(data, "interaction_source", errors, limit=100),
        customer=customer_ref(data.get("customer"), region, junk, errors),
        question=(text_field(data, "question", errors, limit=100) or kind).lower(),
        type=kind,
        scale=scale,
        value=value,
        choice=choice,
        text=text,
        answered_at=answered_at,  # type: ignore[arg-type]
        language=text_field(data, "language", errors, limit=8).lower(),
        content_hash="",
        redacted_kinds=kinds,
    )
    if errors:
        raise RecordInvalid(errors, external_id)
    record.content_hash = content_hash(data)
    return record
