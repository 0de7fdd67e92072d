"""Shaping audit events for the page and its CSV and JSON Lines downloads."""

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from kohtaamo.notify.models import NotifyChannel
from kohtaamo.workspaces.labels import humanise

from .models import AuditEvent

COLUMNS = ["at", "actor", "action", "object_type", "object_id", "client_address", "detail"]
# The page names what was touched; the downloads keep the stored keys, which scripts filter on.
OBJECT_TYPES = {
    "api_token": _("API token"),
    "connector": _("Connector"),
    "customer": _("Customer"),
    "customer_merge": _("Customer merge"),
    "interaction": _("Interaction"),
    "notify_channel": _("Notification channel"),
    "notify_policy": _("Notification rules"),
    "retention_policy": _("Retention policy"),
    "user": _("User"),
    "webhook_subscription": _("Webhook subscription"),
    "workspace": _("Workspace"),
}


def audit_object_label(event: AuditEvent) -> str:
    """What an event touched, as the page names it: "Notification channel: Email", "Customer #42".

    A notification channel's id is the channel's key, so it is shown by the channel's own label; any
    other id is a row number. A type written by a newer version reads with its underscores as spaces.
    """
    kind = OBJECT_TYPES.get(event.object_type)
    name = str(kind) if kind is not None else event.object_type.replace("_", " ").capitalize()
    if not event.object_id:
        return name
    if event.object_type == "notify_channel" and event.object_id in NotifyChannel.values:
        return f"{name}: {NotifyChannel(event.object_id).label}"
    return f"{name} #{event.object_id}"


ACTIONS = {
    "autoqa.override": _("Automatic answer overridden"),
    "autoqa.override_undo": _("Override of an automatic answer undone"),
    "connector.add": _("Connector added"),
    "connector.remove": _("Connector removed"),
    "customer.change": _("Customer changed"),
    "customer.erase": _("Customer's data erased"),
    "customer.export": _("Customer's data exported"),
    "customer.view": _("Customer viewed"),
    "customers.merge": _("Customers merged"),
    "customers.merge_undo": _("Customer merge undone"),
    "interaction.view": _("Interaction viewed"),
    "membership.change": _("Membership changed"),
    "retention.apply": _("Retention applied"),
    "sentiment.switch_on": _("Sentiment classifier switched on"),
    "sentiment.switch_off": _("Sentiment classifier switched off"),
    "sentiment.train": _("Sentiment classifier trained"),
    "settings.change": _("Settings changed"),
    "token.create": _("API token created"),
    "token.revoke": _("API token revoked"),
    "topic.create": _("Topic created"),
    "topic.change": _("Topic changed"),
    "topic.delete": _("Topic deleted"),
    "webhook.create": _("Webhook subscription created"),
    "webhook.change": _("Webhook subscription changed"),
    "webhook.delete": _("Webhook subscription deleted"),
}


def audit_action_label(action: str) -> str:
    """An action as the page names it ("Customer viewed"); the stored key stays in the downloads and the
    filter. A key written by a newer version reads with its dots and underscores as spaces."""
    label = ACTIONS.get(action)
    return str(label) if label is not None else humanise(action.replace(".", " "))


def audit_who(event: AuditEvent) -> str:
    """Who acted: a person's or token's label as recorded, or the system in the page's language."""
    return str(_("system")) if event.actor_label == "system" else event.actor_label


def audit_row(event: AuditEvent) -> dict[str, Any]:
    """One event as plain values: the same keys in CSV, JSON Lines and `kohtaamo audit export`."""
    return {
        "at": event.at.isoformat(),
        "actor": event.actor_label,
        "user_id": event.user_id,
        "token_id": event.token_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "client_address": event.client_address,
        "detail": event.detail,
    }


def audit_jsonl(events: Iterable[AuditEvent]) -> Iterator[str]:
    for event in events:
        yield json.dumps(audit_row(event), ensure_ascii=False) + "\n"


def _cell(value: object) -> str:
    if isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = "" if value is None else str(value)
    # A spreadsheet would run a cell starting with = + - @ as a formula.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def audit_csv(events: Iterable[AuditEvent]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for event in events:
        row = audit_row(event)
        writer.writerow([_cell(row[c]) for c in COLUMNS])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()
