"""Events for integrations: written into the notifications' outbox, one row per event and subscription.

Each app calls ``events_publish`` inside the transaction of the write the event tells of, so an event
exists exactly when its write does (a rolled-back import publishes nothing). From there the outbox takes
over: the same claim that never sends twice, the same retries with backoff, the same dead letters.
"""

import hashlib
from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from kohtaamo.notify import events
from kohtaamo.notify.models import ChannelConfig, Delivery, NotifyChannel, WebhookSubscription
from kohtaamo.notify.tasks import drains_schedule
from kohtaamo.privacy.services.audit import audit_record
from kohtaamo.workspaces.models import Workspace

# One event about a customer (or about no one): (customer id or None, the event's data).
EventItem = tuple[int | None, dict]


def subscribers(workspace: Workspace, event: str) -> list[WebhookSubscription]:
    """The enabled subscriptions of ``event`` (a workspace has a handful: filtered here, not in SQL)."""
    return [s for s in WebhookSubscription.objects.of(workspace).filter(enabled=True) if event in s.events]


def events_publish(*, workspace: Workspace, event: str, items: Iterable[EventItem], now: datetime | None = None) -> int:
    """Queue ``event`` once per item for every subscription of it; returns how many rows were queued."""
    targets = subscribers(workspace, event)
    if not targets:
        return 0
    now = now or timezone.now()
    rows = []
    for customer_id, data in items:
        event_id = events.new_event_id()
        payload = events.envelope(event_id=event_id, event=event, workspace=workspace.slug, created_at=now, data=data)
        for subscription in targets:
            key = hashlib.sha256(f"{event_id}:{subscription.pk}".encode()).hexdigest()[:64]
            rows.append(
                Delivery(
                    workspace=workspace,
                    channel=NotifyChannel.EVENTS,
                    subscription=subscription,
                    event=event,
                    payload=payload,
                    customer_id=customer_id,
                    address=subscription.url[:320],
                    language="",
                    idempotency_key=key,
                    next_attempt_at=now,
                    created_at=now,
                )  # fmt: skip
            )
    if not rows:
        return 0
    ChannelConfig.objects.get_or_create(workspace=workspace, channel=NotifyChannel.EVENTS)
    Delivery.objects.bulk_create(rows, batch_size=500)
    workspace_id = workspace.pk
    transaction.on_commit(lambda: drains_schedule(workspace_id=workspace_id))
    return len(rows)


@transaction.atomic
def subscription_create(
    *, workspace: Workspace, url: str, events_wanted: list[str], kind: str = WebhookSubscription.Kind.SIGNED,
    name: str = "", by: User | None = None,
) -> tuple[WebhookSubscription, str]:  # fmt: skip
    """A new subscription and its signing secret, which is returned here once and never shown again."""
    secret = events.new_secret()
    subscription = WebhookSubscription(workspace=workspace, url=url.strip(), events=events_wanted, kind=kind,
                                       name=name, secrets={"secret": secret}, created_by=by)  # fmt: skip
    subscription.full_clean()
    subscription.save()
    _audit(subscription, "webhook.create", by)
    return subscription, secret


@transaction.atomic
def subscription_change(
    *, subscription: WebhookSubscription, by: User | None = None, rotate_secret: bool = False, **fields: object
) -> tuple[WebhookSubscription, str | None]:
    """Change url, events, name or enabled; ``rotate_secret`` returns a new secret (the old one stops at once)."""
    for name, value in fields.items():
        if name in ("url", "events", "name", "enabled") and value is not None:
            setattr(subscription, name, value)
    secret = events.new_secret() if rotate_secret else None
    if secret:
        subscription.secrets = {"secret": secret}
    subscription.full_clean()
    subscription.save()
    _audit(subscription, "webhook.change", by, fields=sorted(fields), rotated=rotate_secret)
    return subscription, secret


@transaction.atomic
def subscription_delete(*, subscription: WebhookSubscription, by: User | None = None) -> None:
    """Stop sending: events still waiting for it become dead letters when their turn comes."""
    _audit(subscription, "webhook.delete", by)
    subscription.delete()


def _audit(subscription: WebhookSubscription, action: str, by: User | None, **detail: object) -> None:
    audit_record(workspace=subscription.workspace, user=by, action=action, object_type="webhook_subscription",
                 object_id=subscription.pk, detail={"url": subscription.url, **detail})  # fmt: skip
