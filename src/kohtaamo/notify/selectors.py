"""Reads on incidents and deliveries, always scoped to the actor's workspace."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max, Min, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kohtaamo.workspaces.access import Actor

from .models import PENDING, ChannelConfig, Delivery, Incident, IncidentUpdate
from .targeting import affected_customers

OPEN = [s for s in Incident.Status.values if s not in (Incident.Status.RESOLVED, Incident.Status.CANCELLED)]


def incident_list(*, actor: Actor, status: str = "") -> QuerySet[Incident]:
    incidents = Incident.objects.filter(workspace=actor.workspace)
    if status == "open":
        incidents = incidents.filter(status__in=OPEN)
    elif status == "over":
        incidents = incidents.exclude(status__in=OPEN)
    return incidents.annotate(
        messages=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SENT)),
        dead=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.DEAD)),
    ).order_by("-started_at", "-pk")


def incident_get(*, actor: Actor, incident_id: int) -> Incident:
    incident = Incident.objects.filter(workspace=actor.workspace, pk=incident_id).first()
    if incident is None:
        raise Http404
    return incident


def incident_by_external_id(*, actor: Actor, external_id: str) -> Incident | None:
    return Incident.objects.filter(workspace=actor.workspace, external_id=external_id).first()


def delivery_counts(incident: Incident) -> dict[str, int]:
    rows = Delivery.objects.filter(incident=incident).values_list("status").annotate(n=Count("pk"))
    return {status: n for status, n in rows}


def incident_summary(*, actor: Actor, incident: Incident) -> dict:
    """The incident as the API shows it."""
    if incident.workspace_id != actor.workspace.pk:
        raise Http404
    return {
        "external_id": incident.external_id,
        "kind": incident.kind,
        "status": incident.status,
        "severity": incident.severity,
        "eta": incident.eta,
        "started_at": incident.started_at,
        "ended_at": incident.ended_at,
        "affected": affected_customers(incident).count(),
        "deliveries": delivery_counts(incident),
        "updates": list(incident.updates.order_by("sequence")),
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
    if incident.workspace_id != actor.workspace.pk:
        raise Http404
    rows = Delivery.objects.filter(incident=incident).exclude(status=Delivery.Status.SUPERSEDED)
    by_channel: dict[str, dict[str, int]] = {}
    for channel, status, n in rows.values_list("channel", "status").annotate(n=Count("pk")):
        by_channel.setdefault(channel, {})[status] = n
    rates = dict(ChannelConfig.objects.filter(workspace=actor.workspace).values_list("channel", "rate_per_second"))
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
    if incident.workspace_id != actor.workspace.pk:
        raise Http404
    return list(incident.updates.select_related("created_by").order_by("-sequence"))


def dead_letters(*, actor: Actor, incident: Incident | None = None) -> QuerySet[Delivery]:
    """Messages that will not be sent without a person's decision, with the reason."""
    rows = Delivery.objects.filter(workspace=actor.workspace, status=Delivery.Status.DEAD)
    if incident is not None:
        rows = rows.filter(incident=incident)
    return rows.select_related("customer", "incident", "update").order_by("-sending_at", "-pk")


def delivery_get(*, actor: Actor, delivery_id: int) -> Delivery:
    delivery = Delivery.objects.filter(workspace=actor.workspace, pk=delivery_id).first()
    if delivery is None:
        raise Http404
    return delivery


def customer_incidents(*, actor: Actor, customer) -> list[dict]:
    """The incidents a customer was told about, each with every message they got (or are due to get)."""
    if customer.workspace_id != actor.workspace.pk:
        raise Http404
    deliveries = (
        Delivery.objects.filter(customer=customer)
        .exclude(status=Delivery.Status.SUPERSEDED)
        .select_related("incident", "update")
        .order_by("-incident__started_at", "created_at", "pk")
    )
    incidents: dict[int, dict] = {}
    for delivery in deliveries:
        entry = incidents.setdefault(delivery.incident_id, {"incident": delivery.incident, "deliveries": []})
        entry["deliveries"].append(delivery)
    return list(incidents.values())


def channel_configs(*, actor: Actor) -> list[ChannelConfig]:
    return list(ChannelConfig.objects.filter(workspace=actor.workspace))
