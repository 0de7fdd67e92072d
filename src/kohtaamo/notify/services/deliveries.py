"""Writes on single messages: a customer's consent stops what is waiting, a person re-sends a dead letter."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from kohtaamo.notify.models import PENDING, Delivery
from kohtaamo.notify.tasks import drains_schedule
from kohtaamo.timeline.models import Customer


@transaction.atomic
def customer_service_consent_set(*, customer: Customer, channel: str, allowed: bool, source: str) -> Customer:
    """Record a customer's service-message preference on one channel and where it came from."""
    customer = Customer.objects.of(customer.workspace).select_for_update().get(pk=customer.pk)
    customer.consent = {**customer.consent, f"service_{channel}": {"value": allowed, "source": source}}
    customer.save(update_fields=["consent", "updated_at"])
    if not allowed:
        waiting = Delivery.objects.of(customer.workspace).filter(customer=customer, channel=channel, status__in=PENDING)
        waiting.update(status=Delivery.Status.DEAD, dead_reason=Delivery.DeadReason.OPTED_OUT)
    return customer


@transaction.atomic
def delivery_retry(*, delivery: Delivery, now: datetime | None = None) -> Delivery:
    """Send a dead letter again, after a person has checked (e.g. with the provider) that it did not arrive."""
    if delivery.status != Delivery.Status.DEAD:
        return delivery
    delivery.status = Delivery.Status.QUEUED
    delivery.next_attempt_at = now or timezone.now()
    delivery.dead_reason = ""
    delivery.claimed_by, delivery.claimed_until = "", None
    delivery.save(update_fields=["status", "next_attempt_at", "dead_reason", "claimed_by", "claimed_until"])
    workspace_id = delivery.workspace_id
    transaction.on_commit(lambda: drains_schedule(workspace_id=workspace_id))
    return delivery
