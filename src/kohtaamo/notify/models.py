"""Proactive notifications: incidents, deliveries and deflection."""
