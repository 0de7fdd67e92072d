"""Chatwoot: its account webhook (conversation_created, message_created, conversation_status_changed)."""

from .webhook import Chatwoot

__all__ = ["Chatwoot"]
