"""The names of the automatic QA checks a scorecard question can carry (docs/scorecard-format.md).

Kept apart from the rules so that reading a scorecard does not load the text models.
"""

CHECKS = (
    "greeting",
    "closing",
    "customer_name_used",
    "hold_announced",
    "forbidden_phrases",
    "example_phrases",
    "spelling",
)
PHRASE_CHECKS = frozenset({"forbidden_phrases", "example_phrases"})  # these need the QA lead's phrases
WORD_LIST_CHECKS = frozenset({"spelling"})  # phrases optional: the words it accepts (product names)
MAX_PHRASES = 200
MAX_PHRASE_CHARS = 200
