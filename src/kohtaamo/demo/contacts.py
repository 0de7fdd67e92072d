"""Planning contacts: who gets in touch when, on which channel, how long they wait, and what happens next.

Each contact becomes one canonical interaction record. An unresolved matter brings the customer back:
a chat continued on the phone the next day under the same case reference, or simply another contact on
the same reason a few days later (the timeline recognises that as a repeat contact by itself).
"""

import itertools
import math
from bisect import bisect
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from .clients import ReasonSpec
from .context import ClientWorld, DemoAgent, DemoContext, DemoCustomer
from .rhythm import HELSINKI, channel_mix, day_factor, finnish_holidays, history, moment, storm_congestion
from .transcripts import transcript


@dataclass(frozen=True)
class Behaviour:
    source: str  # the system the record comes from
    wait: tuple[float, float] | None  # median seconds and log-spread; None: no queue (self-service)
    handle: tuple[float, float]
    wrap: tuple[float, float] | None
    patience: float | None  # how long callers typically hold on; None: nobody abandons a message
    identified: float  # share of contacts that arrive with the customer number
    transcripts: float  # share of answered contacts with a transcript


# Phone waits: a median of 14 s with a long tail, so about 60 % are answered within 20 s and the average
# wait is near half a minute: a centre a little short of its 80/20 goal, as most are, not one in crisis.
BEHAVIOUR = {
    "phone": Behaviour("acd", (14, 1.1), (320, 0.55), (40, 0.5), 1500, 0.7, 0.08),
    "chat": Behaviour("chat", (35, 0.9), (540, 0.5), (25, 0.5), 500, 0.55, 0.35),
    "email": Behaviour("email", (14_400, 1.0), (260, 0.6), (30, 0.5), None, 0.4, 0.0),
    "whatsapp": Behaviour("messaging", (900, 1.0), (420, 0.6), (25, 0.5), None, 0.35, 0.25),
    "social": Behaviour("social", (2_400, 1.0), (240, 0.6), (20, 0.5), None, 0.1, 0.0),
    "sms": Behaviour("sms", (1_800, 1.0), (90, 0.6), (15, 0.5), None, 0.5, 0.0),
    "web": Behaviour("web", None, (200, 0.7), None, None, 1.0, 0.0),
    "in_person": Behaviour("store", (300, 0.8), (780, 0.5), (60, 0.5), 2_400, 1.0, 0.0),
}
WRITTEN = frozenset({"chat", "email", "whatsapp", "social", "sms", "web"})
STORM_CHANNELS = {"phone": 78, "web": 8, "chat": 5, "social": 5, "sms": 4}
# When the storm brings the lines down (local time on its first day), this share of the customers in the
# storm's areas gets in touch within the next hours, most of them in the first one: "where is my power?".
POWER_CUT = (14, 25)
POWER_CUT_SHARE = 0.2
POWER_CUT_MINUTES = 50  # mean delay of those first contacts
# Extra contacts that follow-ups add on top of first contacts (measured on the generated data).
FOLLOW_UP_SHARE = 0.2


@dataclass
class Contact:
    customer: DemoCustomer
    started: datetime  # UTC
    channel: str
    reason: ReasonSpec
    direction: str = "inbound"
    case_ref: str | None = None
    outage: str | None = None
    depth: int = 0
    # Set for planted identity traps: the customer exactly as the record names them.
    payload: dict[str, Any] | None = None
    first_line: str | None = None
    record: dict[str, Any] = field(default_factory=dict)
    # The contact that opened this matter (itself for a first contact): an avoided contact avoids the
    # follow-ups it would have brought.
    opened_by: "Contact | None" = field(default=None, repr=False)


class ContactPlanner:
    """Plans one client's six months of contacts."""

    def __init__(self, ctx: DemoContext, world: ClientWorld) -> None:
        self.ctx, self.world, self.spec = ctx, world, world.spec
        self.rng = ctx.rng(f"contacts:{self.spec.slug}")
        self.calendar = finnish_holidays(ctx)
        self.days = history(ctx)
        self.contacts: list[Contact] = []
        self.case_numbers = itertools.count(1001)
        self.by_team: dict[str, list[DemoAgent]] = {}
        for agent in world.agents:
            self.by_team.setdefault(agent.team, []).append(agent)
        self.sv_team = next((t.key for t in self.spec.teams if t.languages[0] == "sv"), None)
        self.customers = world.customers
        self.cumulative = list(itertools.accumulate(c.activity for c in self.customers))
        # WhatsApp and social media reach only the customers who use them.
        self.pools = {
            "whatsapp": _pool([c for c in self.customers if c.whatsapp]),
            "social": _pool([c for c in self.customers if c.social]),
        }
        factors = [day_factor(day, self.calendar) for day in self.days]
        self.per_unit = ctx.scaled(self.spec.interactions) / (1 + FOLLOW_UP_SHARE) / sum(factors)

    # -- first contacts ------------------------------------------------------------------------
    def plan(self) -> list[Contact]:
        for day in self.days:
            mix = channel_mix(self.spec.channel_mix, day, self.calendar)
            for _ in range(self._count(self.per_unit * day_factor(day, self.calendar))):
                customer, channel = self._customer_and_channel(mix)
                started = moment(self.rng, day, channel, self.calendar)
                self.play(Contact(customer, started.astimezone(UTC), channel, self._reason(day)))
        if self.spec.outage_reason and self.ctx.storm:
            self._storm()
        return self.contacts

    def _count(self, expected: float) -> int:
        # Stochastic rounding keeps small scales honest: 0.3 contacts a day is one contact every third day.
        expected *= self.rng.uniform(0.9, 1.1)
        return int(expected) + (self.rng.random() < expected % 1)

    def _customer(self, pool: list[DemoCustomer] | None = None, cumulative: list[float] | None = None) -> DemoCustomer:
        pool, cumulative = pool or self.customers, cumulative or self.cumulative
        return pool[bisect(cumulative, self.rng.random() * cumulative[-1])]

    def _customer_and_channel(self, mix: dict[str, float]) -> tuple[DemoCustomer, str]:
        """Some customers use the channel they prefer; otherwise the channel mix decides, then who."""
        if self.rng.random() < 0.35:
            customer = self._customer()
            return customer, self._channel(customer, mix)
        channel = self.rng.choices(list(mix), weights=list(mix.values()))[0]
        if channel in self.pools and self.pools[channel][0]:
            return self._customer(*self.pools[channel]), channel
        customer = self._customer()
        return customer, usable_channel(channel, customer)

    def _channel(self, customer: DemoCustomer, mix: dict[str, float]) -> str:
        if self.rng.random() < 0.4 and mix.get(customer.preferred_channel):
            return usable_channel(customer.preferred_channel, customer)
        return usable_channel(self.rng.choices(list(mix), weights=list(mix.values()))[0], customer)

    def _reason(self, day: date) -> ReasonSpec:
        # Invoices go out on the 1st: billing questions peak a few days later.
        boost = 1.8 if 3 <= day.day <= 8 else 1.0
        weights = [r.weight * (boost if r.billing else 1.0) for r in self.spec.reasons]
        return self.rng.choices(self.spec.reasons, weights=weights)[0]

    def _storm(self) -> None:
        storm = self.ctx.storm
        reason = next(r for r in self.spec.reasons if r.reason == self.spec.outage_reason)
        pool = [c for c in self.customers if c.city in storm.areas]
        cumulative = list(itertools.accumulate(c.activity for c in pool))
        phone_share = self.spec.channel_mix["phone"] / sum(self.spec.channel_mix.values())
        for i, (day, surge) in enumerate(zip(storm.days, storm.surge, strict=True)):
            ordinary_phone = self.per_unit * day_factor(day, self.calendar) * phone_share
            for _ in range(self._count(ordinary_phone * surge)):
                customer = self._customer(pool, cumulative)
                channel = self._storm_channel(customer)
                started = moment(self.rng, day, channel, self.calendar, "storm_onset" if i == 0 else "storm")
                self._outage_contact(customer, started.astimezone(UTC), channel, reason)
        hour, minute = POWER_CUT
        cut = datetime(storm.start.year, storm.start.month, storm.start.day, hour, minute, tzinfo=HELSINKI)
        for _ in range(self._count(len(pool) * POWER_CUT_SHARE)):
            customer = self._customer(pool, cumulative)
            later = cut + timedelta(minutes=self.rng.expovariate(1 / POWER_CUT_MINUTES))
            self._outage_contact(customer, later.astimezone(UTC), self._storm_channel(customer), reason)

    def _storm_channel(self, customer: DemoCustomer) -> str:
        channels, weights = list(STORM_CHANNELS), list(STORM_CHANNELS.values())
        return usable_channel(self.rng.choices(channels, weights=weights)[0], customer)

    def _outage_contact(self, customer: DemoCustomer, started: datetime, channel: str, reason: ReasonSpec) -> None:
        storm = self.ctx.storm
        assert storm is not None
        outage = f"KATKO-{storm.start:%Y%m%d}-{customer.city.upper()}"
        self.play(Contact(customer, started, channel, reason, outage=outage))

    # -- one contact and what follows -----------------------------------------------------------
    def play(self, contact: Contact) -> None:
        """Turn a contact into a record, then plan the customer's next contact if the matter stays open."""
        opener = contact
        while contact is not None:
            contact.opened_by = opener
            contact.record = self.record(contact)
            self.contacts.append(contact)
            contact = self._follow_up(contact)

    def record(self, contact: Contact) -> dict[str, Any]:
        behaviour = BEHAVIOUR[contact.channel]
        record: dict[str, Any] = {
            "channel": contact.channel,
            "direction": contact.direction,
            "started_at": local(contact.started),
            "contact_reason": contact.reason.reason,
        }
        if contact.case_ref:
            record["case_ref"] = contact.case_ref
        if contact.outage:
            record["attributes"] = {"outage_id": contact.outage}
        if behaviour.wait is None:
            handle = self._seconds(behaviour.handle)
            record.update(ended_at=local(contact.started + timedelta(seconds=handle)), handle_seconds=handle)
            record["outcome"] = "resolved" if self.rng.random() < 0.55 else "unresolved"
            return record
        record["queue"] = contact.reason.queue
        wait = self._wait(contact, behaviour)
        if self._abandons(contact, behaviour, wait):
            gave_up = round(wait * self.rng.uniform(0.3, 1.0))
            record.update(ended_at=local(contact.started + timedelta(seconds=gave_up)), wait_seconds=gave_up)
            record["outcome"] = "abandoned"
            return record
        record.update(self._answered(contact, behaviour, wait))
        return record

    def _answered(self, contact: Contact, behaviour: Behaviour, wait: int) -> dict[str, Any]:
        agent = self._agent(contact)
        handle = self._seconds(behaviour.handle, agent.pace * (1.25 if contact.outage else 1.0))
        answered = contact.started + timedelta(seconds=wait)
        outcome = self._outcome(contact, agent)
        fields = {
            "answered_at": local(answered),
            "ended_at": local(answered + timedelta(seconds=handle)),
            "wait_seconds": wait,
            "handle_seconds": handle,
            "wrap_seconds": self._seconds(behaviour.wrap) if behaviour.wrap else None,
            "agent": {"id": agent.key, "name": agent.name},
            "team": agent.team,
            "outcome": outcome,
        }
        if contact.first_line or self.rng.random() < behaviour.transcripts:
            fields["transcript"] = transcript(
                self.rng, language=contact.customer.language, reason=contact.reason.reason, outcome=outcome,
                agent=agent.name, company=self.spec.name, number=contact.customer.external_id,
                first_line=contact.first_line,
            )  # fmt: skip
        return fields

    def _seconds(self, spread: tuple[float, float], factor: float = 1.0) -> int:
        median, sigma = spread
        return max(1, round(self.rng.lognormvariate(math.log(median * factor), sigma)))

    def _wait(self, contact: Contact, behaviour: Behaviour) -> int:
        if contact.direction == "outbound":
            return self.rng.randint(4, 25)  # ringing until the customer answers the callback
        congestion = 1.0
        if self.spec.outage_reason and contact.channel in ("phone", "chat"):
            congestion = storm_congestion(self.ctx, contact.started.astimezone(HELSINKI).date())
        return self._seconds(behaviour.wait, congestion)

    def _abandons(self, contact: Contact, behaviour: Behaviour, wait: int) -> bool:
        if behaviour.patience is None or contact.direction == "outbound" or contact.payload is not None:
            return False  # planted traps always reach an agent, so their transcripts exist
        return self.rng.random() < 0.02 + 0.9 * (1 - math.exp(-wait / behaviour.patience))

    def _agent(self, contact: Contact) -> DemoAgent:
        teams = contact.reason.teams
        if contact.customer.language == "sv" and self.sv_team and teams[0].startswith("asiakaspalvelu"):
            team = self.sv_team
        else:
            team = self.rng.choices(teams, weights=[3] + [1] * (len(teams) - 1))[0]
        return self.rng.choice(self.by_team[team])

    def _outcome(self, contact: Contact, agent: DemoAgent) -> str:
        chance = agent.skill * (0.6 if contact.outage else 1.0)
        if self.rng.random() < chance:
            return "resolved"
        if contact.channel in ("phone", "chat") and self.rng.random() < 0.35:
            return "transferred"
        return "escalated" if self.rng.random() < 0.2 else "unresolved"

    def _follow_up(self, contact: Contact) -> Contact | None:
        outcome = contact.record["outcome"]
        chance = 0.04 if outcome == "resolved" else 0.55
        if contact.depth >= 3 or contact.payload is not None or self.rng.random() >= chance:
            return None
        ended = contact.started + timedelta(seconds=_duration(contact.record))
        customer, reason = contact.customer, contact.reason
        if outcome == "abandoned":
            # Calls back the same day when the queue is shorter.
            later = ended + timedelta(minutes=self.rng.randint(5, 120))
            nxt = Contact(customer, later, contact.channel, reason, case_ref=contact.case_ref)
        elif contact.channel in WRITTEN and self.rng.random() < 0.65:
            nxt = self._continue_on_phone(contact, ended)
        else:
            day = contact.started.astimezone(HELSINKI).date() + timedelta(days=self.rng.randint(1, 6))
            channel = self._channel(customer, channel_mix(self.spec.channel_mix, day, self.calendar))
            later = moment(self.rng, day, channel, self.calendar).astimezone(UTC)
            nxt = Contact(customer, later, channel, reason, case_ref=contact.case_ref)
        nxt.outage, nxt.depth = contact.outage, contact.depth + 1
        if nxt.started.astimezone(HELSINKI).date() >= self.ctx.today:
            return None
        return nxt

    def _continue_on_phone(self, contact: Contact, ended: datetime) -> Contact:
        """A written matter moves to the phone under one case reference: same day after self-service,
        otherwise the next working day, sometimes as the agent's callback."""
        if contact.case_ref is None:
            year = contact.started.astimezone(HELSINKI).year
            contact.case_ref = f"{self.spec.customer_prefix}-{year}-{next(self.case_numbers):06d}"
            contact.record["case_ref"] = contact.case_ref
        if contact.channel == "web":
            later = ended + timedelta(minutes=self.rng.randint(10, 120))
            return Contact(contact.customer, later, "phone", contact.reason, case_ref=contact.case_ref)
        day = contact.started.astimezone(HELSINKI).date() + timedelta(days=1)
        while day.weekday() >= 5 or day in self.calendar:
            day += timedelta(days=1)
        later = moment(self.rng, day, "phone", self.calendar).astimezone(UTC)
        direction = "outbound" if self.rng.random() < 0.3 else "inbound"
        return Contact(contact.customer, later, "phone", contact.reason, direction, case_ref=contact.case_ref)


def usable_channel(channel: str, customer: DemoCustomer) -> str:
    """The channel, or the nearest one this customer can use (no WhatsApp without a WhatsApp account)."""
    mobile = bool(customer.phone and customer.phone[4] in "45")
    if (channel == "whatsapp" and not customer.whatsapp) or (channel == "social" and not customer.social):
        return "chat"
    if channel == "sms" and not mobile:
        return "email" if customer.email else "phone"
    if channel == "email" and not customer.email:
        return "web"
    return channel


def _pool(customers: list[DemoCustomer]) -> tuple[list[DemoCustomer], list[float]]:
    return customers, list(itertools.accumulate(c.activity for c in customers))


def local(moment_utc: datetime) -> str:
    """Records carry local time with its offset, as Finnish source systems send them."""
    return moment_utc.astimezone(HELSINKI).isoformat()


def _duration(record: dict[str, Any]) -> float:
    return (record.get("wait_seconds") or 0) + (record.get("handle_seconds") or 0)
