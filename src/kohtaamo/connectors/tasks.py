"""The worker's poll of each mailbox: a task that books its own next run.

Each connector has one chain: a run carries the time it was booked for, and a run whose time is not the
one the connector expects (a chain started twice, a connector removed or disabled) ends the chain.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from kohtaamo.workspaces.models import Workspace

from .models import Connector
from .registry import kind_of
from .services.polling import poll_booked, poll_booking


def mailbox_poll_schedule(*, connector: Connector, at: datetime | None = None) -> None:
    """Book the connector's next poll (now, unless ``at``); the chain continues from there."""
    at = at or timezone.now()
    due = poll_booking(connector=connector, at=at)
    mailbox_poll.using(run_after=at).enqueue(connector.workspace_id, connector.pk, due)


def mailbox_polls_recover() -> int:
    """At a worker's start: book every polled mailbox's next poll now (a killed worker ends its chain;
    a new booking supersedes any old chain, so mailboxes are never polled twice over)."""
    booked = 0
    for workspace in Workspace.objects.all():
        for connector in Connector.objects.of(workspace).filter(enabled=True):
            if kind_of(connector.kind).polled:
                mailbox_poll_schedule(connector=connector)
                booked += 1
    return booked


@task()
def mailbox_poll(workspace_id: int, connector_id: int, due: str) -> dict:
    """Poll one mailbox and book the next poll."""
    workspace = Workspace.objects.filter(pk=workspace_id).first()
    connector = Connector.objects.of(workspace).filter(pk=connector_id).first() if workspace else None
    if connector is None or not connector.enabled or not poll_booked(connector=connector, due=due):
        return {}
    report = kind_of(connector.kind).poll(connector)
    mailbox_poll_schedule(
        connector=connector, at=timezone.now() + timedelta(minutes=settings.KOHTAAMO_MAILBOX_POLL_MINUTES)
    )
    return {"fetched": report.fetched, "created": report.created, "rejected": report.rejected}
