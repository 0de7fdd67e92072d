"""The deflection estimate finds an effect only where there is one.

Customers are told through the real outbox at a slow SMS rate, so for an hour some have been told and
others not yet; their contacts go in through the real ingestion. With no planted effect (told and
untold customers call at the same rate) the 95 % interval must include zero; with told customers calling
half as often it must exclude zero, on the right side.
"""

import random
from datetime import timedelta

from kohtaamo.notify.models import ChannelConfig, Delivery
from kohtaamo.notify.selectors.deflection import incident_deflection
from kohtaamo.notify.services.channels import channel_config_set
from kohtaamo.notify.services.outbox import SimulatedClock, deliveries_drain, next_due
from kohtaamo.timeline.models import Customer
from kohtaamo.workspaces.access import Actor
from tests import factories

from .conftest import AFTERNOON, outage

CUSTOMERS = 240
# Contacts per customer-hour during the outage: its first hours are its busiest.
RATE = 1.2
LENGTH = timedelta(minutes=90)


def told_slowly(workspace) -> dict[int, object]:
    """Declare the outage and send it at 4 SMS a minute: the first wave takes an hour."""
    config = channel_config_set(workspace=workspace, channel="sms", mode=ChannelConfig.Mode.LOG, rate_per_second=1 / 15)
    received = outage(workspace, postal_codes=["00100"])
    clock = SimulatedClock(AFTERNOON)
    while (due := next_due(config=config, now=clock.now())) is not None:
        clock.moment = max(clock.moment, due)
        deliveries_drain(config=config, clock=SimulatedClock(clock.now()))
    sent = Delivery.objects.filter(
        incident=received.incident, status=Delivery.Status.SENT, customer__identities__kind="external_id"
    )
    return received.incident, dict(sent.values_list("customer__identities__value", "sent_at"))


def customers(workspace) -> None:
    records = [
        factories.record(
            customer={
                "external_id": f"VS-{n:05d}",
                "name": f"Asiakas {n}",
                "language": "fi",
                "postal_code": "00100",
                "phone": f"+35840{n:07d}",
            },
            started_at="2026-01-05T10:00:00+02:00",
            contact_reason="laskutus",
        )  # fmt: skip
        for n in range(CUSTOMERS)
    ]
    factories.ingest(workspace, *records)
    Customer.objects.filter(workspace=workspace).update(preferred_channel="sms")


def planted_contacts(workspace, told: dict, *, effect: float, seed: int) -> None:
    """Each customer calls as a Poisson process during the outage; after being told, at ``1 − effect``
    times the rate (thinning, so the untold part of every customer's time is left exactly as it was)."""
    rng = random.Random(seed)
    records = []
    for number, when in told.items():
        moment = AFTERNOON
        while True:
            moment += timedelta(hours=rng.expovariate(RATE))
            if moment >= AFTERNOON + LENGTH:
                break
            if moment >= when and rng.random() < effect:
                continue
            records.append(factories.record(customer={"external_id": number}, started_at=moment.isoformat(),
                                            contact_reason="sähkökatko"))  # fmt: skip
    factories.ingest(workspace, *records)


def measured(workspace, incident):
    incident.ended_at = AFTERNOON + LENGTH
    incident.save()
    return incident_deflection(
        actor=Actor(None, workspace, "admin"), incident=incident, now=AFTERNOON + timedelta(days=1)
    ).deflection


def test_it_finds_no_effect_where_none_was_planted(voima):
    customers(voima)
    incident, told = told_slowly(voima)
    spread = sorted(told.values())
    assert len(told) == CUSTOMERS and spread[-1] - spread[0] > timedelta(minutes=55)
    planted_contacts(voima, told, effect=0.0, seed=11)

    d = measured(voima, incident)
    assert not d.too_few and d.control_contacts > 50 and d.notified_contacts > 50
    assert d.low < 0 < d.high
    assert not d.clear


def test_it_finds_an_effect_where_one_was_planted(voima):
    customers(voima)
    incident, told = told_slowly(voima)
    planted_contacts(voima, told, effect=0.5, seed=11)

    d = measured(voima, incident)
    assert d.clear and d.low > 0
    # Half of the told customers' calls, of about RATE × (their told time in the first hour), were avoided.
    assert 10 < d.avoided < 120
