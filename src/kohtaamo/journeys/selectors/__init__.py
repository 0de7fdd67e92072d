"""Reads of the journeys app; each takes the actor and returns only what that actor may see.

``personas`` (who the personas' members are), ``catalogue`` (touchpoints, journey maps, insights,
actions), ``analytics`` (paths, pain points, effort) and ``outcomes`` (an action's metric before and
after, the roadmap and the CX review).
"""
