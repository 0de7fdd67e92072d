"""The customers: Finnish, Swedish and English speakers across Finland, and the identity traps among them."""

import random
from dataclasses import dataclass
from datetime import date

import phonenumbers

from kohtaamo.timeline.models import Customer, CustomerIdentity

from .clients import ClientSpec
from .context import DemoContext, DemoCustomer
from .names import AREAS, EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES, MOBILE_PREFIXES, Area, email_local_part

LANGUAGES = {"fi": 0.85, "sv": 0.10, "en": 0.05}
AGE_BANDS = {"18–29": 0.16, "30–44": 0.27, "45–64": 0.33, "65+": 0.24}
PREFERRED = {
    "18–29": {"chat": 30, "whatsapp": 20, "social": 10, "phone": 15, "email": 10, "web": 15},
    "30–44": {"phone": 25, "chat": 25, "email": 20, "web": 15, "whatsapp": 10, "sms": 5},
    "45–64": {"phone": 40, "email": 25, "chat": 15, "web": 10, "sms": 10},
    "65+": {"phone": 60, "email": 15, "in_person": 15, "sms": 10},
}


@dataclass(frozen=True)
class Trap:
    """A customer planted to prove identity resolution: one person however they spell themselves."""

    external_id: str
    name: str
    language: str
    postal_code: str
    city: str
    email: str | None = None
    email_spellings: tuple[str, ...] = ()
    phone: str | None = None


# Per workspace: the email-case trap, the phone-format trap, a family sharing one landline, and a customer
# whose first chat is anonymous and who is recognised later.
TRAPS = {
    "voima": {
        "email": Trap("VS-1000001", "Matti Virtanen", "fi", "00530", "Helsinki",
                      email="matti.virtanen@example.fi",
                      email_spellings=("Matti.Virtanen@Example.fi", "MATTI.VIRTANEN@EXAMPLE.FI")),
        "phone": Trap("VS-1000002", "Liisa Koskinen", "fi", "33200", "Tampere", phone="+358401234567"),
        "family": (Trap("VS-1000003", "Kari Lindholm", "sv", "65100", "Vaasa", phone="+358612345678"),
                   Trap("VS-1000004", "Eva Lindholm", "sv", "65100", "Vaasa", phone="+358612345678")),
        "late": Trap("VS-1000005", "Sofia Nieminen", "fi", "20100", "Turku",
                     email="sofia.nieminen@example.net"),
    },
    "linkki": {
        "email": Trap("LT-1000001", "Laura Salminen", "fi", "02150", "Espoo",
                      email="laura.salminen@example.com",
                      email_spellings=("Laura.Salminen@Example.com", "laura.salminen@EXAMPLE.COM")),
        "phone": Trap("LT-1000002", "Erik Nyström", "sv", "06100", "Porvoo", phone="+358501234567"),
        "family": (Trap("LT-1000003", "Jari Heinonen", "fi", "00350", "Helsinki", phone="+35898765432"),
                   Trap("LT-1000004", "Tiina Heinonen", "fi", "00350", "Helsinki", phone="+35898765432")),
        "late": Trap("LT-1000005", "Oliver Walker", "en", "00180", "Helsinki",
                     email="oliver.walker@example.org"),
    },
}  # fmt: skip
JUNK_CUSTOMERS = (
    {"external_id": "null"},
    {"external_id": "anonymous", "name": "Vieras"},
    {"external_id": "000000", "phone": "000000"},
    {"external_id": "-1", "phone": "anonymous", "email": "noreply@example.com"},
)


def customers_step(ctx: DemoContext) -> None:
    for slug, world in ctx.clients.items():
        rng = ctx.rng(f"customers:{slug}")
        traps = _trap_customers(ctx, world.spec, rng)
        world.customers = traps + _customers(ctx, world.spec, rng, ctx.scaled(world.spec.customers) - len(traps))


def trap_customer(ctx: DemoContext, slug: str, external_id: str) -> DemoCustomer:
    return next(c for c in ctx.clients[slug].customers if c.external_id == external_id)


def phone_spellings(e164: str) -> tuple[str, ...]:
    """``+358401234567`` as people type it: ``040 1234567``, ``358 40 123 4567``, ``040-123 4567``…"""
    national = phonenumbers.format_number(phonenumbers.parse(e164), phonenumbers.PhoneNumberFormat.NATIONAL)
    area, _, rest = national.partition(" ")
    return (
        national,
        e164,
        f"358 {area[1:]} {rest[:3]} {rest[3:]}",
        f"{area}-{rest[:3]} {rest[3:]}",
        area + rest,
    )


def _trap_customers(ctx: DemoContext, spec: ClientSpec, rng: random.Random) -> list[DemoCustomer]:
    traps = TRAPS[spec.slug]
    customers = []
    for trap in _flat(traps):
        customer = _profile(ctx, spec, rng, trap.external_id, trap.name, trap.language, trap.city, trap.postal_code)
        customer.email, customer.phone = trap.email, trap.phone
        customer.email_spellings = trap.email_spellings
        customer.whatsapp = customer.social = None
        if trap is traps["late"]:
            customer.activity = 0.0  # nothing but the planted contacts, so the anonymous chat comes first
        customers.append(customer)
    return customers


def _customers(ctx: DemoContext, spec: ClientSpec, rng: random.Random, count: int) -> list[DemoCustomer]:
    reserved = {t.name for group in TRAPS.values() for t in _flat(group)}
    numbers = rng.sample(range(1_000_100, 9_999_999), count)
    used_phones = {t.phone for group in TRAPS.values() for t in _flat(group)}
    used_emails: set[str] = set()
    customers = []
    for number in numbers:
        language = rng.choices(list(LANGUAGES), weights=list(LANGUAGES.values()))[0]
        area = _area(rng, language)
        name = ""
        while not name or name in reserved:
            first, last = rng.choice(FIRST_NAMES[language]), rng.choice(LAST_NAMES[language])
            name = f"{first} {last}"
        customer = _profile(
            ctx, spec, rng, f"{spec.customer_prefix}-{number}", name, language, area.city,
            rng.choice(area.postal_codes),
        )  # fmt: skip
        if rng.random() < 0.82:
            customer.email = _unique_email(rng, first, last, used_emails)
            if rng.random() < 0.06:
                customer.email_spellings = (customer.email.title(),)
        if rng.random() < 0.93:
            customer.phone = _unique_mobile(rng, used_phones)
            young = customer.attributes["age_band"] in ("18–29", "30–44")
            if rng.random() < (0.55 if young else 0.2):
                customer.whatsapp = f"whatsapp:{customer.phone}"
        if rng.random() < 0.2:
            network = rng.choice(("facebook", "instagram", "x"))
            customer.social = f"{network}:{email_local_part(first, last).replace('.', '_')}{rng.randrange(10, 99)}"
        customer.late_identified = customer.email is not None and rng.random() < 0.03
        customer.preferred_channel = _preferred(rng, customer)
        customers.append(customer)
    return customers


def _flat(group: dict) -> list[Trap]:
    return [group["email"], group["phone"], *group["family"], group["late"]]


def _profile(
    ctx: DemoContext,
    spec: ClientSpec,
    rng: random.Random,
    external_id: str,
    name: str,
    language: str,
    city: str,
    postal_code: str,
) -> DemoCustomer:
    age_band = rng.choices(list(AGE_BANDS), weights=list(AGE_BANDS.values()))[0]
    business = rng.random() < 0.1
    since = date(rng.randint(2008, ctx.today.year - 1), rng.randint(1, 12), rng.randint(1, 28))
    attributes = {
        "segment": "business" if business else "household",
        "age_band": age_band,
        "contract_type": spec.contract_types[-1] if business and spec.industry == "telecom" else
        rng.choice(spec.contract_types[:3]),
        "customer_since": since.isoformat(),
    }  # fmt: skip
    consent = {
        "service_sms": {"value": rng.random() < 0.85, "source": "crm"},
        "marketing_email": {"value": rng.random() < 0.35, "source": "web"},
        "surveys": {"value": rng.random() < 0.7, "source": "crm"},
    }
    activity = rng.lognormvariate(0, 0.6) * (1.6 if business else 1.0) * (1.2 if age_band == "65+" else 1.0)
    return DemoCustomer(
        external_id=external_id, name=name, language=language, postal_code=postal_code, city=city, email=None,
        phone=None, attributes=attributes, preferred_channel="phone", consent=consent, activity=activity,
    )  # fmt: skip


def _area(rng: random.Random, language: str) -> Area:
    if language == "sv":
        weights = [a.population * a.swedish for a in AREAS]
    elif language == "en":
        weights = [a.population * a.english for a in AREAS]
    else:
        weights = [a.population * (1 - a.swedish - a.english) for a in AREAS]
    return rng.choices(AREAS, weights=weights)[0]


def _unique_email(rng: random.Random, first: str, last: str, used: set[str]) -> str:
    local = email_local_part(first, last)
    email = f"{local}@{rng.choice(EMAIL_DOMAINS)}"
    while email in used:
        email = f"{local}{rng.randrange(1, 999)}@{rng.choice(EMAIL_DOMAINS)}"
    used.add(email)
    return email


def _unique_mobile(rng: random.Random, used: set[str | None]) -> str:
    phone = None
    while phone is None or phone in used:
        phone = f"+358{rng.choice(MOBILE_PREFIXES)[1:]}{rng.randrange(1_000_000, 9_999_999)}"
    used.add(phone)
    return phone


def _preferred(rng: random.Random, customer: DemoCustomer) -> str:
    options = dict(PREFERRED[customer.attributes["age_band"]])
    if not customer.whatsapp:
        options.pop("whatsapp", None)
    if not customer.social:
        options.pop("social", None)
    if not customer.email:
        options.pop("email", None)
    return rng.choices(list(options), weights=list(options.values()))[0]


def customer_profiles_step(ctx: DemoContext) -> None:
    """Preferred channel and consent come from the CRM, not from interaction records: set them afterwards."""
    for world in ctx.clients.values():
        by_number = dict(
            CustomerIdentity.objects.of(world.workspace).filter(kind="external_id").values_list("value", "customer_id")
        )
        # Grouped by value so a few UPDATEs cover thousands of customers.
        groups: dict[str, tuple[str, dict, list[int]]] = {}
        for customer in world.customers:
            pk = by_number.get(customer.external_id)
            if pk is not None:
                key = repr((customer.preferred_channel, customer.consent))
                groups.setdefault(key, (customer.preferred_channel, customer.consent, []))[2].append(pk)
        for channel, consent, ids in groups.values():
            Customer.objects.of(world.workspace).filter(pk__in=ids).update(preferred_channel=channel, consent=consent)
