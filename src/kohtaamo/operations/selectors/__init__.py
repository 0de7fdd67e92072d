"""Reads of the operations app, always scoped to the acting user's workspace."""
