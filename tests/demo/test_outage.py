"""What the outage messages do in the demo: a told customer skips some outage contacts, never an untold one."""

from datetime import UTC, date, datetime, timedelta

from django.utils import timezone
from rich.progress import Progress

from kohtaamo.demo import STEPS
from kohtaamo.demo.clients import CLIENTS
from kohtaamo.demo.contacts import Contact
from kohtaamo.demo.context import ClientWorld, DemoContext, DemoCustomer
from kohtaamo.demo.outage import AVOIDED, kept_records, outage_contacts_step
from kohtaamo.demo.rhythm import HELSINKI
from kohtaamo.notify.models import Incident
from kohtaamo.notify.selectors.deflection import incident_deflection
from kohtaamo.workspaces.access import Actor

TOLD = datetime(2026, 10, 20, 12, 40, tzinfo=UTC)
VOIMA = next(spec for spec in CLIENTS if spec.slug == "voima")
REASON = next(r for r in VOIMA.reasons if r.reason == VOIMA.outage_reason)


def person(n: int) -> DemoCustomer:
    return DemoCustomer(f"VS-{n:07d}", f"Asiakas {n}", "fi", "20100", "Turku", None, None, {}, "phone", {}, 1.0)


def matter(customer: DemoCustomer, *starts: datetime, direction: str = "inbound") -> list[Contact]:
    """A first contact and its follow-ups, as the planner links them."""
    contacts = [Contact(customer, start, "phone", REASON, direction=direction, outage="KATKO") for start in starts]
    for contact in contacts:
        contact.opened_by = contacts[0]
        contact.record = {"started_at": contact.started.isoformat(), "who": customer.external_id}
    return contacts


def world_of(contacts: list[Contact]) -> ClientWorld:
    return ClientWorld(spec=VOIMA, outage_contacts=[(c, c.record) for c in sorted(contacts, key=lambda c: c.started)])


def ctx(seed: int = 7) -> DemoContext:
    return DemoContext(seed=seed, today=date(2026, 12, 2), now=timezone.now(), scale=1.0, progress=Progress())


def test_it_keeps_every_contact_of_customers_not_yet_told_or_never_told():
    told, untold = person(1), person(2)
    contacts = [
        *(c for n in range(50) for c in matter(told, TOLD - timedelta(minutes=n + 1))),
        *matter(untold, TOLD + timedelta(minutes=5), TOLD + timedelta(days=1)),
    ]
    kept = kept_records(ctx(), world_of(contacts), {told.external_id: TOLD})
    assert len(kept) == len(contacts)


def test_a_told_customer_skips_about_the_planned_share_and_the_follow_ups_go_with_it():
    people = [person(n) for n in range(2000)]
    matters = [matter(p, TOLD + timedelta(minutes=3), TOLD + timedelta(days=1)) for p in people]
    told = {p.external_id: TOLD for p in people}
    kept = kept_records(ctx(), world_of([c for m in matters for c in m]), told)

    per_customer: dict[str, int] = {}
    for record in kept:
        per_customer[record["who"]] = per_customer.get(record["who"], 0) + 1
    gave_up = sum(1 for p in people if p.external_id not in per_customer)
    # A matter given up at its first contact loses its follow-up too: nobody keeps only the follow-up.
    assert abs(gave_up / len(people) - AVOIDED) < 0.04
    called_once = sum(1 for n in per_customer.values() if n == 1)
    assert abs(called_once / (len(people) - gave_up) - AVOIDED) < 0.05  # the follow-up itself can be avoided


def test_an_agents_callback_is_not_avoided_and_the_draws_are_reproducible():
    people = [person(n) for n in range(300)]
    contacts = [c for p in people for c in matter(p, TOLD + timedelta(hours=1), direction="outbound")]
    told = {p.external_id: TOLD for p in people}
    assert len(kept_records(ctx(), world_of(contacts), told)) == len(contacts)

    inbound = [c for p in people for c in matter(p, TOLD + timedelta(hours=1))]
    first = kept_records(ctx(3), world_of(inbound), told)
    assert first == kept_records(ctx(3), world_of(inbound), told)
    assert first != kept_records(ctx(4), world_of(inbound), told)


def test_the_demo_outage_shows_contacts_avoided_with_an_interval_excluding_zero(db):
    """The electricity workspace at full size, built up to its outage contacts (the natural control needs
    a send that takes time: at a tiny scale the first wave is out in seconds and nothing can be compared)."""
    now = timezone.now()
    demo = DemoContext(seed=7, today=now.astimezone(HELSINKI).date(), now=now, scale=1.0, progress=Progress())
    for step in STEPS[: STEPS.index(outage_contacts_step) + 1]:
        step(demo)
        if "voima" in demo.clients:
            demo.clients = {"voima": demo.clients["voima"]}
    outage = Incident.objects.get(workspace=demo.clients["voima"].workspace, kind=Incident.Kind.OUTAGE)

    d = incident_deflection(actor=Actor.system(outage.workspace), incident=outage, now=now)
    assert d.notified > 0.8 * d.affected
    assert not d.deflection.too_few and d.deflection.control_contacts > 30
    assert d.deflection.clear and d.deflection.low > 0
    assert d.hours is not None and d.hours[1] > 0
