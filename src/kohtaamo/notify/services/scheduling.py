"""When drains run: right after an update, and later for held messages, retries and expired leases.

This decides how many drains to queue and when, so an update that reaches 100,000 customers gets one
drain per parallel worker, and a channel never has more than one drain waiting for a future moment.
Queueing them is ``tasks.drains_schedule``'s: the task queue is known to ``tasks.py`` alone, which is
what lets the drain task ask this module for its successors without an import cycle.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from kohtaamo.notify.models import ChannelConfig
from kohtaamo.notify.services.outbox import next_due
from kohtaamo.workspaces.models import Workspace


@dataclass(frozen=True)
class DrainRun:
    """One drain to queue for a channel: now, or (``run_after``) at a future moment."""

    workspace_id: int
    config_id: int
    run_after: datetime | None = None


def drains_due(*, workspace: Workspace, now: datetime | None = None) -> list[DrainRun]:
    """The drains every channel of the workspace needs for the messages due now or later."""
    now = now or timezone.now()
    runs: list[DrainRun] = []
    for config in ChannelConfig.objects.of(workspace).select_related("workspace").filter(enabled=True):
        due = next_due(config=config, now=now)
        if due is None:
            continue
        if due <= now:
            runs.extend(DrainRun(workspace.pk, config.pk) for _ in range(max(1, config.workers)))
        elif _book(config, due, now):
            runs.append(DrainRun(workspace.pk, config.pk, run_after=due))
    return runs


def _book(config: ChannelConfig, due: datetime, now: datetime) -> bool:
    """Keep one waiting drain per channel, at the earliest moment needed."""
    free = Q(drain_due_at__isnull=True) | Q(drain_due_at__gt=due) | Q(drain_due_at__lt=now)
    return bool(ChannelConfig.objects.of(config.workspace).filter(free, pk=config.pk).update(drain_due_at=due))


def drain_started(*, config: ChannelConfig, now: datetime) -> None:
    """The waiting drain has begun: the next one may be booked again."""
    ChannelConfig.objects.of(config.workspace).filter(pk=config.pk, drain_due_at__lte=now).update(drain_due_at=None)
