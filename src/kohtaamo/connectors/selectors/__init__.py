"""Reads of the connectors app: the workspace's connectors, and how each is doing."""

from dataclasses import dataclass
from datetime import datetime

from kohtaamo.workspaces.access import Actor

from ..models import Connector, Conversation
from ..registry import kind_of


@dataclass(frozen=True)
class ConnectorStatus:
    connector: Connector
    summary: str
    conversations: int
    healthy: bool
    last_seen_at: datetime | None


def connectors_list(*, actor: Actor) -> list[Connector]:
    return list(Connector.objects.of(actor).order_by("kind", "name"))


def connector_find(*, actor: Actor, name: str) -> Connector | None:
    return Connector.objects.of(actor).filter(name=name).first()


def connector_statuses(*, actor: Actor) -> list[ConnectorStatus]:
    """Every connector with where it takes data from, how much it brought, and whether its last try failed."""
    statuses = []
    for connector in connectors_list(actor=actor):
        failed_last = bool(connector.last_error_at) and (
            connector.last_seen_at is None or connector.last_error_at > connector.last_seen_at  # type: ignore[operator]
        )
        statuses.append(
            ConnectorStatus(
                connector=connector,
                summary=kind_of(connector.kind).summary(connector),
                conversations=Conversation.objects.of(actor).filter(connector=connector).count(),
                healthy=connector.enabled and not failed_last,
                last_seen_at=connector.last_seen_at,
            )
        )
    return statuses


def connectors_polled(*, actor: Actor) -> list[Connector]:
    """The enabled connectors that fetch their data (mailboxes)."""
    return [c for c in connectors_list(actor=actor) if c.enabled and kind_of(c.kind).polled]
