"""Reads of the quality app; each takes the actor and returns only what that actor may see."""
