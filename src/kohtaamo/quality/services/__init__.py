"""Writes of the quality app: every change to scorecards, evaluations, disputes, sessions and plans."""
