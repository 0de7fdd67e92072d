"""What a platform tells about a conversation, in one shape for every connector kind (no database here).

A kind turns its platform's payload into :class:`ConversationUpdate` values; ``services.conversations``
stores them once each and rebuilds the conversation's interaction record.
"""

from dataclasses import dataclass, field
from datetime import datetime

# Who said a line of a transcript.
CUSTOMER = "customer"
AGENT = "agent"


@dataclass(frozen=True)
class Turn:
    """One message, by the platform's own id (which is what makes a redelivery change nothing)."""

    message_id: str
    at: datetime
    speaker: str
    text: str


@dataclass
class ConversationUpdate:
    """New messages and facts of one conversation of one contact.

    ``key`` is the platform's conversation (a Chatwoot conversation); without one (WhatsApp), the
    messages of one contact within ``window_hours`` of the conversation's first message are one
    conversation, keyed ``{key_prefix}{contact}:{epoch of its first message}``.
    """

    contact: str
    customer: dict[str, str]
    turns: list[Turn] = field(default_factory=list)
    key: str | None = None
    key_prefix: str = ""
    window_hours: int = 24
    started_at: datetime | None = None
    # channel, outcome, agent, queue, case_ref, attributes: whatever the platform says about the whole.
    facts: dict = field(default_factory=dict)

    def earliest(self) -> datetime | None:
        times = [t.at for t in self.turns] + ([self.started_at] if self.started_at else [])
        return min(times) if times else None
