"""Reads of the feedback app, each taking the actor (one module per subject; import from the module)."""
