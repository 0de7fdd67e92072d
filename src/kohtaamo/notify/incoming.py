"""Validate an incident as an operational system or the declare form sends it, field by field.

No database access: a payload becomes :class:`IncidentInput` or a dict of field → reason, so the webhook
can answer with every problem at once and the form can show them next to the fields.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db import models
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from kohtaamo.lib.years import YEARS, in_our_years

from .models import MESSAGE_LANGUAGES, Incident, NotifyChannel

# Attribute keys come from outside (the webhook): only plain names reach the JSON lookups.
ATTRIBUTE_KEY = re.compile(r"^[A-Za-z](?:_?[A-Za-z0-9])*$")
LIST_FIELDS = ("postal_codes", "areas", "customer_ids", "asset_ids")
MAX_TEXT = {"title": 200, "message": 1000, "note": 1000}
MAX_SCOPE_ITEMS = 10_000


@dataclass
class IncidentInput:
    external_id: str
    kind: str
    status: str
    severity: str
    title: dict[str, str]
    message: dict[str, str] = field(default_factory=dict)
    note: dict[str, str] = field(default_factory=dict)
    postal_codes: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    customer_ids: list[str] = field(default_factory=list)
    asset_ids: list[str] = field(default_factory=list)
    segment: dict = field(default_factory=dict)
    eta: datetime | None = None
    started_at: datetime | None = None
    notify: bool = True
    channels: list[str] = field(default_factory=list)
    # Which fields the sender gave: an update of an existing incident changes only those.
    given: frozenset[str] = frozenset()


class IncidentInvalid(Exception):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def parse_incident(payload: object, *, existing: Incident | None = None) -> IncidentInput:
    """Turn a JSON object into an incident; raise :class:`IncidentInvalid` naming every bad field.

    For an existing incident (the same ``external_id`` sent again) only the given fields change, so an
    operational system can send just ``{"external_id": …, "eta": …}``.
    """
    if not isinstance(payload, dict):
        raise IncidentInvalid({"body": str(_("must be a JSON object"))})
    errors: dict[str, str] = {}
    external_id = str(payload.get("external_id") or "").strip()
    if not external_id:
        errors["external_id"] = _("is required: the sending system's id of the incident")
    elif len(external_id) > 200:
        errors["external_id"] = _("is longer than 200 characters")

    def choice(name: str, choices: type[models.TextChoices], default: str | None) -> str:
        value = payload.get(name, default if existing is None else getattr(existing, name))
        if value in (None, "") and existing is None and default is None:
            errors[name] = _("is required")
            return ""
        if value not in choices.values:
            errors[name] = _("must be one of: %(choices)s") % {"choices": ", ".join(choices.values)}
        return str(value)

    kind = choice("kind", Incident.Kind, None)
    # A warning or planned maintenance starts as a heads-up; a fault starts as being looked into.
    planned = kind in (Incident.Kind.WARNING, Incident.Kind.MAINTENANCE)
    default_status = Incident.Status.WARNING if planned else Incident.Status.INVESTIGATING
    status = choice("status", Incident.Status, default_status)
    severity = choice("severity", Incident.Severity, Incident.Severity.MAJOR)
    texts = {name: _texts(payload, name, errors, existing) for name in ("title", "message", "note")}
    if not texts["title"] and "title" not in errors:
        errors["title"] = _("is required in at least one of fi, sv, en")
    for name in ("message", "note"):
        # A customer reads one language from start to end: some language must have the title and this text.
        if texts[name] and texts["title"] and not set(texts[name]) & set(texts["title"]):
            codes = ", ".join(sorted(texts["title"]))
            errors[name] = _("must be written in at least one of the title's languages (%(codes)s)") % {"codes": codes}
    scope = {name: payload.get(name, getattr(existing, name, [])) for name in LIST_FIELDS}
    scope["segment"] = payload.get("segment", getattr(existing, "segment", {}))
    errors.update(scope_errors(**scope))
    for name in LIST_FIELDS:
        if name not in errors and len(scope[name]) > MAX_SCOPE_ITEMS:
            errors[name] = _("has more than %(n)s items") % {"n": f"{MAX_SCOPE_ITEMS:,}"}
    eta = _moment(payload, "eta", errors, getattr(existing, "eta", None))
    started_at = _moment(payload, "started_at", errors, getattr(existing, "started_at", None))
    channels = payload.get("channels", [])
    if not isinstance(channels, list) or any(c not in NotifyChannel.values for c in channels):
        errors["channels"] = _("must be a list of: %(choices)s") % {"choices": ", ".join(NotifyChannel.values)}
    notify = payload.get("notify", True)
    if not isinstance(notify, bool):
        errors["notify"] = _("must be true or false")
    if errors:
        raise IncidentInvalid({k: str(v) for k, v in errors.items()})
    return IncidentInput(
        external_id=external_id,
        kind=kind,
        status=status,
        severity=severity,
        title=texts["title"],
        message=texts["message"],
        note=texts["note"],
        postal_codes=[str(v).strip() for v in scope["postal_codes"]],
        areas=[str(v).strip() for v in scope["areas"]],
        customer_ids=[str(v).strip() for v in scope["customer_ids"]],
        asset_ids=[str(v).strip() for v in scope["asset_ids"]],
        segment=scope["segment"],
        eta=eta,
        started_at=started_at,
        notify=notify,
        channels=channels,
        given=frozenset(payload),
    )


def _texts(payload: dict, name: str, errors: dict, existing: Incident | None) -> dict[str, str]:
    """A text per language: ``{"fi": …, "sv": …}``, or one plain string taken as every language's text."""
    if name not in payload:
        return dict(getattr(existing, name, {}) or {}) if name != "note" else {}
    value = payload[name]
    if value in (None, ""):
        return {}
    if isinstance(value, str):
        value = {"en": value}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        errors[name] = _("must be a text or an object of language: text")
        return {}
    unknown = sorted(set(value) - set(MESSAGE_LANGUAGES))
    if unknown:
        errors[name] = _("languages must be fi, sv or en, not %(codes)s") % {"codes": ", ".join(unknown)}
        return {}
    if any(len(v) > MAX_TEXT[name] for v in value.values()):
        errors[name] = _("is longer than %(n)s characters") % {"n": MAX_TEXT[name]}
        return {}
    return {k: v.strip() for k, v in value.items() if v.strip()}


def _moment(payload: dict, name: str, errors: dict, default: datetime | None) -> datetime | None:
    if name not in payload:
        return default
    raw = payload[name]
    if raw in (None, ""):
        return None
    try:
        parsed = parse_datetime(raw) if isinstance(raw, str) else None
    except ValueError:  # well-formed but impossible, e.g. month 13
        parsed = None
    if parsed is None:
        errors[name] = _("must be an ISO 8601 time, e.g. 2026-03-02T18:00:00+02:00")
    elif parsed.tzinfo is None:
        errors[name] = _("needs a time zone offset, e.g. +02:00 or Z")
    elif not in_our_years(parsed):  # else an OverflowError when it is turned into UTC
        errors[name] = _("must be in the years %(years)s") % {"years": YEARS}
    # In UTC: Python takes offsets up to ±23:59, PostgreSQL only ±15:59 (a 500 when saving).
    return parsed.astimezone(UTC) if parsed is not None and name not in errors else None


def scope_errors(
    *, postal_codes: object, areas: object, customer_ids: object, asset_ids: object, segment: object
) -> dict[str, str]:
    """Field errors of an incident's scope (nothing would be targeted, or a malformed segment rule)."""
    errors: dict[str, str] = {}
    for name, value in zip(LIST_FIELDS, (postal_codes, areas, customer_ids, asset_ids), strict=True):
        if not isinstance(value, list) or not all(isinstance(v, str | int) and str(v).strip() for v in value):
            errors[name] = _("must be a list of non-empty texts")
    if not isinstance(segment, dict):
        errors["segment"] = _("must be an object of attribute names and a value or a list of values")
    else:
        for key, value in segment.items():
            if not ATTRIBUTE_KEY.match(str(key)):
                errors["segment"] = _("attribute names are letters, digits and underscores")
            elif not isinstance(value, str | int | float | bool | list) or value in ([], ""):
                errors["segment"] = _("every attribute needs a value or a non-empty list of values")
    if not errors and not (postal_codes or areas or customer_ids or asset_ids or segment):
        errors["scope"] = _("give at least one of postal codes, areas, customer ids, asset ids or a segment rule")
    return errors
