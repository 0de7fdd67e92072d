"""Draining the outbox: claim a batch, send each message once, record what happened.

Never twice, even when a worker dies:

1. *Claim* a batch in one short transaction (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite's
   IMMEDIATE transactions serialise the claimers). The claim is a lease: a crashed worker's claimed but
   unsent rows become claimable again when it runs out. The claim also books the channel's send slots,
   so the messages-per-second limit holds across all workers.
2. Before calling the provider, mark the next small group of the batch (about 0.1 s of sends) *sending*
   and commit. A row found still *sending* after its lease may or may not have been delivered (the worker
   died between send and mark-sent): it goes to the dead-letter list as "outcome unknown", never back to
   the queue. Rows of the batch not yet in a group are only claimed, so a crash gives them back.
3. After the call, mark it *failed* (retried later with backoff) or *dead* with the reason at once; the
   group's *sent* marks are committed together when the group is done. Two commits per group instead of
   two per message is what lets one worker keep up with 1000 messages a second on PostgreSQL; the price
   is that a crash turns up to a group (not one message) into "outcome unknown". Never a duplicate.
"""

import os
import random
import socket
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Min, Q
from django.utils import timezone

from kohtaamo.db.adapt import db_datetime
from kohtaamo.db.locks import update_locked
from kohtaamo.db.rows import update_rows
from kohtaamo.notify.events import event_message
from kohtaamo.notify.models import PENDING, ChannelConfig, Delivery, IncidentUpdate, WebhookSubscription
from kohtaamo.notify.selectors.incidents import notify_policy_get
from kohtaamo.notify.services.transports import TIMEOUT, LogTransport, Outcome, transport_for
from kohtaamo.notify.wording import Message, render
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.models import Workspace

WORKER = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
CLAIM_SECONDS = 2.0  # a batch holds about this many seconds of the channel's budget
MIN_BATCH = 50
MAX_BATCH = 500
CLAIM_MARGIN = timedelta(seconds=60)
SEND_LEASE = timedelta(seconds=TIMEOUT + 45)
GROUP_SECONDS = 0.1  # sends per commit: the "outcome unknown" window a crash can leave
MAX_GROUP = 100
BACKOFF_BASE = 30.0
BACKOFF_CAP = 3600.0
UNKNOWN_ERROR = "the worker stopped after starting to send and before recording the result"


class Clock:
    """Real time; the demo replays a past incident with a clock that jumps instead of sleeping."""

    def now(self) -> datetime:
        return timezone.now()

    def sleep_until(self, moment: datetime) -> None:
        wait = (moment - timezone.now()).total_seconds()
        if wait > 0:
            time.sleep(wait)


class SimulatedClock(Clock):
    """Time that jumps to the next send slot instead of sleeping: replaying a past incident, and tests."""

    def __init__(self, start: datetime) -> None:
        self.moment = start

    def now(self) -> datetime:
        return self.moment

    def sleep_until(self, moment: datetime) -> None:
        self.moment = max(self.moment, moment)


@dataclass
class DrainReport:
    sent: int = 0
    retried: int = 0
    dead: int = 0
    unknown: int = 0
    skipped: int = 0
    batches: int = 0


def backoff_seconds(attempts: int, rng: random.Random | None = None) -> float:
    """30 s, 1 min, 2 min… capped at an hour, with jitter so retries of a whole batch spread out."""
    base = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** max(0, attempts - 1))
    return base * (0.8 + 0.4 * (rng or random).random())


def deliveries_drain(
    *, config: ChannelConfig, clock: Clock | None = None, max_seconds: float | None = None, worker: str = WORKER
) -> DrainReport:
    """Send what is due on one workspace channel until nothing is due (or ``max_seconds`` pass)."""
    fresh = ChannelConfig.objects.of(config.workspace).select_related("workspace").get(pk=config.pk)
    return Drain(fresh, clock or Clock(), worker).run(max_seconds)


def deliveries_expire(*, config: ChannelConfig, now: datetime) -> int:
    """Rows left *sending* past their lease: the outcome is unknown, so they are dead-lettered, not resent."""
    return (
        Delivery.objects.of(config.workspace)
        .filter(channel=config.channel, status=Delivery.Status.SENDING, claimed_until__lt=now)
        .update(status=Delivery.Status.DEAD, dead_reason=Delivery.DeadReason.UNKNOWN, last_error=UNKNOWN_ERROR)
    )


def _claim(config: ChannelConfig, worker: str, now: datetime) -> list[tuple[Delivery, datetime]]:
    with transaction.atomic():
        # Locking the channel row serialises claims per channel, so the booked send slots never overlap.
        locked = ChannelConfig.objects.of(config.workspace).select_for_update().get(pk=config.pk)
        rate = max(locked.rate_per_second, 0.001)
        size = max(MIN_BATCH, min(MAX_BATCH, int(rate * CLAIM_SECONDS)))
        ready = (
            Delivery.objects.of(config.workspace)
            .select_for_update(skip_locked=True)
            .filter(
                channel=config.channel,
                status__in=PENDING,
                next_attempt_at__lte=now,
            )
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
            .order_by("next_attempt_at", "pk")
        )
        ids = list(ready.values_list("pk", flat=True)[:size])
        if not ids:
            return []
        start = max(now, locked.next_slot_at or now)
        slots = [start + timedelta(seconds=i / rate) for i in range(len(ids))]
        locked.next_slot_at = start + timedelta(seconds=len(ids) / rate)
        locked.save(update_fields=["next_slot_at"])
        mine = Delivery.objects.of(config.workspace).filter(pk__in=ids)
        mine.update(claimed_by=worker, claimed_until=slots[-1] + CLAIM_MARGIN)
    rows = Delivery.objects.of(config.workspace).in_bulk(ids)
    return [(rows[pk], slot) for pk, slot in zip(ids, slots, strict=True) if pk in rows]


def _take(workspace: Workspace, ids: list[int], worker: str, statuses: Iterable[str], **fields: object) -> set[int]:
    """Of ``ids``, the rows this worker still holds in one of ``statuses``, updated with ``fields`` in one
    commit. Rows superseded, opted out or taken over after our lease ran out are left alone."""
    held = Delivery.objects.of(workspace).filter(pk__in=ids, claimed_by=worker, status__in=statuses)
    return update_locked(held, **fields)


def _mark_sending(workspace: Workspace, ids: list[int], worker: str, now: datetime, until: datetime) -> set[int]:
    """Committed before the provider is called: from here on a crash means "outcome unknown"."""
    return _take(workspace, ids, worker, PENDING, status=Delivery.Status.SENDING, attempts=F("attempts") + 1,
                 sending_at=now, claimed_until=until)  # fmt: skip


SENT = Delivery.Status.SENT.value
SENT_COLUMNS = (
    "status", "sent_at", "provider_message_id", "subject", "body", "dead_reason", "last_error", "claimed_until",
)  # fmt: skip
# The worker's claim is checked, not the status: a slow send dead-lettered as "unknown" meanwhile was sent.
SENT_WHERE = ("id", "claimed_by")
LOGGED_COLUMNS = ("status", "sent_at", "subject", "body", "provider_message_id", "attempts", "claimed_until")


class Drain:
    """One worker's pass over one channel's outbox."""

    def __init__(self, config: ChannelConfig, clock: Clock, worker: str) -> None:
        self.config, self.clock, self.worker = config, clock, worker
        self.transport = transport_for(config)
        self.report = DrainReport()
        self.max_attempts = notify_policy_get(actor=Actor.system(config.workspace)).max_attempts
        self.messages: dict[tuple, Message] = {}
        self.updates: dict[int, IncidentUpdate] = {}
        self.alerts: set[int] | None = None  # subscriptions that get a chat alert instead of signed JSON

    def run(self, max_seconds: float | None) -> DrainReport:
        started = time.monotonic()
        try:
            while max_seconds is None or time.monotonic() - started < max_seconds:
                deliveries_expire(config=self.config, now=self.clock.now())
                batch = _claim(self.config, self.worker, self.clock.now())
                if not batch:
                    break
                self.report.batches += 1
                if isinstance(self.transport, LogTransport):
                    self._record_logged(batch)
                    continue
                size = max(1, min(MAX_GROUP, int(self.config.rate_per_second * GROUP_SECONDS)))
                for start in range(0, len(batch), size):
                    self._send_group(batch[start : start + size])
        finally:
            self.transport.close()
        return self.report

    def message(self, delivery: Delivery) -> Message:
        """Rendered once per update, language and quiet-hours flag: a batch of 500 shares a few messages.
        An event's message is its own (its signed JSON, or a chat alert's text); a message about no
        update was written when it was queued."""
        if delivery.event:
            if self.alerts is None:
                alerts = WebhookSubscription.objects.of(self.config.workspace).exclude(
                    kind=WebhookSubscription.Kind.SIGNED
                )
                self.alerts = set(alerts.values_list("pk", flat=True))
            return event_message(delivery.payload, alert=delivery.subscription_id in self.alerts)
        if delivery.update_id is None:
            # Written when it was queued (a survey invitation by SMS): sent as it stands.
            return Message(subject=delivery.subject, body=delivery.body, sms=delivery.body, fields={})
        today = self.clock.now().astimezone(self.config.workspace.tz).date()  # an ETA reads "18.00" only today
        key = (delivery.update_id, delivery.language, delivery.quiet_override, today)
        if key not in self.messages:
            if delivery.update_id not in self.updates:
                updates = IncidentUpdate.objects.of(self.config.workspace).select_related("incident")
                self.updates[delivery.update_id] = updates.get(pk=delivery.update_id)
            update = self.updates[delivery.update_id]
            self.messages[key] = render(update.incident, update, delivery.language, tz=self.config.workspace.tz,
                                        now=self.clock.now(), quiet_override=delivery.quiet_override)  # fmt: skip
        return self.messages[key]

    def _send_group(self, group: list[tuple[Delivery, datetime]]) -> None:
        """Mark the group *sending* (one commit), send it at its slots, then commit its *sent* marks together."""
        until = max(self.clock.now(), group[-1][1]) + SEND_LEASE
        workspace = self.config.workspace
        taken = _mark_sending(workspace, [d.pk for d, _ in group], self.worker, self.clock.now(), until)
        done: list[tuple] = []
        try:
            for delivery, slot in group:
                if delivery.pk not in taken:
                    self.report.skipped += 1  # superseded, opted out, or taken over after our lease ran out
                    continue
                self.clock.sleep_until(slot)
                if self.clock.now() + timedelta(seconds=TIMEOUT) > until:
                    # Sending fell far behind its slots: renew the lease, and leave rows someone else expired.
                    until = self.clock.now() + SEND_LEASE
                    taken = _take(workspace, list(taken), self.worker, [Delivery.Status.SENDING], claimed_until=until)
                    if delivery.pk not in taken:
                        self.report.skipped += 1
                        continue
                message = self.message(delivery)
                outcome = self.transport.send(delivery, message)
                if outcome.kind == "sent":
                    done.append((delivery, message, outcome.provider_message_id, self.clock.now()))
                else:
                    delivery_record(
                        workspace=workspace,
                        delivery=delivery,
                        outcome=outcome,
                        message=message,
                        worker=self.worker,
                        now=self.clock.now(),
                        report=self.report,
                        max_attempts=self.max_attempts,
                    )
        finally:
            # Also when a send raised: what went out is recorded. A crash before this commit leaves the
            # group's sent rows *sending*, to become "outcome unknown" after the lease, never resent.
            deliveries_mark_sent(sent=done, worker=self.worker)
            self.report.sent += len(done)

    def _record_logged(self, batch: list[tuple[Delivery, datetime]]) -> None:
        """Log mode sends nothing, so nothing can be sent twice: a whole batch is recorded in two queries,
        each message at its own send slot (the demo's staggered send)."""
        now = self.clock.now()
        until = max(now, batch[-1][1]) + SEND_LEASE
        taken = _mark_sending(self.config.workspace, [d.pk for d, _ in batch], self.worker, now, until)
        rows = []
        for delivery, slot in batch:
            if delivery.pk not in taken:
                self.report.skipped += 1
                continue
            self.clock.sleep_until(slot)
            message = self.message(delivery)
            provider_id = self.transport.send(delivery, message).provider_message_id
            text = message.text_for(delivery.channel)
            moment = db_datetime(self.clock.now())
            rows.append((SENT, moment, message.subject, text, provider_id, delivery.attempts + 1, None, delivery.pk))
        # One statement run for many rows (bulk_update's CASE expressions cost more than the demo's budget).
        update_rows(Delivery, LOGGED_COLUMNS, rows)
        self.report.sent += len(rows)


def deliveries_mark_sent(*, sent: list[tuple[Delivery, Message, str, datetime]], worker: str) -> None:
    """Record a group's sent messages in one commit: ``(delivery, message, provider id, sent at)`` each.
    The hot path, in plain SQL: the ORM's query building costs more than the UPDATEs."""
    if not sent:
        return
    rows = [
        (SENT, db_datetime(moment), provider_id, message.subject, message.text_for(delivery.channel), "", "", None,
         delivery.pk, worker)
        for delivery, message, provider_id, moment in sent
    ]  # fmt: skip
    with transaction.atomic():
        update_rows(Delivery, SENT_COLUMNS, rows, where=SENT_WHERE)


def delivery_record(
    *,
    workspace: Workspace,
    delivery: Delivery,
    outcome: Outcome,
    message: Message,
    worker: str,
    now: datetime,
    report: DrainReport,
    max_attempts: int,
) -> None:
    """Write the provider's failure onto the row this worker is sending (sent ones: ``deliveries_mark_sent``)."""
    mine = Delivery.objects.of(workspace).filter(pk=delivery.pk, claimed_by=worker)
    fields: dict = {"last_error": outcome.error, "claimed_until": None}
    if outcome.kind == "retry":
        attempts = delivery.attempts + 1
        if attempts >= max_attempts:
            fields.update(status=Delivery.Status.DEAD, dead_reason=Delivery.DeadReason.GAVE_UP)
            report.dead += 1
        else:
            fields.update(
                status=Delivery.Status.FAILED, next_attempt_at=now + timedelta(seconds=backoff_seconds(attempts))
            )
            report.retried += 1
    else:
        reasons = {"refused": Delivery.DeadReason.REFUSED, "config": Delivery.DeadReason.CONFIG}
        reason = reasons.get(outcome.kind, Delivery.DeadReason.UNKNOWN)
        fields.update(status=Delivery.Status.DEAD, dead_reason=reason)
        report.dead += 1
        report.unknown += outcome.kind == "unknown"
    mine.update(**fields)


def next_due(*, config: ChannelConfig, now: datetime) -> datetime | None:
    """When the outbox next needs a drain: the earliest waiting message (held for quiet hours or backing
    off), or the earliest lease to run out (a worker that may have died holding rows)."""
    rows = Delivery.objects.of(config.workspace).filter(channel=config.channel)
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    moments = [
        rows.filter(free, status__in=PENDING).aggregate(m=Min("next_attempt_at"))["m"],
        rows.filter(status__in=[*PENDING, Delivery.Status.SENDING], claimed_until__gte=now).aggregate(
            m=Min("claimed_until")
        )["m"],
        # Rows still *sending* past their lease: due now, so a drain dead-letters them as outcome unknown.
        rows.filter(status=Delivery.Status.SENDING, claimed_until__lt=now).aggregate(m=Min("claimed_until"))["m"],
    ]
    moments = [m for m in moments if m is not None]
    return min(moments) if moments else None
