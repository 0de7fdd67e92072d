"""Per-customer decisions of the fan-out: channel, language, consent, quiet hours and storm control.

Pure functions over plain values, so the fan-out can decide for 100,000 customers without a query each.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo

from .models import MESSAGE_LANGUAGES, Incident, IncidentUpdate, NotifyChannel

# Which notification channel serves a customer who prefers a contact channel: a caller gets an SMS.
PREFERRED_TO_CHANNEL = {
    "email": NotifyChannel.EMAIL,
    "sms": NotifyChannel.SMS,
    "phone": NotifyChannel.SMS,
    "whatsapp": NotifyChannel.SMS,
    "web": NotifyChannel.WEBHOOK,
    "chat": NotifyChannel.WEBHOOK,
}
FALLBACK_ORDER = (NotifyChannel.EMAIL, NotifyChannel.SMS, NotifyChannel.WEBHOOK, NotifyChannel.APPRISE)


@dataclass(frozen=True, slots=True)
class Recipient:
    customer_id: int
    language: str
    preferred_channel: str
    consent: dict
    # channel → address (email address, E.164 phone, external id)
    addresses: dict[str, str]


@dataclass(frozen=True, slots=True)
class Choice:
    channel: str
    address: str
    consent_source: str


def consent_for(consent: dict, channel: str) -> tuple[bool, str]:
    """Service messages need no marketing consent, but an explicit service opt-out on the channel is final.

    Returns (allowed, where the decision came from). Marketing flags (``marketing_*``) are never read here.
    """
    entry = consent.get(f"service_{channel}")
    if isinstance(entry, dict) and "value" in entry:
        source = str(entry.get("source") or "unknown")[:60]
        return bool(entry["value"]), f"service_{channel}: {source}"
    if isinstance(entry, bool):
        return entry, f"service_{channel}"
    return True, "default: service message"


def choose_channel(recipient: Recipient, usable: set[str]) -> Choice | None:
    """The customer's preferred channel, else the first other channel they have, can use and did not refuse."""
    preferred = PREFERRED_TO_CHANNEL.get(recipient.preferred_channel)
    order = ([preferred] if preferred else []) + [c for c in FALLBACK_ORDER if c != preferred]
    for channel in order:
        if channel not in usable or channel not in recipient.addresses:
            continue
        allowed, source = consent_for(recipient.consent, channel)
        if allowed:
            return Choice(channel, recipient.addresses[channel], source)
    return None


def fallback_language(workspace_languages: list[str]) -> str:
    """The workspace's declared fallback: its first language that messages are written in."""
    return next((code for code in workspace_languages if code in MESSAGE_LANGUAGES), "fi")


def complete_languages(*texts: dict[str, str]) -> list[str]:
    """The languages in which every given text exists (title, message, note): a message is written in one
    language from start to end, never Swedish around a Finnish title."""
    given = [t for t in texts if t]
    return [code for code in MESSAGE_LANGUAGES if all(t.get(code) for t in given)]


def message_language(customer_language: str, available: list[str], fallback: str) -> str:
    """The customer's own language when the update is written in it, else the workspace's fallback (or, if
    the fallback lacks a text too, the first complete language)."""
    language = (customer_language or "").lower()[:2]
    if language in available:
        return language
    if fallback in available or not available:
        return fallback
    return available[0]


def update_languages(incident: Incident, update: IncidentUpdate) -> list[str]:
    """The languages this update can be read in completely."""
    over = update.status in (Incident.Status.RESOLVED, Incident.Status.CANCELLED)
    return complete_languages(incident.title, {} if over else incident.message, update.note)


def update_event(*, existing: Incident | None, status: str, eta_changed: bool, has_note: bool) -> str | None:
    """What kind of update a change is; None when nothing a customer should hear about changed."""
    if existing is None:
        return IncidentUpdate.Event.DECLARED
    if status != existing.status:
        over = status in (Incident.Status.RESOLVED, Incident.Status.CANCELLED)
        return IncidentUpdate.Event.ALL_CLEAR if over else IncidentUpdate.Event.STATUS
    if eta_changed:
        return IncidentUpdate.Event.ETA
    return IncidentUpdate.Event.NOTE if has_note else None


def is_material(
    *, event: str, eta_changed: bool, previous_eta: datetime | None, eta: datetime | None, threshold_minutes: int
) -> bool:
    """Storm control: only these updates may go out by SMS (declared, all-clear, an ETA moved enough)."""
    if event in (IncidentUpdate.Event.DECLARED, IncidentUpdate.Event.ALL_CLEAR):
        return True
    if not eta_changed or eta is None:
        return False
    if previous_eta is None:
        return True
    return abs((eta - previous_eta).total_seconds()) >= threshold_minutes * 60


def overrides_quiet_hours(incident: Incident) -> bool:
    """Only a critical outage may wake people up."""
    return incident.kind == Incident.Kind.OUTAGE and incident.severity == Incident.Severity.CRITICAL


def quiet_until(moment: datetime, tz: tzinfo, start_hour: int, end_hour: int) -> datetime | None:
    """The end of the quiet hours ``moment`` falls in (an aware UTC time), or None outside them."""
    if start_hour == end_hour:
        return None
    local = moment.astimezone(tz)
    hour = local.hour
    quiet = (start_hour <= hour or hour < end_hour) if start_hour > end_hour else (start_hour <= hour < end_hour)
    if not quiet:
        return None
    end_day = local.date() + timedelta(days=1) if hour >= end_hour and start_hour > end_hour else local.date()
    end = datetime.combine(end_day, time(end_hour), tzinfo=tz)
    return end.astimezone(moment.tzinfo)
