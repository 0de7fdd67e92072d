"""The outsourcing partner's two clients: who works on them, what customers contact them about, and how."""

from dataclasses import dataclass

PARTNER = "Contact Partner Oy"


@dataclass(frozen=True)
class TeamSpec:
    key: str
    name: str
    size: int
    languages: tuple[str, ...] = ("fi", "en")
    partner: str = ""


@dataclass(frozen=True)
class ReasonSpec:
    """A contact reason, the queue it is routed to and the teams that answer that queue."""

    reason: str
    queue: str
    teams: tuple[str, ...]
    weight: float
    # Invoices go out at the start of the month; billing questions follow a few days later.
    billing: bool = False


@dataclass(frozen=True)
class ClientSpec:
    slug: str
    name: str
    industry: str
    customer_prefix: str
    customers: int
    interactions: int
    teams: tuple[TeamSpec, ...]
    queues: dict[str, str]
    reasons: tuple[ReasonSpec, ...]
    channel_mix: dict[str, float]
    contract_types: tuple[str, ...]
    # The client's own placeholders in its CRM: shared by thousands of records, identifying nobody.
    junk_identifiers: tuple[str, ...] = ()
    outage_reason: str = ""


VOIMA = ClientSpec(
    slug="voima",
    name="Voima Sähkö",
    industry="electricity",
    customer_prefix="VS",
    customers=4500,
    interactions=21000,
    teams=(
        TeamSpec("asiakaspalvelu-helsinki", "Asiakaspalvelu Helsinki", 14),
        TeamSpec("asiakaspalvelu-vaasa", "Asiakaspalvelu Vaasa", 7, ("sv", "fi", "en")),
        TeamSpec("vikapalvelu", "Vikapalvelu", 8, ("fi", "sv")),
        TeamSpec("myynti", "Myynti", 5),
        TeamSpec("contact-partner", "Contact Partner – ylivuoto", 7, partner=PARTNER),
    ),
    queues={
        "laskutus": "Laskutus",
        "sopimukset": "Sopimukset",
        "muutot": "Muutot",
        "viat": "Viat ja sähkökatkot",
        "myynti": "Myynti ja energianeuvonta",
    },
    reasons=(
        ReasonSpec("laskutus", "laskutus", ("asiakaspalvelu-helsinki", "contact-partner"), 26, billing=True),
        ReasonSpec("maksuaika", "laskutus", ("asiakaspalvelu-helsinki", "contact-partner"), 8, billing=True),
        ReasonSpec("mittarilukema", "laskutus", ("asiakaspalvelu-helsinki", "contact-partner"), 7),
        ReasonSpec("sopimus", "sopimukset", ("asiakaspalvelu-helsinki", "myynti"), 17),
        ReasonSpec("muutto", "muutot", ("asiakaspalvelu-helsinki", "contact-partner"), 16),
        ReasonSpec("sähkökatko", "viat", ("vikapalvelu",), 9),
        ReasonSpec("aurinkopaneelit", "myynti", ("myynti",), 5),
        ReasonSpec("energianeuvonta", "myynti", ("myynti",), 5),
    ),
    channel_mix={
        "phone": 42,
        "chat": 17,
        "email": 14,
        "web": 9,
        "whatsapp": 6,
        "sms": 5,
        "social": 4,
        "in_person": 3,
    },  # fmt: skip
    contract_types=("pörssisähkö", "määräaikainen", "toistaiseksi voimassa", "vihreä sähkö"),
    junk_identifiers=("eiosoite@voima.fi", "tuntematon"),
    outage_reason="sähkökatko",
)

LINKKI = ClientSpec(
    slug="linkki",
    name="Linkki Telecom",
    industry="telecom",
    customer_prefix="LT",
    customers=4500,
    interactions=17000,
    teams=(
        TeamSpec("asiakaspalvelu-tampere", "Asiakaspalvelu Tampere", 14),
        TeamSpec("asiakaspalvelu-turku", "Asiakaspalvelu Turku", 6, ("sv", "fi", "en")),
        TeamSpec("tekninen-tuki", "Tekninen tuki", 10),
        TeamSpec("myynti", "Myynti", 5),
        TeamSpec("contact-partner", "Contact Partner – ylivuoto", 6, partner=PARTNER),
    ),
    queues={
        "laskutus": "Laskutus",
        "tekninen-tuki": "Tekninen tuki",
        "sopimukset": "Liittymät ja sopimukset",
        "muutot": "Muutot",
        "laitteet": "Laitteet",
        "myynti": "Myynti",
    },
    reasons=(
        ReasonSpec("laskutus", "laskutus", ("asiakaspalvelu-tampere", "contact-partner"), 24, billing=True),
        ReasonSpec("verkkovika", "tekninen-tuki", ("tekninen-tuki",), 19),
        ReasonSpec("liittymä", "sopimukset", ("asiakaspalvelu-tampere", "myynti"), 15),
        ReasonSpec("muutto", "muutot", ("asiakaspalvelu-tampere", "contact-partner"), 9),
        ReasonSpec("laitteet", "laitteet", ("tekninen-tuki", "contact-partner"), 11),
        ReasonSpec("roaming", "laskutus", ("asiakaspalvelu-tampere",), 6),
        ReasonSpec("tarjous", "myynti", ("myynti",), 10),
    ),
    channel_mix={
        "phone": 35,
        "chat": 21,
        "email": 10,
        "whatsapp": 10,
        "web": 8,
        "social": 7,
        "sms": 5,
        "in_person": 4,
    },  # fmt: skip
    contract_types=("mobiililiittymä", "laajakaista", "mobiili + laajakaista", "yritysliittymä"),
    junk_identifiers=("asiakas@linkki.fi",),
)

CLIENTS = (VOIMA, LINKKI)
