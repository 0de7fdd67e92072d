"""When drains run: right after an update, and later for held messages, retries and expired leases.

The tasks themselves are thin (``tasks.py``); this decides how many to queue and when, so an update
that reaches 100,000 customers gets one drain per parallel worker, and a channel never has more than
one drain waiting for a future moment.
"""

from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from .models import ChannelConfig
from .outbox import next_due


def drains_schedule(*, workspace_id: int, now: datetime | None = None) -> int:
    """Queue drains for every channel of the workspace that has messages due now or later; returns how many."""
    from .tasks import outbox_drain

    now = now or timezone.now()
    queued = 0
    for config in ChannelConfig.objects.filter(workspace_id=workspace_id, enabled=True):
        due = next_due(config=config, now=now)
        if due is None:
            continue
        if due <= now:
            for _ in range(max(1, config.workers)):
                outbox_drain.enqueue(config.pk)
            queued += max(1, config.workers)
        elif _book(config, due, now):
            outbox_drain.using(run_after=due).enqueue(config.pk, spread=True)
            queued += 1
    return queued


def _book(config: ChannelConfig, due: datetime, now: datetime) -> bool:
    """Keep one waiting drain per channel, at the earliest moment needed."""
    free = Q(drain_due_at__isnull=True) | Q(drain_due_at__gt=due) | Q(drain_due_at__lt=now)
    return bool(ChannelConfig.objects.filter(free, pk=config.pk).update(drain_due_at=due))


def drain_started(*, config_id: int, now: datetime) -> None:
    ChannelConfig.objects.filter(pk=config_id, drain_due_at__lte=now).update(drain_due_at=None)
