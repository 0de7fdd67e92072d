"""Reads on incidents and deliveries, always scoped to the actor's workspace."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max, Min, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kohtaamo.db.filters import filter_given
from kohtaamo.notify.models import (
    PENDING,
    ChannelConfig,
    Delivery,
    Incident,
    IncidentUpdate,
    NotifyChannel,
    NotifyPolicy,
    WebhookSubscription,
)
from kohtaamo.notify.selectors.targeting import affected_customers
from kohtaamo.timeline.models import Customer
from kohtaamo.workspaces.access import Actor, get_visible_or_404

OPEN = [s for s in Incident.Status.values if s not in (Incident.Status.RESOLVED, Incident.Status.CANCELLED)]


def incident_list(*, actor: Actor, status: str = "") -> QuerySet[Incident]:
    incidents = Incident.objects.of(actor)
    if status == "open":
        incidents = incidents.filter(status__in=OPEN)
    elif status == "over":
        incidents = incidents.exclude(status__in=OPEN)
    return incidents.annotate(
        messages=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SENT)),
        dead=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.DEAD)),
    ).order_by("-started_at", "-pk")


def incident_get(*, actor: Actor, incident_id: int) -> Incident:
    return get_visible_or_404(Incident, actor, incident_id)


def incident_by_external_id(*, actor: Actor, external_id: str) -> Incident | None:
    return Incident.objects.of(actor).filter(external_id=external_id).first()


def incidents_filtered(
    *, actor: Actor, status: str = "", started_from: datetime | None = None, started_to: datetime | None = None,
    updated_since: datetime | None = None,
) -> QuerySet[Incident]:  # fmt: skip
    """Incidents for the API's list and export. ``status`` is one status, or ``open`` (not yet resolved or
    cancelled) or ``over``; ``started_to`` is exclusive, so consecutive windows never list one twice."""
    rows = Incident.objects.of(actor)
    if status == "open":
        rows = rows.filter(status__in=OPEN)
    elif status == "over":
        rows = rows.exclude(status__in=OPEN)
    else:
        rows = filter_given(rows, status=status)
    return filter_given(rows, started_at__gte=started_from, started_at__lt=started_to,
                        updated_at__gte=updated_since)  # fmt: skip


def incident_deliveries(*, actor: Actor, incident: Incident, status: str = "", channel: str = "") -> QuerySet[Delivery]:
    """The messages of one incident (superseded ones included: they say a newer update replaced them)."""
    return filter_given(_deliveries(actor, incident).select_related("update"), status=status, channel=channel)


def incident_delivery_get(*, actor: Actor, incident: Incident, delivery_id: int) -> Delivery:
    """One message of this incident; another incident's or another workspace's id is a 404."""
    return get_visible_or_404(_deliveries(actor, incident).select_related("update"), actor, delivery_id)


def incident_visible(actor: Actor, incident: Incident) -> Incident:
    """An incident handed in by the caller must be the actor's: another workspace's is a 404."""
    if incident.workspace_id != actor.workspace.pk:
        raise Http404
    return incident


def _deliveries(actor: Actor, incident: Incident) -> QuerySet[Delivery]:
    return Delivery.objects.of(actor).filter(incident=incident_visible(actor, incident))


def delivery_counts(*, actor: Actor, incident: Incident) -> dict[str, int]:
    rows = _deliveries(actor, incident).values_list("status").annotate(n=Count("pk"))
    return {status: n for status, n in rows}


def incident_summary(*, actor: Actor, incident: Incident) -> dict:
    """The incident as the API shows it."""
    deliveries = delivery_counts(actor=actor, incident=incident)
    return {
        "id": incident.pk,
        "external_id": incident.external_id,
        "kind": incident.kind,
        "status": incident.status,
        "severity": incident.severity,
        "eta": incident.eta,
        "started_at": incident.started_at,
        "ended_at": incident.ended_at,
        "affected": affected_customers(incident).count(),
        "deliveries": deliveries,
        "updates": list(IncidentUpdate.objects.of(actor).filter(incident=incident).order_by("sequence")),
    }


@dataclass(frozen=True)
class ChannelProgress:
    channel: str
    rate_per_second: float
    counts: dict[str, int]
    waiting: int
    finishes_at: datetime | None


@dataclass(frozen=True)
class Progress:
    total: int
    done: int
    counts: dict[str, int]
    channels: list[ChannelProgress]
    first_sent_at: datetime | None
    last_sent_at: datetime | None

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100

    @property
    def sending(self) -> bool:
        return self.done < self.total


def incident_progress(*, actor: Actor, incident: Incident) -> Progress:
    """How far the sending is, per channel, and when each channel will be done at its rate."""
    rows = _deliveries(actor, incident).exclude(status=Delivery.Status.SUPERSEDED)
    by_channel: dict[str, dict[str, int]] = {}
    for channel, status, n in rows.values_list("channel", "status").annotate(n=Count("pk")):
        by_channel.setdefault(channel, {})[status] = n
    rates = dict(ChannelConfig.objects.of(actor).values_list("channel", "rate_per_second"))
    now = timezone.now()
    channels = []
    for channel, counts in sorted(by_channel.items()):
        waiting = sum(counts.get(s, 0) for s in (*PENDING, Delivery.Status.SENDING))
        rate = rates.get(channel) or 0
        finishes = now + timezone.timedelta(seconds=waiting / rate) if waiting and rate else None
        channels.append(ChannelProgress(channel, rate, counts, waiting, finishes))
    totals: dict[str, int] = {}
    for counts in by_channel.values():
        for status, n in counts.items():
            totals[status] = totals.get(status, 0) + n
    total = sum(totals.values())
    done = totals.get(Delivery.Status.SENT, 0) + totals.get(Delivery.Status.DEAD, 0)
    times = rows.filter(status=Delivery.Status.SENT).aggregate(first=Min("sent_at"), last=Max("sent_at"))
    return Progress(total, done, totals, channels, times["first"], times["last"])


def incident_updates(*, actor: Actor, incident: Incident) -> list[IncidentUpdate]:
    updates = IncidentUpdate.objects.of(actor).filter(incident=incident_visible(actor, incident))
    return list(updates.select_related("created_by").order_by("-sequence"))


def dead_letters(*, actor: Actor, incident: Incident | None = None) -> QuerySet[Delivery]:
    """Messages that will not be sent without a person's decision, with the reason."""
    rows = Delivery.objects.of(actor).filter(status=Delivery.Status.DEAD)
    if incident is not None:
        rows = rows.filter(incident=incident)
    return rows.select_related("customer", "incident", "update").order_by("-sending_at", "-pk")


def deliveries_recent(*, actor: Actor, channel: str = "", status: str = "") -> QuerySet[Delivery]:
    """The outbox as a mail catcher shows it: the latest messages with their text, newest first."""
    rows = Delivery.objects.of(actor).exclude(status=Delivery.Status.SUPERSEDED)
    if channel in NotifyChannel.values:
        rows = rows.filter(channel=channel)
    if status in Delivery.Status.values:
        rows = rows.filter(status=status)
    return rows.select_related("customer", "incident").order_by("-created_at", "-pk")


def delivery_get(*, actor: Actor, delivery_id: int) -> Delivery:
    return get_visible_or_404(Delivery, actor, delivery_id)


def customer_incidents(*, actor: Actor, customer: Customer) -> list[dict]:
    """The incidents a customer was told about, each with every message they got (or are due to get)."""
    deliveries = (
        Delivery.objects.of(actor)
        .filter(customer=customer, incident__isnull=False)
        .exclude(status=Delivery.Status.SUPERSEDED)
        .select_related("incident", "update")
        .order_by("-incident__started_at", "created_at", "pk")
    )
    incidents: dict[int, dict] = {}
    for delivery in deliveries:
        entry = incidents.setdefault(delivery.incident_id, {"incident": delivery.incident, "deliveries": []})
        entry["deliveries"].append(delivery)
    return list(incidents.values())


def delivery_status_counts(*, actor: Actor) -> list[tuple[str, str, int]]:
    """How many messages the workspace has per channel and status (``kohtaamo outbox status``)."""
    rows = Delivery.objects.of(actor).values_list("channel", "status").annotate(n=Count("pk"))
    return list(rows.order_by("channel", "status"))


def channel_configs(*, actor: Actor) -> list[ChannelConfig]:
    return list(ChannelConfig.objects.of(actor).select_related("workspace"))


def notify_policy_get(*, actor: Actor) -> NotifyPolicy:
    """The workspace's notification rules; the defaults (unsaved) until someone changes them."""
    return NotifyPolicy.objects.of(actor).first() or NotifyPolicy(workspace=actor.workspace)


def subscriptions_list(*, actor: Actor) -> QuerySet[WebhookSubscription]:
    """The workspace's webhook subscriptions (their secrets never leave the model)."""
    return WebhookSubscription.objects.of(actor).order_by("pk")


def subscription_get(*, actor: Actor, subscription_id: int) -> WebhookSubscription:
    return get_visible_or_404(WebhookSubscription, actor, subscription_id)
