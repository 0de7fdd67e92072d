"""What the customer reads: message templates per incident kind and language, filled with the incident's fields.

The texts are in the customer's language, not the agent's, so they live here as data rather than in the
UI's translation catalogue. The templates are plain text (Django template syntax, no HTML escaping: SMS
and plain-text email); the webhook gets the same fields as JSON.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo

from django.template import Context, Engine, Template

from kohtaamo.lib import readable

from .models import Incident, IncidentUpdate

KIND = {
    "fi": {"outage": "Katko", "disruption": "Häiriö", "maintenance": "Huoltotyö", "warning": "Varoitus"},
    "sv": {"outage": "Avbrott", "disruption": "Störning", "maintenance": "Underhåll", "warning": "Varning"},
    "en": {"outage": "Outage", "disruption": "Disruption", "maintenance": "Maintenance", "warning": "Warning"},
}
STATUS = {
    "fi": {
        "warning": "Varoitamme mahdollisesta häiriöstä alueellasi.",
        "investigating": "Selvitämme häiriötä.",
        "identified": "Häiriön syy on löydetty.",
        "repairing": "Vikaa korjataan parhaillaan.",
        "monitoring": "Vika on korjattu, ja seuraamme tilannetta.",
        "resolved": "Häiriö on ohi. Kiitos kärsivällisyydestäsi!",
        "cancelled": "Ilmoitus on peruttu: häiriötä ei tullut.",
    },
    "sv": {
        "warning": "Vi varnar för en möjlig störning i ditt område.",
        "investigating": "Vi utreder störningen.",
        "identified": "Orsaken till störningen har hittats.",
        "repairing": "Felet repareras just nu.",
        "monitoring": "Felet är åtgärdat och vi följer läget.",
        "resolved": "Störningen är över. Tack för ditt tålamod!",
        "cancelled": "Meddelandet har återkallats: det blev ingen störning.",
    },
    "en": {
        "warning": "We are warning of a possible disruption in your area.",
        "investigating": "We are looking into the disruption.",
        "identified": "We have found the cause.",
        "repairing": "The fault is being repaired.",
        "monitoring": "The fault has been fixed and we are monitoring the situation.",
        "resolved": "It is over. Thank you for your patience!",
        "cancelled": "This notice is withdrawn: there was no disruption.",
    },
}
LINES = {
    "fi": {
        "eta": "Arvioitu korjausaika: {eta}.",
        "quiet": "Lähetämme tämän hiljaisina tunteina, koska kyseessä on laaja katko.",
        "sign": "Ei tarvitse soittaa meille: kerromme, kun tilanne muuttuu.",
    },
    "sv": {
        "eta": "Beräknad reparationstid: {eta}.",
        "quiet": "Vi skickar detta under tysta timmar eftersom avbrottet är omfattande.",
        "sign": "Du behöver inte ringa oss: vi meddelar när läget ändras.",
    },
    "en": {
        "eta": "Estimated fix: {eta}.",
        "quiet": "We are sending this during quiet hours because the outage is critical.",
        "sign": "No need to call us: we will tell you when anything changes.",
    },
}
# Kind-specific wording where the generic one would read wrong (maintenance is planned, not a fault).
KIND_STATUS = {
    "maintenance": {
        "fi": {
            "warning": "Alueellasi on tulossa huoltotyö.",
            "repairing": "Huoltotyö on käynnissä.",
            "resolved": "Huoltotyö on valmis. Kiitos kärsivällisyydestäsi!",
        },
        "sv": {
            "warning": "Ett underhållsarbete är planerat i ditt område.",
            "repairing": "Underhållsarbetet pågår.",
            "resolved": "Underhållsarbetet är klart. Tack för ditt tålamod!",
        },
        "en": {
            "warning": "Maintenance work is planned in your area.",
            "repairing": "The maintenance work is under way.",
            "resolved": "The maintenance work is done. Thank you for your patience!",
        },
    },
}
SUBJECT = "{{ kind_label }}: {{ title }}"
BODY = (
    "{{ status_text }}\n{{ title }}{% if message %}\n{{ message }}{% endif %}{% if note %}\n{{ note }}{% endif %}"
    "{% if eta_text %}\n{{ eta_text }}{% endif %}{% if quiet_text %}\n{{ quiet_text }}{% endif %}"
    "{% if not over %}\n{{ sign }}{% endif %}"
)
SMS = (
    "{{ kind_label }}: {{ title }}. {{ status_text }}{% if eta_text %} {{ eta_text }}{% endif %}"
    "{% if quiet_text %} {{ quiet_text }}{% endif %}"
)


@dataclass(frozen=True, eq=False)
class Message:
    """Compared and hashed by identity: the email transport caches one rendering per message."""

    subject: str
    body: str
    sms: str
    fields: dict

    def text_for(self, channel: str) -> str:
        return self.sms if channel == "sms" else self.body


@cache
def _engine() -> Engine:
    return Engine(autoescape=False)


@cache
def _template(source: str) -> Template:
    return _engine().from_string(source)


def eta_text(eta: datetime | None, language: str, tz: ZoneInfo, now: datetime) -> str:
    """ "klo 18.00", "kl. 18.00", "18:00"; with the date when it is not today ("4.3. klo 6.00")."""
    if eta is None:
        return ""
    wall = readable.local(eta, tz)
    clock = readable.clock_phrase(wall, language)
    if wall.date() == now.astimezone(tz).date():
        when = clock
    elif language == "en":
        when = f"{clock} on {readable.day_month_text(wall.date(), language)}"
    else:
        when = f"{readable.day_month_text(wall.date(), language)} {clock}"
    return LINES[language]["eta"].format(eta=when)


def status_text(kind: str, status: str, language: str) -> str:
    return KIND_STATUS.get(kind, {}).get(language, {}).get(status) or STATUS[language][status]


def message_fields(
    incident: Incident, update: IncidentUpdate, language: str, *, tz: ZoneInfo, now: datetime, quiet_override: bool
) -> dict:
    """The fields a template may use; all plain strings."""
    over = update.status in (Incident.Status.RESOLVED, Incident.Status.CANCELLED)
    return {
        "incident_id": incident.external_id,
        "kind": incident.kind,
        "kind_label": KIND[language][incident.kind],
        "status": update.status,
        "status_text": status_text(incident.kind, update.status, language),
        # Only this language's texts: the fan-out picked a language the update is complete in.
        "title": incident.title.get(language, ""),
        "message": "" if over else incident.message.get(language, ""),
        "note": update.note.get(language, ""),
        "eta": update.eta.isoformat() if update.eta and not over else "",
        "eta_text": "" if over else eta_text(update.eta, language, tz, now),
        "quiet_text": LINES[language]["quiet"] if quiet_override else "",
        "sign": LINES[language]["sign"],
        "over": over,
        "language": language,
    }


def render(
    incident: Incident,
    update: IncidentUpdate,
    language: str,
    *,
    tz: ZoneInfo,
    now: datetime,
    quiet_override: bool = False,
) -> Message:
    """The message in one language: subject and body for email, a short text for SMS, fields for webhooks."""
    fields = message_fields(incident, update, language, tz=tz, now=now, quiet_override=quiet_override)
    context = Context(fields, autoescape=False)
    subject = " ".join(_template(SUBJECT).render(context).split())[:300]
    body = _template(BODY).render(context).strip()
    sms = " ".join(_template(SMS).render(context).split())
    return Message(subject=subject, body=body, sms=sms, fields=fields)
