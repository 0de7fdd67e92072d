"""One transcript read in full, the way ingest and the bulk command read it: every turn masked, the
conversation's language told once, sentiment per turn, topics, and the automatic QA checks.

Everything after the masking reads the masked text only, so the original never leaves this function.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kohtaamo.lib.text.analysis import TextAnalyser, without_personal_data
from kohtaamo.lib.text.language import SAMPLE_WORDS, detect_language
from kohtaamo.lib.text.sentiment import Sentiment, model_for
from kohtaamo.lib.text.words import tokens

from .autoqa import AutoQA, Turn, autoqa, seconds_of


@dataclass(frozen=True, slots=True)
class TranscriptReading:
    language: str | None
    redacted: list[Mapping[str, Any]]  # the transcript as it would be stored (unchanged turns as given)
    pii: list[str]
    sentiments: list[Sentiment]  # per turn
    topics: list[str]
    checks: AutoQA | None


def read_transcript(
    transcript: Sequence[Mapping[str, Any]],
    analyser: TextAnalyser,
    *,
    language: str | None = None,
    customer_name: str | None = None,
    channel: str | None = None,
) -> TranscriptReading:
    """Mask, read and check ``transcript`` (turns in the import format)."""
    origin = None
    redacted: list[Mapping[str, Any]] = []
    kinds: dict[str, None] = {}
    turns: list[Turn] = []
    sample: list[str] = []
    redact = analyser.redactor.redact if analyser.redact else None
    for index, raw in enumerate(transcript):
        at, origin = seconds_of(raw.get("at"), origin)
        given = raw.get("text")
        text = given if isinstance(given, str) else ""
        redaction = redact(text) if redact is not None else None
        if redaction is not None and redaction.kinds:
            kinds.update(dict.fromkeys(redaction.kinds))
            redacted.append({**raw, "text": redaction.text})
            text = without_personal_data(text, redaction)
        else:
            redacted.append(raw)
        words = tokens(text)
        turns.append(Turn(index, str(raw.get("speaker", "")).lower(), text, at, words))
        if len(sample) < SAMPLE_WORDS:
            sample += words
    if language is None:
        language = detect_language(" ".join(sample), analyser.languages)
    model = model_for(language)
    every_word = [word for turn in turns for word in turn.words]
    return TranscriptReading(
        language=language,
        redacted=redacted,
        pii=list(kinds),
        sentiments=[
            analyser.trained.of_words(turn.words, language) if analyser.trained else model.of_words(turn.words)
            for turn in turns
        ],
        topics=analyser.compiled_taxonomy.match(every_word, language),
        checks=autoqa(
            turns, language=language, customer_name=customer_name, channel=channel, trained=analyser.trained
        ),  # fmt: skip
    )
