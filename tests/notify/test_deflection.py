"""The deflection of one incident from real rows: contacts, the baseline, the natural control, agent hours."""

import math
from datetime import timedelta

from kohtaamo.notify.models import Delivery
from kohtaamo.notify.selectors.deflection import incident_deflection
from kohtaamo.workspaces.access import Actor
from tests import factories

from .conftest import AFTERNOON, customer, outage


def contact(workspace, c, when, channel="phone", handle=300):
    number = c.identities.get(kind="external_id").value
    factories.ingest(workspace, factories.record(customer={"external_id": number}, channel=channel,
                     started_at=when.isoformat(), handle_seconds=handle))  # fmt: skip


def test_it_counts_contacts_and_compares_the_notified_with_the_not_yet_notified(voima, channels):
    customers = [customer(voima) for _ in range(20)]
    received = outage(voima)
    incident = received.incident
    # Half are told at once, half an hour later; the first half stays quiet, the second calls.
    early, late = customers[:10], customers[10:]
    Delivery.objects.filter(customer__in=early).update(status="sent", sent_at=AFTERNOON)
    Delivery.objects.filter(customer__in=late).update(status="sent", sent_at=AFTERNOON + timedelta(minutes=30))
    for n, c in enumerate(late):
        contact(voima, c, AFTERNOON + timedelta(minutes=2 + n))
    contact(voima, early[0], AFTERNOON + timedelta(minutes=40), channel="chat")
    incident.ended_at = AFTERNOON + timedelta(hours=1)
    incident.save()
    d = incident_deflection(actor=Actor(None, voima, "admin"), incident=incident, now=AFTERNOON + timedelta(days=1))
    assert (d.affected, d.notified, d.contacts) == (20, 20, 11)
    assert dict((ch, (b, a)) for ch, b, a in d.by_channel) == {"phone": (10, 0), "chat": (0, 1)}
    assert d.deflection.control_contacts == 10 and d.deflection.avoided > 0
    assert d.aht_seconds == 300
    assert d.hours is not None and math.isclose(d.hours[0], d.deflection.avoided * 300 / 3600)


def test_the_page_says_the_before_and_after_counts_are_not_the_comparison(client, people, voima, channels):
    """A buyer read "Phone 145 → 242" beside "50 contacts avoided" as a contradiction."""
    c = customer(voima)
    received = outage(voima)
    contact(voima, c, AFTERNOON + timedelta(minutes=5))
    page = factories.login(client, people["aino"]).get(f"/w/voima/incidents/{received.incident.pk}/").text
    assert "so these counts are not the comparison" in page


def test_too_few_contacts_are_not_estimated(voima, channels):
    customer(voima)
    received = outage(voima)
    d = incident_deflection(actor=Actor(None, voima, "admin"), incident=received.incident, now=AFTERNOON)
    assert d.deflection.too_few and d.hours is None
