"""The channels a contact comes in on, and the other names systems export them under.

The one list behind both the model's choices (``models.Channel``) and the record parser (``records``).
Pure, no Django import: the parse worker processes (``files.read_parsed``) import it without setting
Django up. Labels are only marked for translation here; ``models.Channel`` translates them when shown.
"""


def _(label: str) -> str:
    """Mark a label for makemessages (translated lazily by ``models.Channel``)."""
    return label


# Value → label, in the order pages list them.
CHANNELS: dict[str, str] = {
    "phone": _("Phone"),
    "chat": _("Chat"),
    "email": _("Email"),
    "whatsapp": _("WhatsApp"),
    "social": _("Social media"),
    "sms": _("SMS"),
    "web": _("Web self-service"),
    "in_person": _("In person"),
    "voice_assistant": _("Voice assistant"),
    "other": _("Other"),
}
CHANNEL_ALIASES = {
    "voice": "phone",
    "call": "phone",
    "telephone": "phone",
    "e-mail": "email",
    "mail": "email",
    "messenger": "social",
    "facebook": "social",
    "instagram": "social",
    "x": "social",
    "twitter": "social",
    "webchat": "chat",
    "self-service": "web",
    "self_service": "web",
    "in-person": "in_person",
    "walk-in": "in_person",
    "store": "in_person",
}
