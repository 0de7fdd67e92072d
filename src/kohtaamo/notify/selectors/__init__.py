"""Reads of the notify app, each taking the actor (one module per subject; import from the module)."""
