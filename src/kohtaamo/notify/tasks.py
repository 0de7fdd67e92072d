"""Background tasks (Django's Tasks API, run by ``kohtaamo worker``): thin wrappers around the outbox.

Only this module knows the task queue: services ask it to queue drains (``drains_schedule``), and the
drain task calls the outbox and ``scheduling``, which never import it back.
"""

from dataclasses import asdict
from datetime import datetime

from django.tasks import task
from django.utils import timezone

from kohtaamo.notify.models import ChannelConfig
from kohtaamo.notify.services.outbox import deliveries_drain
from kohtaamo.notify.services.scheduling import drain_started, drains_due
from kohtaamo.workspaces.models import Workspace


def drains_schedule(*, workspace_id: int, now: datetime | None = None) -> int:
    """Queue drains for every channel of the workspace that has messages due now or later; returns how many."""
    workspace = Workspace.objects.filter(pk=workspace_id).first()
    if workspace is None:
        return 0
    runs = drains_due(workspace=workspace, now=now)
    for run in runs:
        if run.run_after is None:
            outbox_drain.enqueue(run.workspace_id, run.config_id)
        else:
            outbox_drain.using(run_after=run.run_after).enqueue(run.workspace_id, run.config_id, spread=True)
    return len(runs)


def drains_recover() -> int:
    """At a worker's start: drains for every workspace with messages not yet done; returns how many.

    Each drain books the next when it ends, so a worker killed mid-drain, with no other worker left to
    book, would leave its channel's messages waiting for ever. Any worker starting picks the chains up
    again; drains queued twice by workers starting together find nothing left to claim.
    """
    return sum(drains_schedule(workspace_id=pk) for pk in Workspace.objects.values_list("pk", flat=True))


@task()
def outbox_drain(workspace_id: int, config_id: int, spread: bool = False) -> dict:
    """Send what is due on one channel; afterwards book the next drain (held messages, retries)."""
    workspace = Workspace.objects.filter(pk=workspace_id).first()
    config = ChannelConfig.objects.of(workspace).filter(pk=config_id).first() if workspace else None
    if config is None:
        return {}
    drain_started(config=config, now=timezone.now())
    if spread:
        # A drain that waited (quiet hours ending) brings the channel's other workers along.
        drains_schedule(workspace_id=workspace_id)
    report = deliveries_drain(config=config)
    drains_schedule(workspace_id=workspace_id)
    return asdict(report)
