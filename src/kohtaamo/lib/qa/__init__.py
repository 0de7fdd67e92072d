"""Quality-monitoring maths without Django: scoring evaluations, sampling interactions, report statistics.

Submodules: :mod:`.scoring` (scorecards and the score of one evaluation), :mod:`.sampling` (which
interactions get evaluated), :mod:`.stats` (IQS intervals and CX verdicts for reports).
"""
