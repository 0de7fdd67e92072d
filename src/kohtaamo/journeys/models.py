"""Journeys and the improvement loop: personas, touchpoints, paths, actions."""
