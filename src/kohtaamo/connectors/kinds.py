"""The one interface every connector kind implements (as healthchecks' ``Transport`` does for its channels).

A kind says what it needs to be set up (``setting_fields``, ``secret_fields``), answers its webhook path
when it has one (``webhook``) and fetches new data when it is polled (``poll``). It writes only through
``services.conversations`` and ``services.connectors``, which call the one ingestion path (SMS replies,
which answer survey invitations, go to ``feedback.services.replies`` instead).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from django.http import HttpRequest, HttpResponse, HttpResponseNotFound

if TYPE_CHECKING:
    from .models import Connector


class ConnectorInvalid(ValueError):
    """A connector's settings that cannot work; the message names the field and is safe to show."""


@dataclass(frozen=True)
class PollReport:
    """What one poll brought in."""

    fetched: int = 0
    created: int = 0
    updated: int = 0
    rejected: int = 0
    # Why the poll stopped, when it did (safe to show: no network details).
    error: str = ""


class ConnectorKind:
    """A platform Kohtaamo takes conversations from."""

    kind: ClassVar[str]
    # Setting names stored in plain ``settings`` and the ones sealed in ``secrets``; which are required.
    setting_fields: ClassVar[tuple[str, ...]] = ()
    secret_fields: ClassVar[tuple[str, ...]] = ()
    required: ClassVar[tuple[str, ...]] = ()
    receives_webhooks: ClassVar[bool] = False
    polled: ClassVar[bool] = False

    def check(self, settings: dict, secrets: dict) -> None:
        """Raise :class:`ConnectorInvalid` for settings that cannot work; the default checks presence."""
        given = settings | secrets
        for name in self.required:
            if not str(given.get(name) or "").strip():
                raise ConnectorInvalid(f"{name} is required")

    def webhook(self, connector: Connector, request: HttpRequest) -> HttpResponse:
        """Answer a request to the connector's webhook path (a kind without webhooks has none)."""
        return HttpResponseNotFound()

    def poll(self, connector: Connector) -> PollReport:
        """Fetch what is new (a kind that is not polled has nothing to fetch)."""
        return PollReport()

    def watch(self, connector: Connector, *, wake: Callable[[], bool], keep: Callable[[], bool]) -> bool:
        """Start waiting for news beside the worker's tasks (IMAP IDLE), calling ``wake()`` when some
        arrives; ``keep()`` says whether it is still wanted. True when a watch was started; the default
        has nothing to wait on."""
        return False

    def summary(self, connector: Connector) -> str:
        """One line for the settings page and ``connector list``: where the data comes from."""
        return connector.webhook_path if self.receives_webhooks else ""
