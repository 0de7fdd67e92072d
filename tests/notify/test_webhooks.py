"""Signed events to a real HTTP receiver on loopback, through the notifications' outbox."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kohtaamo.notify.events import signature_valid
from kohtaamo.notify.models import ChannelConfig, Delivery, WebhookSubscription
from kohtaamo.notify.services.channels import notify_policy_set
from kohtaamo.notify.services.events import subscription_change, subscription_create
from kohtaamo.notify.services.outbox import SimulatedClock, deliveries_drain
from tests import factories

from .conftest import outage
from .servers import HttpReceiver


@pytest.fixture
def http():
    with HttpReceiver() as receiver:
        yield receiver


@pytest.fixture
def hook(voima, http):
    subscription, secret = subscription_create(
        workspace=voima, url=http.url, events_wanted=["interaction.created", "incident.updated"]
    )
    return subscription, secret


def drain(workspace, now=None):
    now = now or timezone.now()
    config = ChannelConfig.objects.get(workspace=workspace, channel="events")
    return deliveries_drain(config=config, clock=SimulatedClock(now))


def test_an_event_arrives_once_signed_over_timestamp_and_body(voima, http, hook):
    subscription, secret = hook
    factories.ingest(voima, factories.record(external_id="call-1", channel="phone"))
    assert drain(voima).sent == 1
    assert drain(voima).sent == 0  # drained again: nothing is sent twice
    [(headers, payload)] = http.requests
    [raw] = http.bodies
    stamp = int(headers["Kohtaamo-Signature"].split(",")[0][2:])
    assert signature_valid(secret, headers["Kohtaamo-Signature"], raw.decode(), now=stamp)
    assert not signature_valid("whsec_wrong", headers["Kohtaamo-Signature"], raw.decode(), now=stamp)
    assert not signature_valid(secret, headers["Kohtaamo-Signature"], raw.decode() + " ", now=stamp)
    assert not signature_valid(secret, headers["Kohtaamo-Signature"], raw.decode(), now=stamp + 301)  # replayed
    assert payload["type"] == headers["Kohtaamo-Event"] == "interaction.created"
    assert payload["data"]["external_id"] == "call-1" and payload["workspace"] == "voima"
    delivery = Delivery.objects.get(channel="events")
    assert headers["Idempotency-Key"] == delivery.idempotency_key
    assert delivery.status == "sent" and json.loads(delivery.body) == payload


def test_an_unchanged_reimport_announces_nothing(voima, http, hook):
    record = factories.record(external_id="call-2")
    factories.ingest(voima, record)
    factories.ingest(voima, record)
    assert Delivery.objects.filter(event="interaction.created").count() == 1


def test_a_500_is_retried_with_backoff_and_then_delivered_once(voima, http, hook):
    now = timezone.now()
    outage(voima, now=now)
    http.status = 500
    report = drain(voima, now=now)
    delivery = Delivery.objects.get(event="incident.updated")
    assert report.retried == 1 and delivery.status == "failed" and delivery.next_attempt_at > now
    assert drain(voima, now=now).sent == 0  # not due yet
    http.status = 200
    assert drain(voima, now=delivery.next_attempt_at + timedelta(seconds=1)).sent == 1
    keys = [h["Idempotency-Key"] for h, _ in http.requests]
    assert len(keys) == 2 and keys[0] == keys[1] == delivery.idempotency_key
    delivery.refresh_from_db()
    assert delivery.status == "sent" and delivery.attempts == 2


def test_a_receiver_failing_every_time_gets_a_dead_letter_after_max_attempts(voima, http, hook):
    notify_policy_set(workspace=voima, max_attempts=3)
    moment = timezone.now()
    outage(voima, now=moment)
    http.status = 503
    for _ in range(6):
        drain(voima, now=moment)
        moment += timedelta(hours=2)
    delivery = Delivery.objects.get(event="incident.updated")
    assert delivery.status == "dead" and delivery.dead_reason == "gave_up" and delivery.attempts == 3
    assert len(http.requests) == 3


def test_a_switched_off_subscription_dead_letters_what_waits_and_gets_nothing_new(voima, http, hook):
    subscription, _secret = hook
    factories.ingest(voima, factories.record())
    subscription_change(subscription=subscription, enabled=False)
    drain(voima)
    assert http.requests == []
    assert Delivery.objects.get().dead_reason == "config"
    factories.ingest(voima, factories.record())
    assert Delivery.objects.count() == 1


def test_a_rotated_secret_signs_from_then_on(voima, http, hook):
    subscription, old = hook
    _subscription, new = subscription_change(subscription=subscription, rotate_secret=True)
    factories.ingest(voima, factories.record())
    drain(voima)
    [(headers, _payload)] = http.requests
    stamp = int(headers["Kohtaamo-Signature"].split(",")[0][2:])
    raw = http.bodies[0].decode()
    assert new != old and signature_valid(new, headers["Kohtaamo-Signature"], raw, now=stamp)
    assert not signature_valid(old, headers["Kohtaamo-Signature"], raw, now=stamp)


def test_subscriptions_refuse_private_addresses_unknown_events_and_chat_apps_for_raw_events(voima, settings):
    settings.KOHTAAMO_OUTBOUND_ALLOW = []
    with pytest.raises(ValidationError) as refused:
        subscription_create(workspace=voima, url="http://127.0.0.1:9/hook", events_wanted=["response.created"])
    assert "url" in refused.value.message_dict
    with pytest.raises(ValidationError) as unknown:
        subscription_create(workspace=voima, url="https://example.com/h", events_wanted=["response.deleted"])
    assert "events" in unknown.value.message_dict
    with pytest.raises(ValidationError):
        subscription_create(workspace=voima, url="https://hooks.slack.com/services/T/B/C",
                            events_wanted=["interaction.created"], kind=WebhookSubscription.Kind.SLACK)  # fmt: skip
    assert WebhookSubscription.objects.count() == 0


def test_subscriptions_through_the_api_show_the_secret_once(client, voima, http):
    from kohtaamo.workspaces.services import api_token_create

    auth = {"HTTP_AUTHORIZATION": f"Bearer {factories.token_for(voima)}"}
    body = json.dumps({"url": http.url, "events": ["response.created"]})
    made = client.post("/api/v1/webhooks", data=body, content_type="application/json", **auth)
    assert made.status_code == 201, made.content
    assert made.json()["secret"].startswith("whsec_")
    listed = client.get("/api/v1/webhooks", **auth).json()
    assert [s["id"] for s in listed] == [made.json()["id"]] and "secret" not in listed[0]
    bad = json.dumps({"url": "ftp://example.com/x", "events": ["response.created"]})
    assert client.post("/api/v1/webhooks", data=bad, content_type="application/json", **auth).status_code == 422
    off = client.patch(f"/api/v1/webhooks/{made.json()['id']}", data=json.dumps({"enabled": False}),
                       content_type="application/json", **auth)  # fmt: skip
    assert off.status_code == 200 and off.json()["enabled"] is False and off.json()["secret"] is None
    read_only = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(workspace=voima, name='bi', read_only=True)[1]}"}
    assert client.get("/api/v1/webhooks", **read_only).status_code == 403
    assert client.delete(f"/api/v1/webhooks/{made.json()['id']}", **auth).status_code == 204
    assert WebhookSubscription.objects.count() == 0


def test_another_workspaces_subscription_is_404(client, voima, linkki, http):
    theirs, _secret = subscription_create(workspace=linkki, url=http.url, events_wanted=["response.created"])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {factories.token_for(voima)}"}
    assert client.delete(f"/api/v1/webhooks/{theirs.pk}", **auth).status_code == 404
    assert client.get("/api/v1/webhooks", **auth).json() == []


def test_the_webhooks_page_shows_the_secret_once_and_only_admins_reach_it(client, voima, people, http):
    factories.login(client, people["aino"])
    url = "/w/voima/incidents/webhooks/"
    answer = client.post(url, {"url": http.url, "kind": "signed", "events": ["dispute.opened"], "name": "CRM"})
    assert answer.status_code == 200 and b"whsec_" in answer.content
    subscription = WebhookSubscription.objects.get()
    assert subscription.secrets["secret"].encode() in answer.content
    assert b"whsec_" not in client.get(url).content
    client.post(f"{url}{subscription.pk}/", {"action": "disable"})
    subscription.refresh_from_db()
    assert subscription.enabled is False
    refused = client.post(url, {"url": "http://10.0.0.1/x", "kind": "signed", "events": ["dispute.opened"]})
    assert b"whsec_" not in refused.content and WebhookSubscription.objects.count() == 1
    factories.login(client, people["cecilia"])
    assert client.get(url).status_code == 403
