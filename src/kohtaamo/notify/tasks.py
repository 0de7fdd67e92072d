"""Background tasks (Django's Tasks API, run by ``kohtaamo worker``): thin wrappers around the outbox."""

from dataclasses import asdict

from django.tasks import task
from django.utils import timezone

from .models import ChannelConfig
from .outbox import deliveries_drain
from .scheduling import drain_started, drains_schedule


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
