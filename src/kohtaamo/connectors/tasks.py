"""The worker's poll of each mailbox: a task that books its own next run.

Each connector has one chain: a run carries the time it was booked for, and a run whose time is not the
one the connector expects (a chain started twice, a connector removed or disabled) ends the chain.
"""

from collections.abc import Callable
from datetime import datetime, timedelta

from django import db
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


def _enabled(workspace_id: int, connector_id: int) -> Connector | None:
    workspace = Workspace.objects.filter(pk=workspace_id).first()
    connector = Connector.objects.of(workspace).filter(pk=connector_id).first() if workspace else None
    return connector if connector is not None and connector.enabled else None


def mailbox_wanted(workspace_id: int, connector_id: int) -> bool:
    """From a mailbox's IDLE thread: whether it still exists and is enabled (else the thread ends)."""
    return _enabled(workspace_id, connector_id) is not None


def mailbox_wake(workspace_id: int, connector_id: int) -> bool:
    """From a mailbox's IDLE thread, on news of new mail: book its poll now (superseding the booked one,
    so the chain goes on from there); False when the mailbox is gone or disabled."""
    connector = _enabled(workspace_id, connector_id)
    if connector is None:
        return False
    mailbox_poll_schedule(connector=connector)
    return True


def _from_thread(call: Callable[[int, int], bool], workspace_id: int, connector_id: int) -> Callable[[], bool]:
    """``call`` for an IDLE thread: its own database connection is closed after each use, never held
    open through the minutes between two IDLE rounds."""

    def run() -> bool:
        try:
            return call(workspace_id, connector_id)
        finally:
            db.connection.close()

    return run


@task()
def mailbox_poll(workspace_id: int, connector_id: int, due: str) -> dict:
    """Poll one mailbox, book the next poll, and (IMAP) make sure its IDLE thread waits for news between."""
    connector = _enabled(workspace_id, connector_id)
    if connector is None or not poll_booked(connector=connector, due=due):
        return {}
    kind = kind_of(connector.kind)
    report = kind.poll(connector)
    mailbox_poll_schedule(
        connector=connector, at=timezone.now() + timedelta(minutes=settings.KOHTAAMO_MAILBOX_POLL_MINUTES)
    )
    kind.watch(connector, wake=_from_thread(mailbox_wake, workspace_id, connector_id),
               keep=_from_thread(mailbox_wanted, workspace_id, connector_id))  # fmt: skip
    return {"fetched": report.fetched, "created": report.created, "rejected": report.rejected}
