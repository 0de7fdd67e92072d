"""Background tasks (Django's Tasks API, run by ``kohtaamo worker``): thin wrappers around the outbox.

Only this module knows the task queue: services ask it to queue drains (``drains_schedule``), and the
drain task calls the outbox and ``scheduling``, which never import it back.
"""

from dataclasses import asdict
from datetime import datetime

from django.tasks import task
from django.utils import timezone

from .models import ChannelConfig
from .outbox import deliveries_drain
from .scheduling import drain_started, drains_due


def drains_schedule(*, workspace_id: int, now: datetime | None = None) -> int:
    """Queue drains for every channel of the workspace that has messages due now or later; returns how many."""
    runs = drains_due(workspace_id=workspace_id, now=now)
    for run in runs:
        if run.run_after is None:
            outbox_drain.enqueue(run.config_id)
        else:
            outbox_drain.using(run_after=run.run_after).enqueue(run.config_id, spread=True)
    return len(runs)


@task()
def outbox_drain(config_id: int, spread: bool = False) -> dict:
    """Send what is due on one channel; afterwards book the next drain (held messages, retries)."""
    config = ChannelConfig.objects.filter(pk=config_id).first()
    if config is None:
        return {}
    drain_started(config_id=config_id, now=timezone.now())
    if spread:
        # A drain that waited (quiet hours ending) brings the channel's other workers along.
        drains_schedule(workspace_id=config.workspace_id)
    report = deliveries_drain(config_id=config_id)
    drains_schedule(workspace_id=config.workspace_id)
    return asdict(report)
