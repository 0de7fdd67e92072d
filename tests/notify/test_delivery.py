"""Delivery for real: emails reach a local SMTP server, SMS and webhooks a local HTTP server."""

import hashlib
import hmac
import json
from datetime import timedelta

import pytest

from kohtaamo.notify.models import Delivery
from kohtaamo.notify.services import outbox, transports
from kohtaamo.notify.services.channels import channel_config_set
from kohtaamo.notify.services.deliveries import delivery_retry
from kohtaamo.notify.services.outbox import SEND_LEASE

from .conftest import AFTERNOON, customer, drain, outage, statuses
from .servers import HttpReceiver, SmtpServer


@pytest.fixture
def smtp():
    with SmtpServer() as server:
        yield server


@pytest.fixture
def http():
    with HttpReceiver() as receiver:
        yield receiver


@pytest.fixture
def email(voima, smtp):
    options = {"host": "127.0.0.1", "port": smtp.port, "from_email": "hairio@voima.fi"}
    return channel_config_set(workspace=voima, channel="email", options=options, rate_per_second=1000)


def address_of(c) -> str:
    return c.identities.get(kind="email").value


def test_an_email_reaches_the_smtp_server_once_with_its_idempotency_key(voima, email, smtp):
    c = customer(voima)
    outage(voima)
    report = drain(email)
    d = Delivery.objects.get()
    assert report.sent == 1 and d.status == "sent" and d.attempts == 1
    [content] = smtp.sink.to(address_of(c))
    assert f"<{d.idempotency_key}@kohtaamo>".encode() in content
    assert "Sähkökatko Kalliossa".encode() in content or b"S=C3=A4hk=C3=B6katko" in content
    assert d.body.startswith("Selvitämme häiriötä.")


def test_a_second_drain_sends_nothing_again(voima, email, smtp):
    customer(voima)
    outage(voima)
    drain(email)
    assert drain(email).sent == 0
    assert len(smtp.sink.messages) == 1


def test_a_crash_between_send_and_mark_sent_is_never_resent(voima, email, smtp, monkeypatch):
    c = customer(voima)
    outage(voima)

    def worker_dies(**kwargs):
        raise SystemExit("killed between send and mark-sent")

    monkeypatch.setattr(outbox, "deliveries_mark_sent", worker_dies)
    with pytest.raises(SystemExit):
        drain(email)
    assert Delivery.objects.get().status == "sending"
    monkeypatch.undo()
    # Another worker, later than the lease: the message is dead-lettered as "outcome unknown", not resent.
    report = drain(email, now=AFTERNOON + SEND_LEASE + timedelta(seconds=1), worker="other")
    d = Delivery.objects.get()
    assert report.sent == 0
    assert (d.status, d.dead_reason) == ("dead", "unknown")
    assert len(smtp.sink.to(address_of(c))) == 1


def test_a_crash_leaves_only_its_group_unknown_and_the_rest_of_the_batch_is_sent_by_another_worker(
    voima, smtp, monkeypatch
):
    # 20 messages a second: groups of two (0.1 s of sends), so five messages are one batch of three groups.
    config = channel_config_set(workspace=voima, channel="email", rate_per_second=20,
                                options={"host": "127.0.0.1", "port": smtp.port})  # fmt: skip
    customers = [customer(voima) for _ in range(5)]
    outage(voima)

    def worker_dies(**kwargs):
        raise SystemExit("killed before the group's sent marks were committed")

    monkeypatch.setattr(outbox, "deliveries_mark_sent", worker_dies)
    with pytest.raises(SystemExit):
        drain(config)
    assert statuses() == ["queued", "queued", "queued", "sending", "sending"]
    monkeypatch.undo()
    report = drain(config, now=AFTERNOON + SEND_LEASE + timedelta(seconds=2), worker="other")
    assert report.sent == 3
    assert statuses(dead_reason="unknown") == ["dead", "dead"] and statuses(status="sent") == ["sent"] * 3
    received = [rcpt for rcpts, _ in smtp.sink.messages for rcpt in rcpts]
    assert sorted(received) == sorted(address_of(c) for c in customers)  # each exactly once


def test_a_group_s_sent_marks_are_committed_together_after_its_sends(voima, email, smtp, monkeypatch):
    for _ in range(3):
        customer(voima)
    outage(voima)
    commits = []
    real = outbox.deliveries_mark_sent

    def counting(*, sent, worker):
        commits.append((len(sent), len(smtp.sink.messages)))
        real(sent=sent, worker=worker)

    monkeypatch.setattr(outbox, "deliveries_mark_sent", counting)
    assert drain(email).sent == 3
    assert commits == [(3, 3)] and statuses() == ["sent"] * 3


def test_a_worker_far_behind_its_lease_does_not_send_what_another_worker_dead_lettered(voima, email, smtp, monkeypatch):
    customer(voima)
    customer(voima)
    outage(voima)
    clock = outbox.SimulatedClock(AFTERNOON)
    real = transports.EmailTransport.send

    def slow_send(self, delivery, message):
        outcome = real(self, delivery, message)
        clock.moment += SEND_LEASE + timedelta(seconds=1)  # slow provider; another worker expired the lease
        outbox.deliveries_expire(config=email, now=clock.moment)
        return outcome

    monkeypatch.setattr(transports.EmailTransport, "send", slow_send)
    report = outbox.deliveries_drain(config=email, clock=clock)
    assert (report.sent, report.skipped) == (1, 1) and len(smtp.sink.messages) == 1
    assert statuses() == ["dead", "sent"]  # the one that went out is recorded; the other was never sent


def test_a_worker_that_dies_after_claiming_but_before_sending_loses_nothing(voima, email, smtp):
    customer(voima)
    outage(voima)
    claimed = outbox._claim(email, "dead-worker", AFTERNOON)
    assert len(claimed) == 1
    assert drain(email, worker="other").sent == 0  # still leased to the dead worker
    report = drain(email, now=AFTERNOON + timedelta(minutes=5), worker="other")
    assert report.sent == 1 and len(smtp.sink.messages) == 1


def test_a_temporary_smtp_refusal_is_retried_with_backoff(voima, email, smtp):
    c = customer(voima)
    smtp.sink.replies[address_of(c)] = "451 4.3.0 try again later"
    outage(voima)
    report = drain(email)
    d = Delivery.objects.get()
    assert report.retried == 1 and d.status == "failed" and "451" in d.last_error
    assert d.next_attempt_at >= AFTERNOON + timedelta(seconds=24)
    del smtp.sink.replies[address_of(c)]
    assert drain(email, now=AFTERNOON + timedelta(seconds=10)).sent == 0  # not before the backoff
    assert drain(email, now=d.next_attempt_at).sent == 1
    d.refresh_from_db()
    assert d.status == "sent" and d.attempts == 2 and len(smtp.sink.messages) == 1


def test_a_permanent_refusal_goes_to_the_dead_letters_with_the_reason(voima, email, smtp):
    c = customer(voima)
    smtp.sink.replies[address_of(c)] = "550 5.1.1 no such user"
    outage(voima)
    drain(email)
    d = Delivery.objects.get()
    assert (d.status, d.dead_reason) == ("dead", "refused") and "550" in d.last_error


def test_too_many_failures_end_in_the_dead_letters(voima, email, smtp):
    c = customer(voima)
    smtp.sink.replies[address_of(c)] = "451 busy"
    outage(voima)
    moment = AFTERNOON
    for _ in range(5):
        drain(email, now=moment)
        moment = Delivery.objects.get().next_attempt_at
    d = Delivery.objects.get()
    assert (d.status, d.dead_reason, d.attempts) == ("dead", "gave_up", 5)


def test_an_unreachable_smtp_server_is_a_definite_failure_and_retried(voima):
    config = channel_config_set(workspace=voima, channel="email", options={"host": "127.0.0.1", "port": 1})
    customer(voima)
    outage(voima)
    drain(config)
    assert Delivery.objects.get().status == "failed"


def test_a_dead_letter_can_be_sent_again_after_review(voima, email, smtp):
    c = customer(voima)
    smtp.sink.replies[address_of(c)] = "550 no"
    outage(voima)
    drain(email)
    del smtp.sink.replies[address_of(c)]
    delivery_retry(delivery=Delivery.objects.get(), now=AFTERNOON)
    assert drain(email).sent == 1 and len(smtp.sink.messages) == 1


def test_an_sms_is_posted_to_the_provider_with_an_idempotency_key(voima, http):
    sms = channel_config_set(workspace=voima, channel="sms", options={"url": http.url, "token": "t0k"})
    c = customer(voima, preferred="sms", language="en")
    outage(voima)
    drain(sms)
    [(headers, body)] = http.requests
    d = Delivery.objects.get()
    assert body["to"] == c.identities.get(kind="phone").value
    assert body["text"].startswith("Outage: Power cut in Kallio.")
    assert headers["Idempotency-Key"] == d.idempotency_key and headers["Authorization"] == "Bearer t0k"
    assert d.provider_message_id == "msg-1"


def test_a_webhook_gets_the_incident_as_json_signed_with_an_hmac_of_the_body(voima, http):
    hook = channel_config_set(workspace=voima, channel="webhook", options={"url": http.url, "secret": "s3cret"})
    c = customer(voima, preferred="web", email=False, phone=False)
    outage(voima)
    drain(hook)
    [(headers, body)] = http.requests
    assert body["customer"]["external_id"] == c.identities.get(kind="external_id").value
    assert body["incident"]["status"] == "investigating" and body["incident"]["eta"].startswith("2026-03-03T16:00")
    expected = hmac.new(b"s3cret", json.dumps(body, ensure_ascii=False).encode(), hashlib.sha256).hexdigest()
    assert headers["X-Kohtaamo-Signature"] == f"sha256={expected}"


def test_a_provider_error_5xx_is_retried_and_4xx_refused(voima, http):
    sms = channel_config_set(workspace=voima, channel="sms", options={"url": http.url})
    customer(voima, preferred="sms")
    customer(voima, preferred="sms")
    outage(voima)
    http.status = 503
    drain(sms)
    assert set(Delivery.objects.values_list("status", flat=True)) == {"failed"}
    http.status = 400
    drain(sms, now=AFTERNOON + timedelta(hours=1))
    assert set(Delivery.objects.values_list("status", "dead_reason")) == {("dead", "refused")}


def test_a_provider_that_does_not_answer_in_time_is_not_resent(voima, http, monkeypatch):
    monkeypatch.setattr(transports, "TIMEOUT", 0.3)
    sms = channel_config_set(workspace=voima, channel="sms", options={"url": http.url})
    customer(voima, preferred="sms")
    outage(voima)
    http.delay = 1.0
    drain(sms)
    d = Delivery.objects.get()
    assert (d.status, d.dead_reason) == ("dead", "unknown")
    assert drain(sms, now=AFTERNOON + timedelta(hours=1)).sent == 0
    assert len(http.requests) == 1


def test_the_send_slots_keep_to_the_channel_rate(voima, smtp):
    config = channel_config_set(
        workspace=voima, channel="email", rate_per_second=10,
        options={"host": "127.0.0.1", "port": smtp.port},
    )  # fmt: skip
    for _ in range(25):
        customer(voima)
    outage(voima)
    drain(config)
    sent = sorted(Delivery.objects.values_list("sent_at", flat=True))
    assert len(sent) == 25 and (sent[-1] - sent[0]).total_seconds() >= 2.4
