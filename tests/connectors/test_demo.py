"""The demo's WhatsApp conversations came in through the connector's own code path."""

from django.utils import timezone
from rich.progress import Progress

from kohtaamo.connectors.models import Connector, Conversation
from kohtaamo.demo import STEPS, DemoContext
from kohtaamo.demo.rhythm import HELSINKI
from kohtaamo.timeline.models import Interaction


def test_the_demo_has_a_whatsapp_connector_and_its_conversations(db):
    now = timezone.now()
    ctx = DemoContext(seed=7, today=now.astimezone(HELSINKI).date(), now=now, scale=0.02,
                      progress=Progress(disable=True))  # fmt: skip
    for step in STEPS:
        step(ctx)
    workspace = ctx.clients["voima"].workspace
    connector = Connector.objects.of(workspace).get(kind="whatsapp")
    conversations = Conversation.objects.of(workspace).filter(connector=connector)
    assert conversations.count() == 2
    chats = Interaction.objects.of(workspace).filter(source="whatsapp")
    assert chats.count() == 2
    finnish = chats.get(transcript__0__text__startswith="Hei!")
    assert len(finnish.transcript) == 3 and finnish.customer.name
