"""What the demo's steps share: the seed, the fixed "today", and what earlier steps built."""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from rich.progress import Progress

from .clients import ClientSpec


@dataclass
class DemoAgent:
    key: str
    name: str
    team: str
    languages: tuple[str, ...]
    # Multiplies handle time (1.0 = average) and the chance of solving a matter at once.
    pace: float
    skill: float
    pk: int | None = None


@dataclass
class DemoCustomer:
    external_id: str
    name: str
    language: str
    postal_code: str
    city: str
    email: str | None
    phone: str | None  # E.164; records spell it the many ways people and systems do
    attributes: dict[str, Any]
    preferred_channel: str
    consent: dict[str, dict[str, Any]]
    # How often this customer gets in touch, relative to others.
    activity: float
    whatsapp: str | None = None
    social: str | None = None
    email_spellings: tuple[str, ...] = ()
    # First contact arrives unidentified (no customer number), so the timeline merges it on a later one.
    late_identified: bool = False


@dataclass(frozen=True)
class Storm:
    """The storm week: an outage peak in the electricity workspace."""

    name: str
    start: date
    # Extra outage contacts per day, as a multiple of an ordinary day's phone volume.
    surge: tuple[float, ...]
    areas: tuple[str, ...]

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(len(self.surge))]


@dataclass
class ClientWorld:
    """One client workspace as the demo builds it."""

    spec: ClientSpec
    workspace: Any = None
    teams: dict[str, Any] = field(default_factory=dict)
    agents: list[DemoAgent] = field(default_factory=list)
    customers: list[DemoCustomer] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)
    # The storm's outage contacts (and their follow-ups), as (contact, record): held back from the first
    # ingestion until the outage's messages are sent, because whether a customer still calls depends on
    # when they were told (``kohtaamo.demo.outage``).
    outage_contacts: list[tuple[Any, dict[str, Any]]] = field(default_factory=list)
    report: Any = None


@dataclass
class DemoContext:
    """Handed to every step; a step reads what earlier steps left here and adds its own results."""

    seed: int
    today: date
    now: datetime
    scale: float
    progress: Progress
    users: dict[str, Any] = field(default_factory=dict)
    clients: dict[str, ClientWorld] = field(default_factory=dict)
    storm: Storm | None = None

    @property
    def start(self) -> date:
        """The first day of the six months of history; the last day is yesterday."""
        return self.today - timedelta(days=182)

    @property
    def workspaces(self) -> dict[str, Any]:
        return {slug: world.workspace for slug, world in self.clients.items()}

    def rng(self, topic: str) -> random.Random:
        # One stream per topic: a step added later draws its own numbers and leaves the others' data as is.
        return random.Random(f"{self.seed}:{topic}")

    def scaled(self, n: int, minimum: int = 1) -> int:
        return max(minimum, round(n * self.scale))
