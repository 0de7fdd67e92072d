"""Writes of the feedback app: surveys, invitations, answers, imports and follow-ups (one module each)."""
