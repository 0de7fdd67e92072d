"""Journey analytics without Django: customer paths, effort, pain points and action follow-up.

Submodules: :mod:`.paths` (journeys, top paths, switches, Sankey links), :mod:`.effort` (effort
index and its check against CES), :mod:`.pain` (pain points ranked by impact), :mod:`.followup`
(before/after verdicts). Statistics come from :mod:`kohtaamo.lib.cxmetrics`.
"""
