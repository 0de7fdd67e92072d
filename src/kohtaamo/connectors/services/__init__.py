"""Writes of the connectors app: setting connectors up, their health, and the conversations they bring."""
