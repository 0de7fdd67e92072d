"""Which poll of a mailbox is the booked one (so a chain of polls runs once per connector)."""

from datetime import datetime

from ..models import Connector


def poll_booking(*, connector: Connector, at: datetime) -> str:
    """Record ``at`` as the connector's next poll; the token the booked run must carry."""
    due = at.isoformat()
    connector.state = {**connector.state, "next_poll": due}
    Connector.objects.of(connector.workspace).filter(pk=connector.pk).update(state=connector.state)
    return due


def poll_booked(*, connector: Connector, due: str) -> bool:
    return connector.state.get("next_poll") == due
