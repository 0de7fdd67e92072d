"""One text, fully read: personal data masked, language, sentiment and topics — the same on ingest and in
``kohtaamo text analyse``.

The analysis runs on the text with the personal data cut out, so an e-mail address never votes for
English and a masked name never matches a topic.
"""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .language import detect_language
from .pii import Redaction, Redactor
from .sentiment import model_for
from .topics import DEFAULT_TAXONOMY, Taxonomy, TaxonomyData
from .words import LANGUAGES, tokens

if TYPE_CHECKING:
    from .classifier import TrainedSentiment


@dataclass(frozen=True, slots=True)
class TextAnalysis:
    language: str | None
    sentiment: str
    sentiment_score: float
    topics: list[str]
    pii: list[str]
    redacted: str

    def to_dict(self) -> dict[str, object]:
        return {
            "language": self.language,
            "sentiment": self.sentiment,
            "sentiment_score": self.sentiment_score,
            "topics": self.topics,
            "pii": self.pii,
            "redacted": self.redacted,
        }


def without_personal_data(text: str, redaction: Redaction) -> str:
    """``text`` with each masked piece replaced by a space (what the language and sentiment rules read)."""
    if not redaction.spans:
        return text
    pieces, position = [], 0
    for span in redaction.spans:
        pieces += [text[position : span.start], " "]
        position = span.end
    pieces.append(text[position:])
    return "".join(pieces)


@dataclass
class TextAnalyser:
    """A workspace's settings for reading texts: phone region, own patterns, taxonomy, languages, and its own
    trained sentiment classifier when one is switched on (``trained``; otherwise the shipped lexicon)."""

    region: str = "FI"
    patterns: dict[str, str] = field(default_factory=dict)
    taxonomy: TaxonomyData = field(default_factory=lambda: DEFAULT_TAXONOMY)
    languages: tuple[str, ...] = LANGUAGES
    redact: bool = True
    trained: "TrainedSentiment | None" = None

    def __post_init__(self) -> None:
        self.redactor = Redactor(self.region, self.patterns)
        self.compiled_taxonomy = Taxonomy(self.taxonomy)

    def analyse(self, text: str, language: str | None = None) -> TextAnalysis:
        """Everything about ``text``; ``language`` when the sender knows it (otherwise it is detected)."""
        redaction = self.redactor.redact(text) if self.redact else Redaction(text)
        readable = without_personal_data(text, redaction)
        if language is None:
            language = detect_language(readable, self.languages)
        words = tokens(readable)
        mood = self.trained.of_words(words, language) if self.trained else model_for(language).of_words(words)
        return TextAnalysis(
            language=language,
            sentiment=mood.label,
            sentiment_score=mood.score,
            topics=self.compiled_taxonomy.match(words, language),
            pii=list(redaction.kinds),
            redacted=redaction.text,
        )
