"""Meta's WhatsApp Business webhook: the handshake, signatures, and conversations that grow."""

import json
from datetime import UTC, datetime, timedelta

from kohtaamo.connectors.models import Message
from kohtaamo.connectors.whatsapp.notifications import SentMessage, notification_build, signed
from kohtaamo.timeline.models import Customer, CustomerIdentity, Interaction

from .conftest import APP_SECRET, VERIFY_TOKEN

MORNING = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def _message(n: int, at: datetime, text: str = "Hei", wa_id: str = "358401234567", name: str = "Matti Virtanen"):
    return SentMessage(wa_id=wa_id, name=name, message_id=f"wamid.TEST{n:04d}", at=at, text=text)


def _post(client, connector, notification, secret=APP_SECRET, signature=None):
    body, header = signed(notification, secret)
    return client.post(connector.webhook_path, data=body, content_type="application/json",
                       HTTP_X_HUB_SIGNATURE_256=signature if signature is not None else header)  # fmt: skip


def test_it_answers_the_verification_handshake_with_the_challenge(client, whatsapp):
    query = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"}
    response = client.get(whatsapp.webhook_path, query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content == b"1158201444"


def test_it_refuses_the_handshake_with_a_wrong_token(client, whatsapp):
    query = {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1158201444"}
    response = client.get(whatsapp.webhook_path, query)
    assert response.status_code == 403
    assert b"1158201444" not in response.content


def test_it_stores_a_signed_message_as_a_whatsapp_interaction(client, voima, whatsapp):
    response = _post(client, whatsapp, notification_build([_message(1, MORNING, "Sähköt poikki Kalliossa")]))
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 1
    interaction = Interaction.objects.of(voima).get()
    assert interaction.channel == "whatsapp"
    assert interaction.transcript[0]["text"] == "Sähköt poikki Kalliossa"
    assert interaction.transcript[0]["speaker"] == "customer"
    customer = Customer.objects.of(voima).get()
    assert customer.name == "Matti Virtanen"
    kinds = set(CustomerIdentity.objects.of(voima).filter(customer=customer).values_list("kind", "value"))
    assert {("phone", "+358401234567"), ("handle", "whatsapp:+358401234567")} <= kinds


def test_it_refuses_a_missing_or_wrong_signature_and_stores_nothing(client, voima, whatsapp):
    notification = notification_build([_message(1, MORNING)])
    assert _post(client, whatsapp, notification, signature="").status_code == 401
    assert _post(client, whatsapp, notification, secret="another-app").status_code == 401
    assert _post(client, whatsapp, notification, signature="sha256=" + "0" * 64).status_code == 401
    assert not Interaction.objects.of(voima).exists()
    assert not Message.objects.of(voima).exists()


def test_a_body_changed_after_signing_is_refused(client, voima, whatsapp):
    body, header = signed(notification_build([_message(1, MORNING, "Hei")]), APP_SECRET)
    forged = body.replace(b"Hei", b"Moi")
    response = client.post(whatsapp.webhook_path, data=forged, content_type="application/json",
                           HTTP_X_HUB_SIGNATURE_256=header)  # fmt: skip
    assert response.status_code == 401
    assert not Interaction.objects.of(voima).exists()


def test_messages_within_a_day_grow_one_conversation(client, voima, whatsapp):
    _post(client, whatsapp, notification_build([_message(1, MORNING, "Onko katko?")]))
    response = _post(client, whatsapp, notification_build([_message(2, MORNING + timedelta(hours=5), "Kiitos")]))
    assert response.json()["updated"] == 1
    interaction = Interaction.objects.of(voima).get()
    assert [line["text"] for line in interaction.transcript] == ["Onko katko?", "Kiitos"]
    assert interaction.ended_at == MORNING + timedelta(hours=5)


def test_a_message_after_the_24_hour_window_starts_a_new_conversation(client, voima, whatsapp):
    _post(client, whatsapp, notification_build([_message(1, MORNING)]))
    _post(client, whatsapp, notification_build([_message(2, MORNING + timedelta(hours=25), "Taas minä")]))
    interactions = list(Interaction.objects.of(voima).order_by("started_at"))
    assert len(interactions) == 2
    assert interactions[0].customer_id == interactions[1].customer_id


def test_a_redelivered_notification_changes_nothing(client, voima, whatsapp):
    notification = notification_build([_message(1, MORNING), _message(2, MORNING + timedelta(minutes=1), "Moi")])
    _post(client, whatsapp, notification)
    before = Interaction.objects.of(voima).get()
    response = _post(client, whatsapp, notification)
    assert response.status_code == 200
    assert response.json()["created"] == response.json()["updated"] == 0
    after = Interaction.objects.of(voima).get()
    assert after.transcript == before.transcript
    assert after.updated_at == before.updated_at
    assert Message.objects.of(voima).count() == 2


def test_two_contacts_in_one_delivery_are_two_conversations(client, voima, whatsapp):
    notification = notification_build([_message(1, MORNING), _message(2, MORNING, "Hej", "46701234567", "Sven")])
    assert _post(client, whatsapp, notification).json()["created"] == 2
    assert set(Customer.objects.of(voima).values_list("name", flat=True)) == {"Matti Virtanen", "Sven"}


def test_status_notifications_are_acknowledged_without_storing(client, voima, whatsapp):
    notification = notification_build([])
    value = notification["entry"][0]["changes"][0]["value"]
    value["statuses"] = [{"id": "wamid.OUT1", "status": "delivered", "timestamp": "1772438400",
                          "recipient_id": "358401234567"}]  # fmt: skip
    response = _post(client, whatsapp, notification)
    assert response.status_code == 200
    assert response.json()["statuses"] == 1
    assert not Interaction.objects.of(voima).exists()


def test_a_bad_message_is_reported_and_costs_nothing_to_the_good_one(client, voima, whatsapp):
    notification = notification_build([_message(1, MORNING), _message(2, MORNING)])
    notification["entry"][0]["changes"][0]["value"]["messages"][1]["timestamp"] = "yesterday"
    answer = _post(client, whatsapp, notification).json()
    assert answer["created"] == 1
    assert answer["rejected"] == [{"message": "messages[1]", "id": "wamid.TEST0002",
                                   "error": "timestamp must be Unix seconds"}]  # fmt: skip


def test_media_and_replies_become_readable_transcript_lines(client, voima, whatsapp):
    notification = notification_build([_message(1, MORNING)])
    message = notification["entry"][0]["changes"][0]["value"]["messages"][0]
    message.update({"type": "image", "image": {"caption": "Mittarin lukema", "id": "1"}})
    message.pop("text")
    _post(client, whatsapp, notification)
    assert Interaction.objects.of(voima).get().transcript[0]["text"] == "[image] Mittarin lukema"


def test_a_body_that_is_not_a_whatsapp_notification_is_a_400(client, whatsapp):
    body = json.dumps({"object": "page", "entry": []}).encode()
    from kohtaamo.lib.signatures import sha256_signature

    response = client.post(whatsapp.webhook_path, data=body, content_type="application/json",
                           HTTP_X_HUB_SIGNATURE_256=sha256_signature(APP_SECRET, body))  # fmt: skip
    assert response.status_code == 400
    assert "whatsapp_business_account" in response.json()["detail"]


def test_an_unknown_path_is_a_404_and_another_workspace_sees_nothing(client, voima, linkki, whatsapp):
    assert client.post("/hooks/not-a-connector/", data=b"{}", content_type="application/json").status_code == 404
    _post(client, whatsapp, notification_build([_message(1, MORNING)]))
    assert not Interaction.objects.of(linkki).exists()


def test_a_disabled_connector_answers_nothing(client, voima, whatsapp):
    whatsapp.enabled = False
    whatsapp.save()
    assert _post(client, whatsapp, notification_build([_message(1, MORNING)])).status_code == 404


def test_webhooks_need_no_csrf_token(voima, whatsapp):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert _post(strict, whatsapp, notification_build([_message(1, MORNING)])).status_code == 200


def test_deliveries_past_the_rate_limit_are_a_429(client, settings, voima, whatsapp):
    settings.KOHTAAMO_CONNECTOR_RATE = 2
    notification = notification_build([_message(1, MORNING)])
    statuses = [_post(client, whatsapp, notification).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_a_body_over_the_limit_is_a_413(client, whatsapp):
    big = b'{"object": "whatsapp_business_account", "pad": "' + b"x" * (1024 * 1024) + b'"}'
    response = client.post(whatsapp.webhook_path, data=big, content_type="application/json",
                           HTTP_X_HUB_SIGNATURE_256="sha256=0")  # fmt: skip
    assert response.status_code == 413


def test_erasing_the_customer_erases_the_connectors_copy_of_the_conversation(client, voima, whatsapp):
    from kohtaamo.connectors.models import Conversation
    from kohtaamo.privacy.selectors.export import customer_export
    from kohtaamo.privacy.services.erase import customer_erase
    from kohtaamo.workspaces.access import Actor

    _post(client, whatsapp, notification_build([_message(1, MORNING, "Osoitteeni on Kalliontie 3")]))
    customer = Customer.objects.of(voima).get()
    actor = Actor.system(voima)
    exported = json.dumps(customer_export(actor=actor, customer=customer), default=str)
    assert "Kalliontie 3" in exported.split('"connectors.message"')[1]
    customer_erase(actor=actor, customer=customer)
    assert not Conversation.objects.of(voima).exists() and not Message.objects.of(voima).exists()
    assert Interaction.objects.of(voima).get().transcript == []
