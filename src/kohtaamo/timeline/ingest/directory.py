"""Queues, agents and teams named in records, created on first sight and cached for the import."""

from kohtaamo.timeline.records import InteractionRecord
from kohtaamo.workspaces.models import Agent, Queue, Team, Workspace


class Directory:
    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.queues = {q.key: q.pk for q in Queue.objects.filter(workspace=workspace)}
        self.teams = {t.key: t.pk for t in Team.objects.filter(workspace=workspace)}
        self.agents = {a.key: a.pk for a in Agent.objects.filter(workspace=workspace)}

    def prepare(self, records: list[InteractionRecord]) -> None:
        """Create, in bulk, the queues, teams and agents this batch names for the first time."""
        new_teams = {r.team for r in records if r.team and r.team not in self.teams}
        if new_teams:
            Team.objects.bulk_create(
                [Team(workspace=self.workspace, key=k, name=k) for k in sorted(new_teams)],
                ignore_conflicts=True,
            )
            self.teams = {t.key: t.pk for t in Team.objects.filter(workspace=self.workspace)}
        new_queues = {r.queue for r in records if r.queue and r.queue not in self.queues}
        if new_queues:
            Queue.objects.bulk_create(
                [Queue(workspace=self.workspace, key=k, name=k) for k in sorted(new_queues)],
                ignore_conflicts=True,
            )
            self.queues = {q.key: q.pk for q in Queue.objects.filter(workspace=self.workspace)}
        new_agents = {r.agent: r for r in records if r.agent and r.agent not in self.agents}
        if new_agents:
            Agent.objects.bulk_create(
                [
                    Agent(
                        workspace=self.workspace,
                        key=key,
                        name=record.agent_name or key,
                        team_id=self.teams.get(record.team) if record.team else None,
                    )
                    for key, record in sorted(new_agents.items())
                ],
                ignore_conflicts=True,
            )
            self.agents = {a.key: a.pk for a in Agent.objects.filter(workspace=self.workspace)}
