"""Automatic QA checks on one transcript: greeting, closing, customer's name, hold etiquette, forbidden
phrases, likeness to the QA lead's example phrases, spelling in written channels, response delay and
sentiment at the start and the end.

Each check answers ``passed`` (``None`` when it does not apply: no known name, no hold, no phrases given)
with ``evidence``: the index of the turn that passed it, or for a failure the turn that shows it (a
greeting without a name, a forbidden phrase, the turn before an unannounced silence). Automatic answers
are kept apart from human ones (AQS beside IQS).
"""

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from kohtaamo.lib.text.language import SAMPLE_WORDS, detect_language
from kohtaamo.lib.text.sentiment import model_for
from kohtaamo.lib.text.spelling import NO_LANGUAGE, NOT_WRITTEN, Speller, SpellingResult, spelling_check
from kohtaamo.lib.text.words import BOUNDARY, tokens

from . import autoqa_phrases
from .checks import CHECKS

if TYPE_CHECKING:
    from kohtaamo.lib.text.classifier import TrainedSentiment

FIRST_TURNS = 2  # the agent's first turns where a greeting counts, and the last turns for a closing
HOLD_GAP_SECONDS = 60.0  # a silence this long before an agent's turn is a hold
SENTIMENT_TURNS = 2  # at most this many of the customer's first and last turns give the sentiment at start and end
SIMILARITY_PASS = 0.6  # share of an example phrase's words an agent turn must hold, in order-free matching
WRITTEN_CHANNELS = frozenset({"chat", "email", "whatsapp", "social", "sms", "web", "messaging"})
AGENT, CUSTOMER = "agent", "customer"
MEASURES = ("agent_max_response_seconds", "sentiment_start", "sentiment_end")
PHRASED = ("forbidden_phrases", "example_phrases")


def phrases(texts: Iterable[str]) -> tuple[str, ...]:
    """Phrases as padded word strings, so ``in`` matches whole words in order ("hei" is not in "heinä")."""
    found = (" ".join(word for word in tokens(text) if word not in BOUNDARY) for text in texts)
    return tuple(dict.fromkeys(f" {words} " for words in found if words))


def name_phrases(names: Iterable[str]) -> tuple[str, ...]:
    """A company's or a person's name as said in a greeting: whole, or its first word ("Voima", "Liisa")."""
    said = []
    for name in names:
        words = [word for word in tokens(name) if word not in BOUNDARY]
        said += [" ".join(words), *words[:1]] if words and len(words[0]) >= 3 else [" ".join(words)]
    return phrases(said)


def _all(by_language: Mapping[str, list[str]]) -> tuple[str, ...]:
    return phrases(p for texts in by_language.values() for p in texts)


GREETINGS = _all(autoqa_phrases.GREETING)
INTRODUCTIONS = _all(autoqa_phrases.INTRODUCTION)
CLOSINGS = _all(autoqa_phrases.CLOSING)
HOLDS = _all(autoqa_phrases.HOLD)
HOLD_THANKS = _all(autoqa_phrases.HOLD_THANKS)


@dataclass(slots=True)  # not frozen: made for every turn, and frozen init costs
class Turn:
    index: int
    speaker: str
    text: str
    at: float | None  # seconds from the first timed turn
    words: list[str] = field(default_factory=list, compare=False)

    @property
    def padded(self) -> str:
        return f" {' '.join(word for word in self.words if word not in BOUNDARY)} "


@dataclass(frozen=True, slots=True)
class Check:
    passed: bool | None
    evidence: int | None = None
    matched: tuple[str, ...] = ()  # the words that decided it, for highlighting

    def to_dict(self) -> dict[str, object]:
        return {"passed": self.passed, "evidence": self.evidence}


NOT_APPLICABLE = Check(None)


@dataclass(frozen=True, slots=True)
class AutoQA:
    greeting: Check
    closing: Check
    customer_name_used: Check
    hold_announced: Check
    forbidden_phrases: Check
    example_phrases: Check
    spelling: SpellingResult
    agent_max_response_seconds: float | None
    sentiment_start: float | None
    sentiment_end: float | None
    longest_silence_seconds: float | None

    def checks(self) -> dict[str, Check]:
        found = {name: getattr(self, name) for name in CHECKS if name != "spelling"}
        spelling = self.spelling
        found["spelling"] = Check(spelling.passed, spelling.evidence, tuple(m.word for m in spelling.misspelled))
        return found

    def to_dict(self) -> dict[str, object]:
        """The shape `kohtaamo quality autoqa --json` prints (the phrase checks only when phrases were given;
        spelling always, with its reason when it is not available)."""
        shown = CHECKS[:4] + tuple(n for n in PHRASED if getattr(self, n).passed is not None)
        result: dict[str, object] = {name: getattr(self, name).to_dict() for name in shown}
        result["spelling"] = self.spelling.to_dict()
        for name in MEASURES:
            result[name] = getattr(self, name)
        return result


def seconds_of(value: Any, origin: datetime | None) -> tuple[float | None, datetime | None]:
    """``value`` (seconds, or a timestamp) as seconds from ``origin``, the first timestamp seen."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (float(value) if math.isfinite(value) else None), origin
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return None, origin
        if origin is None:
            origin = moment
        try:
            return (moment - origin).total_seconds(), origin
        except TypeError:  # naive and aware timestamps mixed
            return None, origin
    return None, origin


def turns_of(transcript: Sequence[Mapping[str, Any]]) -> list[Turn]:
    """Turns in the import format (``speaker``, ``text``, ``at`` as seconds or timestamps)."""
    turns, origin = [], None
    for index, raw in enumerate(transcript):
        at, origin = seconds_of(raw.get("at"), origin)
        text = raw.get("text")
        text = text if isinstance(text, str) else ""
        speaker = str(raw.get("speaker", "")).lower()
        turns.append(Turn(index, speaker, text, at, tokens(text)))
    return turns


def _found(turn: Turn, wanted: tuple[str, ...]) -> tuple[str, ...]:
    padded = turn.padded
    return tuple(phrase.strip() for phrase in wanted if phrase in padded)


def _first_match(turns: Sequence[Turn], wanted: tuple[str, ...]) -> Check:
    for turn in turns:
        found = _found(turn, wanted)
        if found:
            return Check(True, turn.index, found)
    return Check(False)


def greeting_check(first: Sequence[Turn], names: tuple[str, ...]) -> Check:
    """A greeting in the agent's first turns that says who answers: the company's or the agent's own name,
    or, when neither is known, an introduction ("nimeni on", "jag heter", "this is")."""
    greeting = _first_match(first, GREETINGS)
    named = _first_match(first, names or INTRODUCTIONS)
    if greeting.passed and named.passed:
        matched = greeting.matched + (named.matched if named.evidence == greeting.evidence else ())
        return Check(True, greeting.evidence, matched)
    partial = greeting if greeting.passed else named
    return Check(False, partial.evidence, partial.matched)


def _names_in(turn: Turn, name: str) -> str | None:
    """The word of ``turn`` that is ``name`` or an inflection of it ("Mikko" → "Mikolle", "Annan")."""
    name = name.lower()
    stem = name[:-2] if len(name) >= 5 else name[:-1] if len(name) >= 4 else name
    stem = stem if len(stem) >= 3 else name
    padded = turn.padded
    if f" {stem}" not in padded:  # one substring search before looking at words
        return None
    for word in turn.words:
        if word.startswith(name) or (word.startswith(stem) and len(word) <= len(name) + 5):
            return word
    return None


def customer_name_check(agent_turns: Sequence[Turn], customer_name: str | None) -> Check:
    """The customer's first name (or, for "Mr Smith", the surname) in an agent's turn."""
    names = [part for part in tokens(customer_name or "") if len(part) > 1 and part not in BOUNDARY]
    if not names:
        return NOT_APPLICABLE
    for turn in agent_turns:
        for name in dict.fromkeys(names[:1] + names[-1:]):
            found = _names_in(turn, name)
            if found:
                return Check(True, turn.index, (found,))
    return Check(False)


def hold_check(turns: Sequence[Turn], *, written: bool) -> Check:
    """Every hold announced in the agent's turn before it and thanked for in the turn after.

    A hold is a silence of :data:`HOLD_GAP_SECONDS` before an agent's turn. In a written channel a wait
    after the customer's message is a response delay, not a hold, unless the agent announced one.
    """
    evidence: Check | None = None
    last_agent: Turn | None = None
    for before, after in zip(turns, turns[1:], strict=False):
        if before.speaker == AGENT:
            last_agent = before
        if before.at is None or after.at is None or after.at - before.at < HOLD_GAP_SECONDS:
            continue
        if after.speaker != AGENT:
            continue
        announced = _found(last_agent, HOLDS) if last_agent is not None else ()
        if written and before.speaker != AGENT and not announced:
            continue
        if not announced or not _found(after, HOLD_THANKS):
            return Check(False, before.index)
        if evidence is None and last_agent is not None:
            evidence = Check(True, last_agent.index, announced)
    return evidence or NOT_APPLICABLE


def forbidden_check(agent_turns: Sequence[Turn], forbidden: tuple[str, ...]) -> Check:
    """Fails on the first agent turn that says one of the QA lead's forbidden phrases."""
    if not forbidden:
        return NOT_APPLICABLE
    for turn in agent_turns:
        found = _found(turn, forbidden)
        if found:
            return Check(False, turn.index, found)
    return Check(True)


def similarity(turn: Turn, example: str) -> float:
    """The share of the example phrase's words that the turn holds (any order)."""
    wanted = set(example.split())
    return len(wanted & set(turn.words)) / len(wanted) if wanted else 0.0


def example_check(agent_turns: Sequence[Turn], examples: tuple[str, ...]) -> Check:
    """Passes on the agent turn most like one of the QA lead's example phrases, when alike enough."""
    if not examples:
        return NOT_APPLICABLE
    best, best_turn, best_example = 0.0, None, ""
    for turn in agent_turns:
        for example in examples:
            score = similarity(turn, example)
            if score > best:
                best, best_turn, best_example = score, turn, example
    if best_turn is None or best < SIMILARITY_PASS:
        return Check(False)
    return Check(True, best_turn.index, tuple(w for w in best_example.split() if w in best_turn.words))


def max_response_seconds(turns: Sequence[Turn]) -> float | None:
    """The longest wait from a customer's (first unanswered) message to the agent's next turn."""
    waiting_since, longest = None, None
    for turn in turns:
        if turn.at is None:
            continue
        if turn.speaker == CUSTOMER and waiting_since is None:
            waiting_since = turn.at
        elif turn.speaker == AGENT and waiting_since is not None:
            delay = max(turn.at - waiting_since, 0.0)
            longest = delay if longest is None or delay > longest else longest
            waiting_since = None
    return longest


def longest_silence(turns: Sequence[Turn]) -> float | None:
    """The longest gap between two timed turns in a row (a spoken conversation's dead air)."""
    gaps = [b.at - a.at for a, b in zip(turns, turns[1:], strict=False) if a.at is not None and b.at is not None]
    return max(gaps) if gaps else None


def _sentiment_of(turns: Sequence[Turn], language: str | None, trained: "TrainedSentiment | None") -> float | None:
    if not turns:
        return None
    words: list[str] = []
    for turn in turns:
        words += turn.words
        words.append(".")  # a turn ends a clause: a negation does not reach into the next one
    return (trained.of_words(words, language) if trained else model_for(language).of_words(words)).score


def spelling_of(
    agent_turns: Sequence[Turn],
    language: str | None,
    *,
    written: bool,
    spellers: Callable[[str], Speller | None] | None,
    allowed: Iterable[str],
) -> SpellingResult:
    """Spelling of the agent's turns in a written channel, by the conversation language's dictionary."""
    if not written:
        return SpellingResult(None, reason=NOT_WRITTEN)
    if language is None:
        return SpellingResult(None, reason=NO_LANGUAGE)
    speller = spellers(language) if spellers is not None else None
    return spelling_check(((turn.index, turn.text) for turn in agent_turns), speller, allowed=allowed)


def autoqa(
    turns: Sequence[Turn],
    *,
    language: str | None,
    customer_name: str | None = None,
    channel: str | None = None,
    names: Iterable[str] = (),
    forbidden: Iterable[str] = (),
    examples: Iterable[str] = (),
    spellers: Callable[[str], Speller | None] | None = None,
    allowed: Iterable[str] = (),
    trained: "TrainedSentiment | None" = None,
) -> AutoQA | None:
    """The checks for one conversation; ``None`` without at least one agent and one customer turn.

    ``names`` are the company's and the agent's names a greeting should say; ``forbidden`` and
    ``examples`` the QA lead's phrases (no phrases: those checks do not apply). ``spellers`` gives the
    dictionary of a language (None: not available), ``allowed`` the words spelling accepts; ``trained``
    the workspace's own sentiment classifier when it is switched on (otherwise the shipped lexicon reads).
    """
    agent = [turn for turn in turns if turn.speaker == AGENT]
    customer = [turn for turn in turns if turn.speaker == CUSTOMER]
    if not agent or not customer:
        return None
    written = channel is None or channel in WRITTEN_CHANNELS
    # Start and end never share a turn when there are two or more: a short chat still shows its turn.
    ends = max(1, min(SENTIMENT_TURNS, len(customer) // 2))
    return AutoQA(
        greeting=greeting_check(agent[:FIRST_TURNS], name_phrases(names)),
        closing=_first_match(agent[-FIRST_TURNS:], CLOSINGS),
        customer_name_used=customer_name_check(agent, customer_name),
        hold_announced=hold_check(turns, written=written),
        forbidden_phrases=forbidden_check(agent, phrases(forbidden)),
        example_phrases=example_check(agent, tuple(p.strip() for p in phrases(examples))),
        spelling=spelling_of(agent, language, written=written, spellers=spellers, allowed=allowed),
        agent_max_response_seconds=max_response_seconds(turns) if written else None,
        sentiment_start=_sentiment_of(customer[:ends], language, trained),
        sentiment_end=_sentiment_of(customer[-ends:], language, trained),
        longest_silence_seconds=None if written else longest_silence(turns),
    )


NOTHING_TO_CHECK = AutoQA(
    greeting=NOT_APPLICABLE,
    closing=NOT_APPLICABLE,
    customer_name_used=NOT_APPLICABLE,
    hold_announced=NOT_APPLICABLE,
    forbidden_phrases=NOT_APPLICABLE,
    example_phrases=NOT_APPLICABLE,
    spelling=SpellingResult(None, reason="no agent and customer turns"),
    agent_max_response_seconds=None,
    sentiment_start=None,
    sentiment_end=None,
    longest_silence_seconds=None,
)


def check_transcript(
    transcript: Sequence[Mapping[str, Any]],
    *,
    language: str | None = None,
    customer_name: str | None = None,
    channel: str | None = None,
    names: Iterable[str] = (),
    forbidden: Iterable[str] = (),
    examples: Iterable[str] = (),
    spellers: Callable[[str], Speller | None] | None = None,
    allowed: Iterable[str] = (),
    trained: "TrainedSentiment | None" = None,
) -> AutoQA:
    """The checks of a transcript in the import format, its language told from its words when not given;
    every check "does not apply" for a conversation without an agent and a customer turn."""
    turns = turns_of(transcript)
    if language is None:
        sample = [word for turn in turns[:10] for word in turn.words][:SAMPLE_WORDS]
        language = detect_language(" ".join(sample))
    found = autoqa(
        turns,
        language=language,
        customer_name=customer_name,
        channel=channel,
        names=names,
        forbidden=forbidden,
        examples=examples,
        spellers=spellers,
        allowed=allowed,
        trained=trained,
    )
    return found or NOTHING_TO_CHECK
