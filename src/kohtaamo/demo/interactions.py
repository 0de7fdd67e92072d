"""Interaction records: how each one names its customer, the planted identity traps, and ingestion.

Source systems know customers differently: the phone system sees a caller's number however the network
spells it, email sees an address in whatever case the customer typed, the CRM adds the customer number
when an agent finds the customer. Records are named that way here, in time order, so the timeline's
identity resolution sees what it would see in production.
"""

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

from kohtaamo.lib.identity import normalise_email, normalise_handle, normalise_phone
from kohtaamo.timeline.ingest import interactions_ingest

from .contacts import BEHAVIOUR, Contact, ContactPlanner
from .context import ClientWorld, DemoContext, DemoCustomer
from .people import JUNK_CUSTOMERS, TRAPS, phone_spellings, trap_customer
from .rhythm import HELSINKI
from .transcripts import SCRIPT_LINE


class DemoBuildError(Exception):
    """The generator produced a record the ingestion rejected: a bug in the demo, not in the data."""


def contacts_step(ctx: DemoContext) -> None:
    for world in ctx.clients.values():
        planner = ContactPlanner(ctx, world)
        planner.plan()
        _plant_traps(ctx, world, planner)
        naming = CustomerNaming(ctx, world)
        # Named together, in time order, so identities and record numbers do not depend on what is held back.
        named = [(c, naming.record(n, c)) for n, c in enumerate(sorted(planner.contacts, key=_started), 1)]
        world.records = [record for contact, record in named if contact.outage is None]
        world.outage_contacts = [(contact, record) for contact, record in named if contact.outage is not None]


def ingest_step(ctx: DemoContext) -> None:
    """Everything goes in through the one ingestion path, exactly like an import or the API (the storm's
    outage contacts later, once their customers have been told: ``kohtaamo.demo.outage``)."""
    for world in ctx.clients.values():
        world.report = ingest_records(ctx, world, world.records, "interactions")


def ingest_records(ctx: DemoContext, world: ClientWorld, records: list[dict[str, Any]], what: str) -> Any:
    """Ingest ``records`` into the world's workspace; a rejected record is a bug of the generator."""
    task = ctx.progress.add_task(f"{world.spec.name}: {what}", total=len(records))
    report = interactions_ingest(
        workspace=world.workspace,
        records=enumerate(records),
        default_source="demo",
        progress=lambda n: ctx.progress.advance(task, n),
    )
    if report.rejected:
        first = report.rejected[0]
        raise DemoBuildError(f"{len(report.rejected)} demo records rejected, first: {first.as_dict()}")
    return report


def _started(contact: Contact) -> datetime:
    return contact.started


class CustomerNaming:
    """Names each record's customer the way its source system would, in time order."""

    def __init__(self, ctx: DemoContext, world: ClientWorld) -> None:
        self.rng = ctx.rng(f"naming:{world.spec.slug}")
        self.spec = world.spec
        self.junk_email = next((j for j in world.spec.junk_identifiers if "@" in j), None)
        # What the timeline already links to each customer number: a record naming one of these needs
        # no customer number to be recognised.
        self.known: dict[str, set[str]] = defaultdict(set)
        self.seen: set[str] = set()

    def record(self, n: int, contact: Contact) -> dict[str, Any]:
        behaviour = BEHAVIOUR[contact.channel]
        record = {
            "external_id": f"{self.spec.customer_prefix}-{behaviour.source.upper()}-{n:07d}",
            **contact.record,
        }
        record["source"] = behaviour.source
        if contact.payload is not None:
            payload = contact.payload
            self._remember(contact.customer, payload)
        else:
            payload = self._payload(contact)
        self.seen.add(contact.customer.external_id)
        if payload:
            record["customer"] = payload
        return record

    def _payload(self, contact: Contact) -> dict[str, Any]:
        customer, channel = contact.customer, contact.channel
        if channel == "phone" and self.rng.random() < 0.004:
            return dict(self.rng.choice(JUNK_CUSTOMERS))  # a hidden number and the IVR's placeholder
        payload = self._channel_identifiers(customer, channel)
        found = _normalised(payload) & self.known[customer.external_id]
        identified = contact.direction == "outbound" or self.rng.random() < BEHAVIOUR[channel].identified
        if not identified and not found:
            # First contact of a customer the timeline will only later connect: left anonymous on purpose.
            anonymous_first = customer.late_identified and customer.external_id not in self.seen and payload
            identified = not anonymous_first
        if identified:
            self._remember(customer, payload)
            payload.update(_profile(customer))
            if self.junk_email and self.rng.random() < 0.008:
                payload["email"] = self.junk_email  # the CRM's "no address" placeholder
        elif channel in ("email", "chat", "social"):
            payload["name"] = customer.name  # from the signature or the pre-chat form
            if "email" in payload and self.rng.random() < 0.01:
                payload["external_id"] = self.rng.choice(("null", "anonymous", "-1"))
        return payload

    def _channel_identifiers(self, customer: DemoCustomer, channel: str) -> dict[str, Any]:
        if channel in ("phone", "sms") and customer.phone:
            return {"phone": self.rng.choice(phone_spellings(customer.phone))}
        if channel in ("email", "chat", "web") and customer.email:
            return {"email": self.rng.choice(customer.email_spellings or (customer.email,))}
        if channel == "whatsapp" and customer.whatsapp:
            return {"handle": customer.whatsapp}
        if channel == "social" and customer.social:
            return {"handle": customer.social}
        return {}

    def _remember(self, customer: DemoCustomer, payload: dict[str, Any]) -> None:
        if payload.get("external_id") == customer.external_id:
            self.known[customer.external_id] |= _normalised(payload)


def _normalised(payload: dict[str, Any]) -> set[str]:
    values = (
        normalise_phone(payload.get("phone")),
        normalise_email(payload.get("email")),
        normalise_handle(payload.get("handle")),
    )
    return {v for v in values if v}


def _profile(customer: DemoCustomer) -> dict[str, Any]:
    return {
        "external_id": customer.external_id,
        "name": customer.name,
        "language": customer.language,
        "postal_code": customer.postal_code,
        "attributes": customer.attributes,
    }


# -- planted traps ---------------------------------------------------------------------------------
def _plant_traps(ctx: DemoContext, world: ClientWorld, planner: ContactPlanner) -> None:
    """The same person spelled many ways, a family landline, and junk ids: each planted at any scale."""
    slug, traps = world.spec.slug, TRAPS[world.spec.slug]
    billing = world.spec.reasons[0]
    email = trap_customer(ctx, slug, traps["email"].external_id)
    phone = trap_customer(ctx, slug, traps["phone"].external_id)
    first, second = (trap_customer(ctx, slug, t.external_id) for t in traps["family"])
    late = trap_customer(ctx, slug, traps["late"].external_id)
    landline = phone_spellings(first.phone)
    plants: list[tuple[int, str, DemoCustomer, dict[str, Any]]] = [
        (12, "chat", email, {**_profile(email), "email": email.email}),
        (30, "email", email, {"email": email.email_spellings[0], "name": email.name}),
        (75, "email", email, {"email": email.email_spellings[1]}),
        (90, "chat", email, {"external_id": "null", "email": email.email_spellings[0], "name": email.name}),
        (
            15,
            "phone",
            phone,
            {**_profile(phone), "phone": "040 1234567" if slug == "voima" else "050 1234567"},
        ),
        (40, "phone", phone, {"phone": phone.phone}),
        (100, "sms", phone, {"phone": phone_spellings(phone.phone)[2]}),
        (20, "phone", first, {**_profile(first), "phone": landline[0]}),
        (22, "phone", second, {**_profile(second), "phone": landline[1]}),
        (60, "phone", first, {"phone": landline[2]}),
        (8, "chat", late, {"email": late.email, "name": late.name}),
        (9, "email", late, {**_profile(late), "email": late.email}),
    ]
    for i, junk in enumerate(JUNK_CUSTOMERS):
        plants.append((5 + 40 * i, ("phone", "web", "chat", "phone")[i], email, dict(junk)))
    if world.spec.junk_identifiers:
        plants.append((130, "email", phone, {**_profile(phone), "email": world.spec.junk_identifiers[0]}))
    for offset, channel, customer, payload in plants:
        planner.play(Contact(customer, _office_hours(ctx, offset), channel, billing, payload=payload))
    if slug == "voima":
        # The one transcript line with markup in it, to prove it is shown as text.
        started = _office_hours(ctx, 120)
        line = SCRIPT_LINE[phone.language]
        planner.play(Contact(phone, started, "chat", billing, payload=_profile(phone), first_line=line))


def _office_hours(ctx: DemoContext, offset: int) -> datetime:
    day = ctx.start + timedelta(days=offset)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day, 10, 15, tzinfo=HELSINKI).astimezone(UTC)
