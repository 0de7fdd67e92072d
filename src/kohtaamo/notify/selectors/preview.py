"""What an incident or update would send, before anything is saved or sent."""

from dataclasses import dataclass

from django.utils import timezone

from kohtaamo.notify.incoming import parse_incident
from kohtaamo.notify.models import MESSAGE_LANGUAGES, Incident, IncidentUpdate
from kohtaamo.notify.policy import (
    fallback_language,
    is_material,
    message_language,
    overrides_quiet_hours,
    quiet_until,
    update_event,
    update_languages,
)
from kohtaamo.notify.selectors.incidents import notify_policy_get
from kohtaamo.notify.selectors.targeting import affected_customers
from kohtaamo.notify.wording import Message, render
from kohtaamo.workspaces.access import Actor


@dataclass(frozen=True)
class LanguagePreview:
    """What a customer reading ``reader`` receives: the message in ``language``, which differs when the
    update has no complete text in the reader's language (then the workspace's fallback is used)."""

    reader: str
    language: str
    message: Message

    @property
    def missing(self) -> bool:
        return self.reader != self.language


@dataclass(frozen=True)
class Preview:
    affected: int
    event: str
    material: bool
    quiet_now: bool
    overrides_quiet: bool
    fallback: str
    messages: list[LanguagePreview]

    @property
    def missing(self) -> list[str]:
        return [m.reader for m in self.messages if m.missing]


def incident_preview(*, actor: Actor, payload: dict, existing: Incident | None = None) -> Preview:
    """Validate like the real thing (raises ``IncidentInvalid``) and render the message in every language."""
    data = parse_incident(payload, existing=existing)
    now = timezone.now()
    incident = Incident(workspace=actor.workspace, external_id=data.external_id, kind=data.kind, status=data.status,
                        severity=data.severity, title=data.title, message=data.message, eta=data.eta,
                        postal_codes=data.postal_codes, areas=data.areas, customer_ids=data.customer_ids,
                        asset_ids=data.asset_ids, segment=data.segment, started_at=data.started_at or now)  # fmt: skip
    policy = notify_policy_get(actor=actor)
    previous_eta = existing.eta if existing else None
    eta_changed = existing is not None and data.eta != existing.eta
    event = update_event(existing=existing, status=data.status, eta_changed=eta_changed, has_note=bool(data.note))
    event = event or IncidentUpdate.Event.NOTE
    material = is_material(event=event, eta_changed=eta_changed, previous_eta=previous_eta, eta=data.eta,
                           threshold_minutes=policy.eta_threshold_minutes)  # fmt: skip
    update = IncidentUpdate(incident=incident, event=event, status=data.status, eta=data.eta, note=data.note)
    quiet = quiet_until(now, actor.workspace.tz, policy.quiet_start, policy.quiet_end) is not None
    override = quiet and overrides_quiet_hours(incident)
    available = update_languages(incident, update)
    fallback = fallback_language(actor.workspace.languages)
    rendered = []
    for reader in MESSAGE_LANGUAGES:
        language = message_language(reader, available, fallback)
        message = render(incident, update, language, tz=actor.workspace.tz, now=now, quiet_override=override)
        rendered.append(LanguagePreview(reader, language, message))
    affected = affected_customers(incident).count()
    return Preview(affected, event, material, quiet, override, fallback, rendered)
