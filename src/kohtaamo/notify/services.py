"""Writes on incidents: declare, change, receive from an operational system, and the channel settings."""

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kohtaamo.timeline.models import Customer
from kohtaamo.workspaces.models import Workspace

from .fanout import policy_for, update_fan_out
from .incoming import IncidentInput, IncidentInvalid, parse_incident
from .models import PENDING, ChannelConfig, Delivery, Incident, IncidentUpdate, NotifyPolicy
from .policy import is_material, update_event
from .tasks import drains_schedule

SCOPE_FIELDS = ("postal_codes", "areas", "customer_ids", "asset_ids", "segment")


@dataclass(frozen=True)
class Received:
    incident: Incident
    update: IncidentUpdate | None
    created: bool


def incident_receive(*, workspace: Workspace, payload: dict, source: str = "api", by=None, now=None) -> Received:
    """Declare or change an incident from a payload; idempotent by the sender's ``external_id``.

    Sending the same state twice changes nothing and notifies nobody again.
    """
    try:
        return _receive(workspace, payload, source, by, now)
    except IntegrityError:
        # Another request declared the same incident a moment ago: apply this one as a change to it.
        return _receive(workspace, payload, source, by, now)


def _receive(workspace: Workspace, payload, source: str, by, now) -> Received:
    external_id = str(payload.get("external_id") or "").strip() if isinstance(payload, dict) else ""
    existing = Incident.objects.filter(workspace=workspace, external_id=external_id).first()
    data = parse_incident(payload, existing=existing)
    if existing is None:
        return incident_declare(workspace=workspace, data=data, source=source, by=by, now=now)
    return incident_change(incident=existing, data=data, by=by, now=now)


@transaction.atomic
def incident_declare(*, workspace: Workspace, data: IncidentInput, source: str = "ui", by=None, now=None) -> Received:
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
def incident_change(*, incident: Incident, data: IncidentInput, by=None, now=None) -> Received:
    """Apply a change; a new status, ETA or note becomes an update that notifies the affected customers."""
    now = now or timezone.now()
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
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


def _update_add(incident, event, previous_eta, data, by, now: datetime) -> IncidentUpdate:
    policy = policy_for(incident.workspace)
    material = is_material(
        event=event,
        eta_changed=previous_eta != incident.eta,
        previous_eta=previous_eta,
        eta=incident.eta,
        threshold_minutes=policy.eta_threshold_minutes,
    )
    last = incident.updates.aggregate(n=Max("sequence"))["n"] or 0
    update = IncidentUpdate.objects.create(
        workspace=incident.workspace,
        incident=incident,
        sequence=last + 1,
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
    if update.notify:
        update.outcome = update_fan_out(update=update, now=now)
        update.save(update_fields=["outcome"])
        workspace_id = incident.workspace_id
        transaction.on_commit(lambda: drains_schedule(workspace_id=workspace_id))
    return update


@transaction.atomic
def channel_config_set(*, workspace: Workspace, channel: str, **fields) -> ChannelConfig:
    """Create or change how the workspace sends on one channel."""
    config, _created = ChannelConfig.objects.get_or_create(workspace=workspace, channel=channel)
    for name, value in fields.items():
        setattr(config, name, value)
    config.full_clean()
    config.save()
    return config


@transaction.atomic
def notify_policy_set(*, workspace: Workspace, **fields) -> NotifyPolicy:
    policy = policy_for(workspace)
    for name, value in fields.items():
        setattr(policy, name, value)
    policy.full_clean()
    policy.save()
    return policy


@transaction.atomic
def customer_service_consent_set(*, customer: Customer, channel: str, allowed: bool, source: str) -> Customer:
    """Record a customer's service-message preference on one channel and where it came from."""
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    customer.consent = {**customer.consent, f"service_{channel}": {"value": allowed, "source": source}}
    customer.save(update_fields=["consent", "updated_at"])
    if not allowed:
        Delivery.objects.filter(customer=customer, channel=channel, status__in=PENDING).update(
            status=Delivery.Status.DEAD, dead_reason=Delivery.DeadReason.OPTED_OUT
        )
    return customer


@transaction.atomic
def delivery_retry(*, delivery: Delivery, now=None) -> Delivery:
    """Send a dead letter again, after a person has checked (e.g. with the provider) that it did not arrive."""
    if delivery.status != Delivery.Status.DEAD:
        return delivery
    delivery.status = Delivery.Status.QUEUED
    delivery.next_attempt_at = now or timezone.now()
    delivery.dead_reason = ""
    delivery.claimed_by, delivery.claimed_until = "", None
    delivery.save(update_fields=["status", "next_attempt_at", "dead_reason", "claimed_by", "claimed_until"])
    workspace_id = delivery.workspace_id
    transaction.on_commit(lambda: drains_schedule(workspace_id=workspace_id))
    return delivery
