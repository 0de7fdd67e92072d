"""WhatsApp Business (Cloud API): Meta's webhook, the verification handshake and signed notifications."""

from .webhook import WhatsApp

__all__ = ["WhatsApp"]
