"""Steps that set up the organisation: demo users, the client workspaces, their teams, queues and agents."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from kohtaamo.workspaces.access import Role
from kohtaamo.workspaces.models import Agent, Queue, Team, Workspace
from kohtaamo.workspaces.services import membership_set, user_create, workspace_create

from .clients import CLIENTS, ClientSpec
from .context import ClientWorld, DemoAgent, DemoContext
from .labels import display_labels
from .names import FIRST_NAMES, LAST_NAMES

PASSWORD = "kohtaamo-demo"  # noqa: S105 -- printed to the user on purpose: it is a demo
TIME_ZONE = "Europe/Helsinki"


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    role: str
    workspaces: tuple[str, ...] = ("voima", "linkki")
    is_superuser: bool = False


DEMO_USERS = (
    DemoUser("admin@kohtaamo.demo", "Pia Lindholm", Role.ADMIN, is_superuser=True),
    DemoUser("cx@kohtaamo.demo", "Sanna Mäkelä", Role.CX_MANAGER),
    DemoUser("qa@kohtaamo.demo", "Jussi Heikkinen", Role.QA_EVALUATOR),
    DemoUser("lead@kohtaamo.demo", "Kaisa Nieminen", Role.TEAM_LEAD),
    DemoUser("agent@kohtaamo.demo", "Aino Korhonen", Role.AGENT, workspaces=("voima",)),
)
# The team the demo team lead leads, and the agent user works in, per workspace.
LED_TEAMS = {"voima": "asiakaspalvelu-helsinki", "linkki": "asiakaspalvelu-tampere"}
AGENT_USER_TEAM = ("voima", "asiakaspalvelu-helsinki")


def demo_exists() -> bool:
    return Workspace.objects.filter(slug__in=[c.slug for c in CLIENTS]).count() == len(CLIENTS)


def demo_delete() -> None:
    """Remove earlier demo workspaces (with everything in them) and the demo users."""
    for workspace in Workspace.objects.filter(slug__in=[c.slug for c in CLIENTS]):
        workspace.delete()
    get_user_model().objects.filter(email__in=[u.email for u in DEMO_USERS]).delete()


def others_exist() -> bool:
    """Whether the database has users besides the demo's: a real installation, whatever else it holds."""
    return get_user_model().objects.exclude(email__in=[u.email for u in DEMO_USERS]).exists()


def users_step(ctx: DemoContext) -> None:
    # Hashing a password is deliberately slow; the demo users share one, so it is hashed once.
    hashed = make_password(PASSWORD)
    # The demo's password is printed for everyone: in a database with real users its admin administers
    # the demo workspaces only, never the whole installation.
    superuser_allowed = not others_exist()
    for spec in DEMO_USERS:
        is_superuser = spec.is_superuser and superuser_allowed
        user = user_create(email=spec.email, password=None, name=spec.name, is_superuser=is_superuser)
        user.password = hashed
        user.save(update_fields=["password"])
        ctx.users[spec.email] = user


def workspaces_step(ctx: DemoContext) -> None:
    for spec in CLIENTS:
        workspace = workspace_create(slug=spec.slug, name=spec.name, time_zone=TIME_ZONE, country="FI")
        # Set after creation: workspace_create has no parameter for a client's CRM placeholders, nor for
        # the names the client gives its attribute keys and contact reasons.
        workspace.junk_identifiers = list(spec.junk_identifiers)
        workspace.display_labels = display_labels(spec)
        workspace.full_clean()
        workspace.save(update_fields=["junk_identifiers", "display_labels"])
        ctx.clients[spec.slug] = ClientWorld(spec=spec, workspace=workspace)
        for user in DEMO_USERS:
            if spec.slug in user.workspaces:
                membership_set(workspace=workspace, user=ctx.users[user.email], role=user.role)


def organisation_step(ctx: DemoContext) -> None:
    """Teams (one run by the partner company), queues, and agents with Finnish and Swedish names."""
    lead = ctx.users[next(u.email for u in DEMO_USERS if u.role == Role.TEAM_LEAD)]
    agent_user = next(u for u in DEMO_USERS if u.role == Role.AGENT)
    for slug, world in ctx.clients.items():
        spec, workspace = world.spec, world.workspace
        Queue.objects.bulk_create([Queue(workspace=workspace, key=k, name=n) for k, n in spec.queues.items()])
        for team in spec.teams:
            world.teams[team.key] = Team.objects.create(
                workspace=workspace,
                key=team.key,
                name=team.name,
                partner=team.partner,
                lead=lead if LED_TEAMS.get(slug) == team.key else None,
            )
        world.agents = _agents(ctx, spec)
        if (slug, world.agents[0].team) == AGENT_USER_TEAM:
            world.agents[0].name = agent_user.name
        rows = [Agent(workspace=workspace, key=a.key, name=a.name, team=world.teams[a.team]) for a in world.agents]
        if slug == AGENT_USER_TEAM[0]:
            rows[0].user = ctx.users[agent_user.email]
        for agent, row in zip(world.agents, Agent.objects.bulk_create(rows), strict=True):
            agent.pk = row.pk


def _agents(ctx: DemoContext, spec: ClientSpec) -> list[DemoAgent]:
    rng = ctx.rng(f"agents:{spec.slug}")
    taken = {user.name for user in DEMO_USERS}
    agents: list[DemoAgent] = []
    for team in spec.teams:
        # Teams keep their size whatever the scale: tens of agents is part of the story.
        for _ in range(team.size):
            language = "sv" if team.languages[0] == "sv" and rng.random() < 0.7 else "fi"
            if rng.random() < 0.12:
                language = "sv" if language == "fi" else "fi"
            name = ""
            while not name or name in taken:
                name = f"{rng.choice(FIRST_NAMES[language])} {rng.choice(LAST_NAMES[language])}"
            taken.add(name)
            agents.append(
                DemoAgent(
                    key=f"{spec.customer_prefix}-A{101 + len(agents)}",
                    name=name,
                    team=team.key,
                    languages=team.languages,
                    pace=rng.lognormvariate(0, 0.18) * (1.12 if team.partner else 1.0),
                    skill=min(0.97, max(0.45, rng.gauss(0.78 if not team.partner else 0.7, 0.08))),
                )
            )
    return agents
