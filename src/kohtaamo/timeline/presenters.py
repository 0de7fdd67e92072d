"""A transcript as people read it: who spoke by name, and when as a player's clock (0:08, 1:02:05)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kohtaamo.lib.qa.autoqa import seconds_of

from .models import Interaction

# The kinds ``lib.text.pii`` masks, as the interaction page names them; a workspace pattern shows its own name.
MASKED_KIND_LABELS = {
    "email": gettext_lazy("email"),
    "phone": gettext_lazy("phone"),
    "personal_id": gettext_lazy("personal identity code"),
    "iban": gettext_lazy("IBAN"),
    "card": gettext_lazy("card number"),
}


def masked_kinds_label(kinds: object) -> str:
    """What was masked in the interaction's text on ingest, e.g. "phone, email" ("" when nothing was)."""
    if not isinstance(kinds, list):
        return ""
    return ", ".join(str(MASKED_KIND_LABELS.get(kind, kind)) for kind in kinds if isinstance(kind, str))


@dataclass(frozen=True)
class TranscriptTurn:
    role: str  # "agent", "customer" or what the source called the speaker (for the colour)
    speaker: str  # the name shown
    at: str  # "" when the source gave no time
    seconds: float | None
    text: str


def clock(seconds: float) -> str:
    """Seconds from the start as a media player shows them: 0:08, 12:40, 1:02:05."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def transcript_turns(interaction: Interaction) -> list[TranscriptTurn]:
    """The interaction's transcript with the agent's and the customer's names in place of the source's roles."""
    names = {
        "agent": interaction.agent.name if interaction.agent else _("Agent"),
        "customer": (interaction.customer.name if interaction.customer else "") or _("Customer"),
        "bot": _("Bot"),
        "system": _("System"),
    }
    turns, origin = [], None
    for raw in interaction.transcript or []:
        if not isinstance(raw, dict):
            continue
        seconds, origin = seconds_of(raw.get("at"), origin)
        role = str(raw.get("speaker") or "").strip()
        text = raw.get("text")
        turns.append(
            TranscriptTurn(
                role=role.lower(),
                speaker=names.get(role.lower(), role or _("Unknown speaker")),
                at=clock(seconds) if seconds is not None else "",
                seconds=seconds,
                text=text if isinstance(text, str) else "",
            )
        )
    return turns
