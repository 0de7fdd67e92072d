"""Chatwoot's webhook events (as its docs show them) becoming one chat interaction per conversation."""

import json
import time

import pytest

from kohtaamo.connectors.services.connectors import connector_add
from kohtaamo.lib.signatures import sha256_signature
from kohtaamo.timeline.models import Case, Customer, CustomerIdentity, Interaction

SECRET = "chatwoot-webhook-secret"


@pytest.fixture
def chatwoot(voima):
    return connector_add(workspace=voima, kind="chatwoot", name="Chatwoot", options={})


@pytest.fixture
def signed_chatwoot(voima):
    return connector_add(workspace=voima, kind="chatwoot", name="Chatwoot signed", options={"webhook_secret": SECRET})


def _conversation(status="open", **extra):
    """A conversation as Chatwoot's webhook_data shows it (docs: "Supported webhook events")."""
    return {
        "id": 48, "account_id": 7, "inbox_id": 3, "channel": "Channel::WebWidget", "status": status,
        "created_at": 1772438400, "timestamp": 1772438400, "messages": [],
        "meta": {"sender": {"id": 901, "name": "Liisa Laine", "email": "Liisa.Laine@example.fi",
                            "phone_number": "+358 40 765 4321", "type": "contact"},
                 "assignee": {"id": 5, "name": "Laura Nieminen", "email": "laura@voima.fi", "type": "user"}},
        **extra,
    }  # fmt: skip


def _message(message_id, content, message_type="incoming", created_at="2026-03-02 08:01:00 UTC", **extra):
    return {
        "event": "message_created", "id": message_id, "content": content, "created_at": created_at,
        "message_type": message_type, "content_type": "text", "content_attributes": {}, "private": False,
        "sender": {"id": 901, "name": "Liisa Laine", "type": "contact"},
        "conversation": _conversation(), "account": {"id": 7, "name": "Voima"},
        "inbox": {"id": 3, "name": "Verkkosivu"},
        **extra,
    }  # fmt: skip


def _post(client, connector, event, headers=None):
    return client.post(connector.webhook_path, data=json.dumps(event), content_type="application/json",
                       **(headers or {}))  # fmt: skip


def test_it_turns_a_conversation_into_one_chat_interaction_with_the_contact(client, voima, chatwoot):
    assert _post(client, chatwoot, {"event": "conversation_created", **_conversation()}).status_code == 200
    _post(client, chatwoot, _message(1001, "Laskussa on virhe"))
    _post(client, chatwoot, _message(1002, "Katsotaan heti", "outgoing", "2026-03-02T08:03:00Z",
                                     sender={"id": 5, "name": "Laura Nieminen", "type": "user"}))  # fmt: skip
    interaction = Interaction.objects.of(voima).get()
    assert interaction.channel == "chat"
    assert [(t["speaker"], t["text"]) for t in interaction.transcript] == [
        ("customer", "Laskussa on virhe"), ("agent", "Katsotaan heti")]  # fmt: skip
    assert interaction.queue.name == "Verkkosivu"
    customer = Customer.objects.of(voima).get()
    identities = set(CustomerIdentity.objects.of(voima).values_list("kind", "value"))
    assert {("email", "liisa.laine@example.fi"), ("phone", "+358407654321")} <= identities
    assert customer.name == "Liisa Laine"


def test_a_resolved_conversation_resolves_its_case(client, voima, chatwoot):
    _post(client, chatwoot, _message(1001, "Laskussa on virhe"))
    _post(client, chatwoot, {"event": "conversation_status_changed", **_conversation(status="resolved")})
    interaction = Interaction.objects.of(voima).get()
    assert interaction.outcome == "resolved"
    assert Case.objects.of(voima).get().status == "resolved"


def test_private_notes_and_redeliveries_add_nothing(client, voima, chatwoot):
    _post(client, chatwoot, _message(1001, "Laskussa on virhe"))
    _post(client, chatwoot, _message(1001, "Laskussa on virhe"))
    _post(client, chatwoot, _message(1003, "Asiakas soitti eilen", "outgoing", private=True))
    assert len(Interaction.objects.of(voima).get().transcript) == 1


def test_events_about_other_things_are_ignored(client, voima, chatwoot):
    response = _post(client, chatwoot, {"event": "contact_created", "id": 901, "name": "Liisa"})
    assert response.status_code == 200
    assert response.json() == {"ignored": 1}
    assert not Interaction.objects.of(voima).exists()


def test_a_malformed_event_is_a_400_naming_the_field(client, chatwoot):
    response = _post(client, chatwoot, {"event": "message_created", "id": 1, "conversation": "48"})
    assert response.status_code == 400
    assert "conversation" in response.json()["detail"]


def test_with_a_secret_only_signed_fresh_events_are_taken(client, voima, signed_chatwoot):
    event = _message(1001, "Laskussa on virhe")
    body = json.dumps(event).encode()
    now = str(int(time.time()))
    assert _post(client, signed_chatwoot, event).status_code == 401
    stale = str(int(time.time()) - 3600)
    old = {"HTTP_X_CHATWOOT_TIMESTAMP": stale,
           "HTTP_X_CHATWOOT_SIGNATURE": sha256_signature(SECRET, stale.encode() + b"." + body)}  # fmt: skip
    assert (
        client.post(signed_chatwoot.webhook_path, data=body, content_type="application/json", **old).status_code == 401
    )
    assert not Interaction.objects.of(voima).exists()
    fresh = {"HTTP_X_CHATWOOT_TIMESTAMP": now,
             "HTTP_X_CHATWOOT_SIGNATURE": sha256_signature(SECRET, now.encode() + b"." + body)}  # fmt: skip
    response = client.post(signed_chatwoot.webhook_path, data=body, content_type="application/json", **fresh)
    assert response.status_code == 200
    assert Interaction.objects.of(voima).count() == 1
