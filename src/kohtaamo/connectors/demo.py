"""The demo's WhatsApp Business number: a connector and conversations that came in through it.

The notifications are built in Meta's format and taken by the same parse and store functions the
webhook calls, so the demo's WhatsApp interactions are what a real delivery would have made.
"""

import secrets
from datetime import datetime, time, timedelta

from kohtaamo.demo.context import DemoContext
from kohtaamo.demo.rhythm import HELSINKI

from .services.connectors import connector_add
from .services.conversations import conversations_record
from .whatsapp.notifications import SentMessage, notification_build
from .whatsapp.payload import notification_parse

WORKSPACE = "voima"
# (minutes after the first message, text): a customer asking about a power cut, in their language.
CONVERSATIONS = {
    "fi": [
        (0, "Hei! Meiltä on sähköt poikki Kalliossa, tiedättekö kauanko kestää?"),
        (3, "Asiakasnumero on laskussa, löytyykö tällä puhelinnumerolla?"),
        (42, "Nyt tuli sähköt takaisin, kiitos tiedosta!"),
    ],
    "sv": [
        (0, "Hej! Vi har elavbrott i Berghäll, vet ni hur länge det varar?"),
        (5, "Tack, då väntar vi."),
    ],
}


def demo_step(ctx: DemoContext) -> None:
    """A WhatsApp connector for Voima and a conversation of two customers who use WhatsApp."""
    world = ctx.clients.get(WORKSPACE)
    if world is None or world.workspace is None:
        return
    connector = connector_add(
        workspace=world.workspace,
        kind="whatsapp",
        name="WhatsApp Business",
        options={"app_secret": secrets.token_urlsafe(24), "verify_token": secrets.token_urlsafe(12)},
    )
    chosen = {c.language: c for c in reversed(world.customers) if c.whatsapp and c.language in CONVERSATIONS}
    # Yesterday morning, from the fixed "today": the same seed on the same day gives the same data.
    started = datetime.combine(ctx.today - timedelta(days=1), time(9, 12), tzinfo=HELSINKI)
    messages = [
        SentMessage(
            wa_id=customer.whatsapp.removeprefix("whatsapp:").lstrip("+"),
            name=customer.name,
            message_id=f"wamid.DEMO{language.upper()}{n}",
            at=started + timedelta(minutes=offset + 90 * i),
            text=text,
        )
        for i, (language, customer) in enumerate(sorted(chosen.items()))
        for n, (offset, text) in enumerate(CONVERSATIONS[language])
    ]
    if messages:
        notification = notification_parse(notification_build(messages))
        conversations_record(connector=connector, updates=notification.updates)
