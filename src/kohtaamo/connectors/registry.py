"""Every connector kind by its name: the one list the CLI, the settings page and the webhook consult."""

from .chatwoot import Chatwoot
from .imap import Imap
from .kinds import ConnectorKind
from .sms import SmsReplies
from .whatsapp import WhatsApp

KINDS: dict[str, ConnectorKind] = {kind.kind: kind for kind in (WhatsApp(), Chatwoot(), Imap(), SmsReplies())}


def kind_of(name: str) -> ConnectorKind:
    return KINDS[name]
