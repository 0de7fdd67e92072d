"""Reading texts that are already stored: a survey comment, or a transcript as turns.

Stored texts were masked on ingest when the workspace asks for it, so nothing is masked again here; the
placeholders the masking left (``[PHONE]``) are cut out first, so they never vote for English nor match a
topic. A transcript's topics come from every turn (the agent names the subject as often as the customer),
its sentiment from the customer's turns only (the agent's politeness is not the customer's mood), or from
every turn when no turn is marked as the customer's.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .analysis import TextAnalyser
from .language import SAMPLE_WORDS, detect_language
from .sentiment import model_for
from .words import tokens

PLACEHOLDER = re.compile(r"\[[A-Z][A-Z0-9_]{0,39}\]")


@dataclass(frozen=True, slots=True)
class StoredReading:
    language: str | None
    sentiment: str
    sentiment_score: float
    topics: list[str]


def _words(text: str) -> list[str]:
    return tokens(PLACEHOLDER.sub(" ", text) if "[" in text else text)


def read_comment(analyser: TextAnalyser, text: str, language: str | None = None) -> StoredReading:
    """Language, sentiment and topics of one stored comment; ``language`` when the survey knows it."""
    words = _words(text)
    if language not in analyser.languages:
        language = detect_language(" ".join(words[:SAMPLE_WORDS]), analyser.languages)
    mood = model_for(language).of_words(words)
    return StoredReading(language, mood.label, mood.score, analyser.compiled_taxonomy.match(words, language))


def read_transcript_text(analyser: TextAnalyser, transcript: Sequence[Mapping[str, Any]]) -> StoredReading:
    """Language and topics of a stored transcript from every turn, sentiment from the customer's turns."""
    every: list[str] = []
    customer: list[str] = []
    for turn in transcript:
        text = turn.get("text") if isinstance(turn, Mapping) else None
        if not isinstance(text, str):
            continue
        words = _words(text)
        every += words
        if str(turn.get("speaker", "")).lower() == "customer":
            customer += [*words, "."]  # a turn ends a clause: a negation never reaches into the next turn
    language = detect_language(" ".join(every[:SAMPLE_WORDS]), analyser.languages)
    mood = model_for(language).of_words(customer or every)
    return StoredReading(language, mood.label, mood.score, analyser.compiled_taxonomy.match(every, language))
