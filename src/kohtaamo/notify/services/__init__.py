"""Writes of the notify app: incidents and their updates, the fan-out into the outbox, sending it (one module each)."""
