"""Deflection of one incident: the affected customers' inbound contacts during it, against their own baseline
and against the affected customers not yet notified at the time (see ``kohtaamo.lib.incident_deflection``)."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Avg, F, Min
from django.db.models.functions import Coalesce
from django.utils import timezone

from kohtaamo.lib.incident_deflection import (
    Deflection,
    RateRatio,
    Stratum,
    contacts_split,
    exposure_split,
    rate_ratio,
    stratified_deflection,
)
from kohtaamo.notify.models import Delivery, Incident
from kohtaamo.notify.selectors.incidents import incident_visible
from kohtaamo.notify.selectors.targeting import affected_customers
from kohtaamo.timeline.models import Interaction
from kohtaamo.workspaces.access import Actor

BASELINE_DAYS = 28
AHT_DAYS = 90
HOUR = 3600.0
STRATUM = 900.0


@dataclass(frozen=True)
class IncidentDeflection:
    incident: Incident
    start: datetime
    end: datetime
    affected: int
    notified: int
    contacts: int
    by_channel: list[tuple[str, int, int]]  # channel, contacts before being told, after
    baseline: RateRatio
    deflection: Deflection
    aht_seconds: float | None
    hours: tuple[float, float, float] | None


def incident_deflection(*, actor: Actor, incident: Incident, now: datetime | None = None) -> IncidentDeflection:
    """Contacts, baseline, contacts avoided with a 95 % interval, and agent hours saved at the workspace's AHT."""
    incident_visible(actor, incident)
    now = now or timezone.now()
    start = incident.started_at
    end = max(start, min(incident.ended_at or now, now))
    customers = list(affected_customers(incident).values_list("pk", flat=True))
    told = dict(
        Delivery.objects.of(actor)
        .filter(incident=incident, status=Delivery.Status.SENT)
        .values("customer_id")
        .annotate(first=Min("sent_at"))
        .values_list("customer_id", "first")
    )
    inbound = Interaction.objects.of(actor).filter(customer_id__in=customers, direction="inbound")
    contacts = list(
        inbound.filter(started_at__gte=start, started_at__lt=end).values_list("customer_id", "started_at", "channel")
    )
    baseline_start = start - timedelta(days=BASELINE_DAYS)
    baseline_count = inbound.filter(started_at__gte=baseline_start, started_at__lt=start).count()
    span = (end - start).total_seconds() / HOUR
    baseline = rate_ratio(len(contacts), span * len(customers), baseline_count, BASELINE_DAYS * 24 * len(customers))
    deflection = _natural_control(start, end, customers, told, contacts)
    channels: dict[str, Counter] = {}
    for customer_id, started, channel in contacts:
        after = customer_id in told and started >= told[customer_id]
        channels.setdefault(channel, Counter())["after" if after else "before"] += 1
    aht = _aht_seconds(actor, end)
    hours = deflection.scaled(aht / HOUR) if aht and not deflection.too_few else None
    return IncidentDeflection(
        incident=incident,
        start=start,
        end=end,
        affected=len(customers),
        notified=sum(1 for c in customers if c in told),
        contacts=len(contacts),
        by_channel=sorted(((ch, c["before"], c["after"]) for ch, c in channels.items()), key=lambda r: -sum(r[1:])),
        baseline=baseline,
        deflection=deflection,
        aht_seconds=aht,
        hours=hours,
    )


def _natural_control(
    start: datetime, end: datetime, customers: list[int], told: dict[int, datetime], contacts: list[tuple]
) -> Deflection:
    """Quarter-hour by quarter-hour, the notified against the not yet notified.

    Only customers who were notified at some point take part: those never notified (opted out, no
    channel) are not a random group, while the send order of the others is random (see the fan-out).
    """
    customers = [c for c in customers if c in told]
    contacts = [row for row in contacts if row[0] in told]
    origin = start.timestamp()
    length = (end - start).total_seconds()
    # Quarter-hour strata (contacts ramp up fast at the start, while the first wave is still going out);
    # a long incident gets wider ones, at most ~200.
    width = max(STRATUM, length / 200)
    edges = [origin + i * width for i in range(int(length // width) + 2)]
    notified_at = [told[c].timestamp() if c in told else None for c in customers]
    control_time, notified_time = exposure_split(origin, origin + length, notified_at, edges)
    times = [started.timestamp() for _, started, _ in contacts]
    contact_told = [told[c].timestamp() if c in told else None for c, _, _ in contacts]
    control, notified = contacts_split(times, contact_told, edges)
    strata = [
        Stratum(int(n), float(nt) / HOUR, int(c), float(ct) / HOUR)
        for n, nt, c, ct in zip(notified, notified_time, control, control_time, strict=True)
    ]
    return stratified_deflection(strata)


def _aht_seconds(actor: Actor, before: datetime) -> float | None:
    """The workspace's average handle time (talk + wrap-up) of answered inbound contacts in the 90 days
    to ``before``."""
    return (
        Interaction.objects.of(actor)
        .filter(
            direction="inbound",
            handle_seconds__isnull=False,
            started_at__gte=before - timedelta(days=AHT_DAYS),
            started_at__lt=before,
        )
        .aggregate(aht=Avg(F("handle_seconds") + Coalesce("wrap_seconds", 0.0)))["aht"]
    )
