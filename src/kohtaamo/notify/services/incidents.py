"""Writes on incidents: declare, change, receive from an operational system, and the channel settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kohtaamo.notify.incoming import IncidentInput, IncidentInvalid, parse_incident
from kohtaamo.notify.models import Incident, IncidentUpdate
from kohtaamo.notify.policy import is_material, update_event
from kohtaamo.notify.selectors.incidents import notify_policy_get
from kohtaamo.notify.services.events import events_publish
from kohtaamo.notify.services.fanout import update_fan_out
from kohtaamo.notify.tasks import drains_schedule
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.models import Workspace

if TYPE_CHECKING:
    from django.contrib.auth.models import User

SCOPE_FIELDS = ("postal_codes", "areas", "customer_ids", "asset_ids", "segment")


@dataclass(frozen=True)
class Received:
    incident: Incident
    update: IncidentUpdate | None
    created: bool


def incident_receive(
    *, workspace: Workspace, payload: object, source: str = "api", by: User | None = None, now: datetime | None = None
) -> Received:
    """Declare or change an incident from a payload; idempotent by the sender's ``external_id``.

    Sending the same state twice changes nothing and notifies nobody again.
    """
    try:
        return _receive(workspace, payload, source, by, now)
    except IntegrityError:
        # Another request declared the same incident a moment ago: apply this one as a change to it.
        return _receive(workspace, payload, source, by, now)


def _receive(workspace: Workspace, payload: object, source: str, by: User | None, now: datetime | None) -> Received:
    external_id = str(payload.get("external_id") or "").strip() if isinstance(payload, dict) else ""
    existing = Incident.objects.of(workspace).filter(external_id=external_id).first()
    data = parse_incident(payload, existing=existing)
    if existing is None:
        return incident_declare(workspace=workspace, data=data, source=source, by=by, now=now)
    return incident_change(incident=existing, data=data, by=by, now=now)


@transaction.atomic
def incident_declare(
    *,
    workspace: Workspace,
    data: IncidentInput,
    source: str = "ui",
    by: User | None = None,
    now: datetime | None = None,
) -> Received:
    """Create the incident and its first update, and queue the first messages in the same transaction."""
    now = now or timezone.now()
    incident = Incident(
        workspace=workspace,
        external_id=data.external_id,
        kind=data.kind,
        status=data.status,
        severity=data.severity,
        title=data.title,
        message=data.message,
        eta=data.eta,
        started_at=data.started_at or now,
        source=source,
        created_by=by,
        **{name: getattr(data, name) for name in SCOPE_FIELDS},
    )
    if incident.is_over:
        raise IncidentInvalid({"status": _("a new incident cannot start as resolved or cancelled")})
    # The unique external id is left to the database: a concurrent declare then becomes a change.
    incident.full_clean(validate_unique=False, validate_constraints=False)
    incident.save()
    update = _update_add(incident, IncidentUpdate.Event.DECLARED, None, data, by, now)
    return Received(incident, update, created=True)


@transaction.atomic
def incident_change(
    *, incident: Incident, data: IncidentInput, by: User | None = None, now: datetime | None = None
) -> Received:
    """Apply a change; a new status, ETA or note becomes an update that notifies the affected customers."""
    now = now or timezone.now()
    incident = Incident.objects.of(incident.workspace).select_for_update().get(pk=incident.pk)
    if incident.is_over and data.status != incident.status:
        raise IncidentInvalid({"status": _("the incident is over; declare a new one")})
    previous_eta = incident.eta
    event = update_event(existing=incident, status=data.status, eta_changed=data.eta != incident.eta,
                         has_note=bool(data.note))  # fmt: skip
    for name in ("kind", "severity", "title", "message", "eta", *SCOPE_FIELDS):
        setattr(incident, name, getattr(data, name))
    if event == IncidentUpdate.Event.ALL_CLEAR:
        incident.ended_at = now
    incident.status = data.status
    incident.full_clean()
    incident.save()
    if event is None:
        return Received(incident, None, created=False)
    update = _update_add(incident, event, previous_eta, data, by, now)
    return Received(incident, update, created=False)


def _update_add(
    incident: Incident,
    event: str,
    previous_eta: datetime | None,
    data: IncidentInput,
    by: User | None,
    now: datetime,
) -> IncidentUpdate:
    policy = notify_policy_get(actor=Actor.system(incident.workspace))
    material = is_material(
        event=event,
        eta_changed=previous_eta != incident.eta,
        previous_eta=previous_eta,
        eta=incident.eta,
        threshold_minutes=policy.eta_threshold_minutes,
    )
    last = IncidentUpdate.objects.of(incident.workspace).filter(incident=incident).aggregate(n=Max("sequence"))["n"]
    update = IncidentUpdate.objects.create(
        workspace=incident.workspace,
        incident=incident,
        sequence=(last or 0) + 1,
        event=event,
        status=incident.status,
        eta=incident.eta,
        previous_eta=previous_eta,
        note=data.note,
        material=material,
        notify=data.notify,
        channels=data.channels,
        created_by=by,
        created_at=now,
    )
    events_publish(
        workspace=incident.workspace, event="incident.updated", items=[(None, _update_data(update))], now=now
    )
    if update.notify:
        update.outcome = update_fan_out(update=update, now=now)
        update.save(update_fields=["outcome"])
        workspace_id = incident.workspace_id
        transaction.on_commit(lambda: drains_schedule(workspace_id=workspace_id))
    return update


def _update_data(update: IncidentUpdate) -> dict:
    incident = update.incident
    return {
        "incident_id": incident.pk, "external_id": incident.external_id, "kind": incident.kind,
        "severity": incident.severity, "title": incident.title, "update": update.sequence, "event": update.event,
        "status": update.status, "eta": update.eta.isoformat() if update.eta else None, "note": update.note,
    }  # fmt: skip
