"""`kohtaamo demo`: an outsourcing partner's realistic contact centre with two client workspaces.

The demo is built by a list of steps sharing one :class:`DemoContext`. A feature that brings its own
demo data (surveys, evaluations, plans, incidents, journeys) adds one function to ``STEPS``; it finds the
workspaces, users, agents, customers and ingested interactions of earlier steps on the context, and draws
its random numbers from ``ctx.rng("its topic")`` so it leaves everyone else's data as it was.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from rich.progress import Progress

from kohtaamo.connectors.demo import demo_step as connectors_step
from kohtaamo.feedback.demo import demo_step as feedback_step
from kohtaamo.insights.demo import demo_step as insights_step
from kohtaamo.journeys.demo import demo_step as journeys_step
from kohtaamo.notify.demo import demo_step as notify_step
from kohtaamo.operations.demo import demo_step as operations_step
from kohtaamo.operations.demo import kpi_rollups_step
from kohtaamo.quality.demo import demo_step as quality_step
from kohtaamo.timeline.models import Case, Customer, Interaction
from kohtaamo.workspaces.models import Workspace

from .clients import CLIENTS
from .context import DemoContext
from .interactions import DemoBuildError, contacts_step, ingest_step
from .outage import outage_contacts_step
from .people import customer_profiles_step, customers_step
from .queue_log import queue_log_step
from .rhythm import HELSINKI, storm_step
from .world import (
    DEMO_USERS,
    PASSWORD,
    demo_delete,
    demo_exists,
    organisation_step,
    users_step,
    workspaces_step,
)

__all__ = ["STEPS", "DemoBuildError", "DemoContext", "DemoSummary", "demo_build"]

DEFAULT_URL = "http://127.0.0.1:8000/"

Step = Callable[[DemoContext], None]
STEPS: list[Step] = [
    users_step,
    workspaces_step,
    organisation_step,
    customers_step,
    storm_step,
    contacts_step,
    ingest_step,
    customer_profiles_step,
    # The outage's messages go out before its contacts come in: who still calls depends on who was told.
    notify_step,
    outage_contacts_step,
    customer_profiles_step,  # again, for customers first seen in an outage contact
    feedback_step,
    quality_step,
    insights_step,  # after quality: it fills the transcripts of the evaluated calls
    operations_step,
    journeys_step,
    connectors_step,
    queue_log_step,
    kpi_rollups_step,  # last: after every step that adds contacts
]


@dataclass(frozen=True)
class WorkspaceSummary:
    slug: str
    name: str
    customers: int
    interactions: int
    cases: int


@dataclass(frozen=True)
class DemoSummary:
    url: str
    password: str
    users: tuple[tuple[str, str, str], ...]  # email, role, workspaces
    workspaces: tuple[WorkspaceSummary, ...]
    built: bool
    seconds: float

    def describe(self) -> str:
        if self.built:
            lines = [f"Demo data built in {self.seconds:.0f} s."]
        else:
            lines = ["Demo data already exists (run `kohtaamo demo --fresh` to build it again)."]
        lines.append("")
        for ws in self.workspaces:
            lines.append(
                f"  {ws.name} ({ws.slug}): {ws.customers:,} customers, {ws.interactions:,} interactions, "
                f"{ws.cases:,} cases"
            )
        lines += ["", f"Open {self.url} and log in with password {self.password} as:"]
        width = max(len(email) for email, _, _ in self.users)
        lines += [f"  {email:<{width}}  {role} ({where})" for email, role, where in self.users]
        return "\n".join(lines)


def demo_build(
    *,
    seed: int = 7,
    fresh: bool = False,
    progress_factory: Callable[[], Progress] | None = None,
    scale: float = 1.0,
    url: str = DEFAULT_URL,
) -> DemoSummary:
    """Build the demo workspaces, users and six months of history, unless they exist and ``fresh`` is off."""
    began = time.monotonic()
    if not fresh and demo_exists():
        return _summary(url, built=False, seconds=time.monotonic() - began)
    now = timezone.now()
    # "Today" is fixed once: the same seed on the same day gives the same data.
    today = now.astimezone(HELSINKI).date()
    with (progress_factory or _silent_progress)() as progress:
        overall = progress.add_task("Building the demo", total=len(STEPS))
        # All or nothing: an interrupted build leaves no half-built demo behind.
        with transaction.atomic():
            demo_delete()
            ctx = DemoContext(seed=seed, today=today, now=now, scale=scale, progress=progress)
            for step in STEPS:
                progress.update(overall, description=f"Building the demo: {step.__name__.removesuffix('_step')}")
                step(ctx)
                progress.advance(overall)
        progress.update(overall, description="Building the demo")
    return _summary(url, built=True, seconds=time.monotonic() - began)


def _silent_progress() -> Progress:
    return Progress(disable=True)


def _summary(url: str, *, built: bool, seconds: float) -> DemoSummary:
    workspaces = []
    for spec in CLIENTS:
        workspace = Workspace.objects.filter(slug=spec.slug).first()
        if workspace is None:
            continue
        workspaces.append(
            WorkspaceSummary(
                slug=spec.slug,
                name=workspace.name,
                customers=Customer.objects.of(workspace).filter(merged_into=None).count(),
                interactions=Interaction.objects.of(workspace).count(),
                cases=Case.objects.of(workspace).count(),
            )
        )
    names = {spec.slug: spec.name for spec in CLIENTS}
    # Read back: the demo admin is a superuser only in a database that had no other users.
    superusers = set(
        get_user_model().objects.filter(is_superuser=True, email__in=[u.email for u in DEMO_USERS])
        .values_list("email", flat=True)
    )  # fmt: skip
    users = tuple(
        (user.email, str(user.role) + (", superuser" if user.email in superusers else ""),
         " and ".join(names[slug] for slug in user.workspaces))
        for user in DEMO_USERS
    )  # fmt: skip
    return DemoSummary(url, PASSWORD, users, tuple(workspaces), built, seconds)
