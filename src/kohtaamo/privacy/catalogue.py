"""Which tables hold a customer's personal data, and which reach a customer but hold none (and why).

A test (tests/privacy/test_catalogue.py) walks the app registry: every model whose foreign keys lead to a
customer must be exported and erased (``selectors.export.EXPORTS``, ``services.erase.ERASERS``) or be named
here with the reason it holds nothing personal. A new table with personal data cannot be forgotten.
"""

NOT_PERSONAL: dict[str, str] = {
    "quality.calibrationsession": "names interactions to calibrate on; the evaluations made in it are exported",
    "quality.calibrationsession_interactions": "ids only (which interactions a calibration session uses)",
    "quality.calibrationsession_participants": "ids only (which evaluators take part in a calibration)",
    "quality.coachingsession": "about the agent's coaching; links evaluations by id only",
    "quality.coachingsession_evaluations": "ids only (which evaluations a coaching session discussed)",
    "insights.textreading": "the sentiment and topic keys read from a text, never the text: figures, kept like scores",
    "insights.topicmention": "one topic key per text read, never the text: a figure, kept like scores",
    "sentiment.sentimentexample": "a sentiment label on a survey answer, whose text stays on the answer and is erased "
    "with it; typed and imported examples are masked like ingest and name no customer",
}

# The text an erasure leaves where a kept row named the person (a merge reason, an evaluator's comment).
ERASED = "[erased]"
