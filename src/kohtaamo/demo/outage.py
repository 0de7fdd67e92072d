"""The storm's outage contacts, ingested once the outage's messages have gone out.

What a notification is for: a customer who has been told about the outage (and when the power should be
back) calls less about it. The planner made every outage contact as if nobody had been told; here each
inbound outage contact that starts after the customer's first message about the outage is skipped with
probability ``AVOIDED``, and a skipped contact takes the follow-ups it would have brought with it. The
draws are random per contact (some told customers still call, some untold ones stay quiet), so the
deflection page measures an effect with the noise a real one has, and nothing on the page is planted
as a figure: it comes from the same rows and the same estimator as production data.
"""

from datetime import datetime

from django.db.models import Min

from kohtaamo.notify.models import Delivery, Incident
from kohtaamo.timeline.models import CustomerIdentity

from .context import ClientWorld, DemoContext
from .interactions import ingest_records

# Share of outage contacts a told customer no longer makes: utilities report 20–50 % fewer calls
# from customers who got a proactive outage message.
AVOIDED = 0.4


def outage_contacts_step(ctx: DemoContext) -> None:
    """Ingest each workspace's held-back outage contacts, minus those the outage messages avoided."""
    for world in ctx.clients.values():
        if not world.outage_contacts:
            continue
        kept = kept_records(ctx, world, first_told(world))
        ingest_records(ctx, world, kept, "outage contacts")
        world.records += kept
        world.outage_contacts = []


def first_told(world: ClientWorld) -> dict[str, datetime]:
    """When each customer (by customer number) was first sent a message about an outage."""
    sent = dict(
        Delivery.objects.of(world.workspace)
        .filter(incident__kind=Incident.Kind.OUTAGE, status=Delivery.Status.SENT)
        .values("customer_id")
        .annotate(first=Min("sent_at"))
        .values_list("customer_id", "first")
    )
    numbers = (
        CustomerIdentity.objects.of(world.workspace)
        .filter(kind="external_id", customer_id__in=list(sent))
        .values_list("value", "customer_id")
    )
    return {number: sent[customer_id] for number, customer_id in numbers}


def kept_records(ctx: DemoContext, world: ClientWorld, told: dict[str, datetime]) -> list[dict]:
    """The outage records still made, in time order: a told customer's inbound contact is avoided with
    probability ``AVOIDED``, and the rest of that matter's contacts go with it."""
    rng = ctx.rng(f"outage contacts:{world.spec.slug}")
    avoided: set[int] = set()  # id() of the first contact of each matter given up
    kept = []
    for contact, record in world.outage_contacts:
        matter = id(contact.opened_by or contact)
        if matter in avoided:
            continue
        when = told.get(contact.customer.external_id)
        after = contact.direction == "inbound" and when is not None and contact.started >= when
        if after and rng.random() < AVOIDED:
            avoided.add(matter)
            continue
        kept.append(record)
    return kept
