"""Queues, agents and teams named in records, created on first sight and cached for the import."""

from kohtaamo.timeline.records import InteractionRecord
from kohtaamo.workspaces.access import WorkspaceOwned
from kohtaamo.workspaces.models import Agent, Queue, Team, Workspace


class Directory:
    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.reload()

    def reload(self) -> None:
        """Read the keys again (after a rolled-back batch, whose new queues and agents do not exist)."""
        self.queues = self._keys(Queue)
        self.teams = self._keys(Team)
        self.agents = self._keys(Agent)

    def _keys(self, model: type[WorkspaceOwned]) -> dict[str, int]:
        return dict(model.objects.of(self.workspace).values_list("key", "pk"))

    def _create(self, model: type[WorkspaceOwned], objects: list) -> dict[str, int]:
        model.objects.bulk_create(objects, ignore_conflicts=True)
        return self._keys(model)

    def prepare(self, records: list[InteractionRecord]) -> None:
        """Create, in bulk, the queues, teams and agents this batch names for the first time."""
        ws = self.workspace
        if new_teams := sorted({r.team for r in records if r.team and r.team not in self.teams}):
            self.teams = self._create(Team, [Team(workspace=ws, key=k, name=k) for k in new_teams])
        if new_queues := sorted({r.queue for r in records if r.queue and r.queue not in self.queues}):
            self.queues = self._create(Queue, [Queue(workspace=ws, key=k, name=k) for k in new_queues])
        new_agents = {r.agent: r for r in records if r.agent and r.agent not in self.agents}
        if new_agents:
            agents = [
                Agent(workspace=ws, key=key, name=r.agent_name or key, team_id=self.teams.get(r.team or ""))
                for key, r in sorted(new_agents.items())
            ]
            self.agents = self._create(Agent, agents)
