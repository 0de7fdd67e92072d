"""Turn one incident update into outbox rows: one per affected customer, in the update's own transaction.

Writing the outbox with the update (rather than sending from the request) means a crash can lose
neither: either the update and all its messages exist, or neither does. The unique (update, customer)
constraint makes a second fan-out of the same update impossible.
"""

import hashlib
import random
from collections import Counter
from datetime import datetime, timedelta

from django.db.models import Count

from kohtaamo.db.adapt import db_datetime, db_json
from kohtaamo.db.copy import copy_rows
from kohtaamo.notify.models import PENDING, ChannelConfig, Delivery, Incident, IncidentUpdate, NotifyChannel
from kohtaamo.notify.policy import (
    Recipient,
    choose_channel,
    consent_for,
    fallback_language,
    message_language,
    overrides_quiet_hours,
    quiet_until,
    update_languages,
)
from kohtaamo.notify.selectors.incidents import notify_policy_get
from kohtaamo.notify.selectors.targeting import affected_customers
from kohtaamo.timeline.models import CustomerIdentity
from kohtaamo.workspaces.access import Actor

IDENTITY_CHANNEL = {"email": NotifyChannel.EMAIL, "phone": NotifyChannel.SMS, "external_id": NotifyChannel.WEBHOOK}
COLUMNS = (
    "workspace_id", "incident_id", "update_id", "customer_id", "channel", "language", "address", "idempotency_key",
    "status", "next_attempt_at", "consent_source", "quiet_override", "created_at",
)  # fmt: skip
BLANK = ("dead_reason", "attempts", "claimed_by", "last_error", "provider_message_id", "subject", "body", "event",
         "payload")  # fmt: skip
BLANK_VALUES = ("", 0, "", "", "", "", "", "")  # and the empty payload, adapted for the database in use


def idempotency_key(update: IncidentUpdate, customer_id: int) -> str:
    return hashlib.sha256(f"kohtaamo:{update.pk}:{customer_id}".encode()).hexdigest()[:40]


def update_fan_out(*, update: IncidentUpdate, now: datetime) -> dict[str, int]:
    """Queue the update's messages; returns how many were queued, held and skipped, and why."""
    incident: Incident = update.incident
    workspace = incident.workspace
    policy = notify_policy_get(actor=Actor.system(workspace))
    configs = {c.channel: c for c in ChannelConfig.objects.of(workspace).filter(enabled=True)}
    usable = set(configs) & set(update.channels or NotifyChannel.values)
    # Storm control: minor updates go out on every channel but SMS.
    calm = usable if update.material else usable - {NotifyChannel.SMS}
    languages = (update_languages(incident, update), fallback_language(workspace.languages))
    recipients = _recipients(incident, configs.get(NotifyChannel.APPRISE), languages)
    # Sent in random order: at any moment the not-yet-notified are a random subset of the affected, which
    # makes them a fair comparison group for the deflection estimate (not the oldest customers first).
    random.Random(f"{update.pk}").shuffle(recipients)
    # A customer still waiting for an older message of this incident gets this one instead (coalescing).
    deliveries = Delivery.objects.of(workspace).filter(incident=incident)
    waiting = set(deliveries.filter(status__in=PENDING).values_list("customer_id", flat=True))
    sent_so_far = dict(
        deliveries.exclude(status=Delivery.Status.SUPERSEDED)
        .values("customer_id")
        .annotate(n=Count("pk"))
        .values_list("customer_id", "n")
    )
    held_until = quiet_until(now, workspace.tz, policy.quiet_start, policy.quiet_end)
    override = held_until is not None and overrides_quiet_hours(incident)
    immediate = update.event in (IncidentUpdate.Event.DECLARED, IncidentUpdate.Event.ALL_CLEAR)
    due = now if immediate else now + timedelta(minutes=policy.coalesce_minutes)
    outcome: Counter[str] = Counter(targeted=len(recipients))
    rows: list[tuple] = []
    created = db_datetime(now)
    for recipient in recipients:
        replaces = recipient.customer_id in waiting
        capped = sent_so_far.get(recipient.customer_id, 0) - replaces >= policy.cap_per_incident
        if capped and update.event != IncidentUpdate.Event.ALL_CLEAR:
            outcome["capped"] += 1
            continue
        choice = choose_channel(recipient, usable if replaces else calm)
        if choice is None:
            outcome[_why_not(recipient, usable, calm)] += 1
            continue
        quiet = held_until is not None and configs[choice.channel].quiet_hours
        hold = quiet and not override
        status = Delivery.Status.HELD if hold else Delivery.Status.QUEUED
        outcome[status.value] += 1
        due_at = db_datetime(max(held_until, due) if hold else due)
        rows.append((workspace.pk, incident.pk, update.pk, recipient.customer_id, choice.channel, recipient.language,
                     choice.address[:320], idempotency_key(update, recipient.customer_id), status.value, due_at,
                     choice.consent_source[:100], quiet and override, created))  # fmt: skip
        outcome[f"channel_{choice.channel}"] += 1
    outcome["superseded"] = (
        deliveries.filter(status__in=PENDING)
        .exclude(update=update)
        .update(status=Delivery.Status.SUPERSEDED, claimed_by="", claimed_until=None)
    )
    blank = (*BLANK_VALUES, db_json({}))
    copy_rows(Delivery, [*COLUMNS, *BLANK], [(*row, *blank) for row in rows])
    return dict(outcome)


def _why_not(recipient: Recipient, usable: set[str], calm: set[str]) -> str:
    if choose_channel(recipient, usable) is not None and usable != calm:
        return "storm_control"
    reachable = [c for c in usable if c in recipient.addresses]
    if reachable and not any(consent_for(recipient.consent, c)[0] for c in reachable):
        return "opted_out"
    return "no_channel"


def _recipients(incident: Incident, apprise: ChannelConfig | None, languages: tuple[list[str], str]) -> list[Recipient]:
    available, fallback = languages
    customers = affected_customers(incident)
    addresses: dict[int, dict[str, str]] = {}
    identities = (
        CustomerIdentity.objects.of(incident.workspace)
        .filter(customer_id__in=customers.values("pk"), kind__in=list(IDENTITY_CHANNEL))
        .order_by("pk")
    )
    for customer_id, kind, value in identities.values_list("customer_id", "kind", "value").iterator(5000):
        addresses.setdefault(customer_id, {}).setdefault(IDENTITY_CHANNEL[kind], value)
    template = (apprise.options.get("url") or "") if apprise else ""
    recipients = []
    for pk, language, preferred, consent in customers.values_list("pk", "language", "preferred_channel", "consent"):
        mine = addresses.get(pk, {})
        if template:
            url = _apprise_url(template, mine)
            if url:
                mine = {**mine, NotifyChannel.APPRISE: url}
        language = message_language(language, available, fallback)
        recipients.append(Recipient(pk, language, preferred or "", consent or {}, mine))
    return recipients


def _apprise_url(template: str, addresses: dict[str, str]) -> str | None:
    values = {
        "email": addresses.get(NotifyChannel.EMAIL),
        "phone": addresses.get(NotifyChannel.SMS),
        "external_id": addresses.get(NotifyChannel.WEBHOOK),
    }
    needed = [name for name in values if "{" + name + "}" in template]
    if not needed or any(not values[name] for name in needed):
        return None
    return template.format(**{k: v or "" for k, v in values.items()})
