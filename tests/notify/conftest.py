"""Voima's customers around an outage: who lives where, on which channel, and what they allowed."""

from datetime import UTC, datetime
from itertools import count

import pytest

from kohtaamo.notify.models import ChannelConfig, Delivery
from kohtaamo.notify.services.channels import channel_config_set
from kohtaamo.notify.services.incidents import incident_receive
from kohtaamo.notify.services.outbox import SimulatedClock, deliveries_drain
from kohtaamo.timeline.models import Customer
from tests import factories

_n = count(1)
# A Tuesday afternoon in Helsinki (13:00 UTC = 15:00 local): outside quiet hours.
AFTERNOON = datetime(2026, 3, 3, 13, 0, tzinfo=UTC)
# 23:00 local time: inside the default quiet hours 21–08.
NIGHT = datetime(2026, 3, 3, 21, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def receivers_on_loopback_allowed(settings):
    """The tests' SMTP and HTTP receivers listen on 127.0.0.1, which an operator must allow explicitly."""
    settings.KOHTAAMO_OUTBOUND_ALLOW = ["127.0.0.1"]


def customer(workspace, *, postal_code="00100", language="fi", email=True, phone=True, preferred="email",
             consent=None, attributes=None, name=None) -> Customer:  # fmt: skip
    """A customer of ``workspace`` with the identities asked for."""
    n = next(_n)
    ref = {"external_id": f"VS-{n:05d}", "name": name or f"Asiakas {n}", "language": language,
           "postal_code": postal_code}  # fmt: skip
    if email:
        ref["email"] = f"asiakas{n}@example.fi"
    if phone:
        ref["phone"] = f"+35840{n:07d}"
    if attributes:
        ref["attributes"] = attributes
    factories.ingest(workspace, factories.record(customer=ref, started_at="2025-12-01T10:00:00+02:00"))
    found = Customer.objects.get(
        workspace=workspace, identities__kind="external_id", identities__value=ref["external_id"]
    )
    Customer.objects.filter(pk=found.pk).update(preferred_channel=preferred, consent=consent or {})
    found.refresh_from_db()
    return found


def outage(workspace, *, now=AFTERNOON, **overrides):
    payload = {
        "external_id": "KATKO-1",
        "kind": "outage",
        "title": {"fi": "Sähkökatko Kalliossa", "sv": "Elavbrott i Berghäll", "en": "Power cut in Kallio"},
        "postal_codes": ["00100"],
        "eta": "2026-03-03T18:00:00+02:00",
    }
    payload.update(overrides)
    return incident_receive(workspace=workspace, payload=payload, source="test", now=now)


@pytest.fixture
def channels(voima):
    """Email and SMS in log mode (nothing leaves the machine), fast enough that tests never wait."""
    return {
        name: channel_config_set(workspace=voima, channel=name, mode=ChannelConfig.Mode.LOG, rate_per_second=1000)
        for name in ("email", "sms")
    }


def drain(config, now=AFTERNOON, **kwargs):
    """Run one drain of ``config`` with a clock that jumps instead of sleeping."""
    return deliveries_drain(config=config, clock=SimulatedClock(now), **kwargs)


def statuses(**filters) -> list[str]:
    return sorted(Delivery.objects.filter(**filters).values_list("status", flat=True))
