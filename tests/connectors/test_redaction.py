"""A connector keeps its own copy of every message: masked like the interaction it becomes (docs/privacy.md)."""

from datetime import UTC, datetime

from kohtaamo.connectors.models import Message
from kohtaamo.connectors.whatsapp.notifications import SentMessage, notification_build, signed
from kohtaamo.timeline.models import Interaction
from tests.timeline.test_redaction_on_ingest import every_value_in_the_database

from .conftest import APP_SECRET

TEXT = "Laskuni on väärin, vastaa osoitteeseen matti.v@koti.fi tai tilille FI21 1234 5600 0007 85"
MASKED = "Laskuni on väärin, vastaa osoitteeseen [EMAIL] tai tilille [IBAN]"


def _post(client, connector, text):
    sent = SentMessage(wa_id="358401234567", name="Matti Virtanen", message_id="wamid.PII1",
                       at=datetime(2026, 3, 2, 8, 0, tzinfo=UTC), text=text)  # fmt: skip
    body, header = signed(notification_build([sent]), APP_SECRET)
    return client.post(connector.webhook_path, data=body, content_type="application/json",
                       HTTP_X_HUB_SIGNATURE_256=header)  # fmt: skip


def test_a_whatsapp_message_is_masked_in_the_connectors_copy_and_the_interaction(client, voima, whatsapp):
    assert _post(client, whatsapp, TEXT).json()["created"] == 1
    assert Message.objects.of(voima).get().text == MASKED
    interaction = Interaction.objects.of(voima).get()
    assert interaction.transcript[0]["text"] == MASKED and interaction.redacted_kinds == ["email", "iban"]
    everything = every_value_in_the_database()
    assert "matti.v@koti.fi" not in everything and "FI21 1234" not in everything
    # A redelivered webhook rebuilds the same (masked) record: unchanged.
    assert _post(client, whatsapp, TEXT).json()["unchanged"] == 1
