"""Quality-monitoring maths without Django: scoring evaluations, sampling interactions, report statistics.

Submodules, by what each decides: :mod:`.forms` (what a scorecard is), :mod:`.form_json` (which
JSON is a valid scorecard, and how one is written back), :mod:`.answers` (which answers fit a
scorecard), :mod:`.scoring` (the score of one evaluation), :mod:`.pass_rates` (which questions
agents pass), :mod:`.sampling` (which interactions get evaluated) and :mod:`.stats` (IQS intervals
and CX verdicts for reports).
"""
