"""Automatic QA checks on one transcript: greeting, closing, customer's name, hold etiquette, response delay
and sentiment at the start and the end.

Each check answers ``passed`` (``None`` when it does not apply: no agent turn, no known name, no hold)
with ``evidence``: the index of the turn that passed it, or for a hold not announced or not thanked,
the turn before the silence. Automatic answers are kept apart from human ones (AQS beside IQS).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kohtaamo.lib.text.sentiment import model_for
from kohtaamo.lib.text.words import tokens

from . import autoqa_phrases

FIRST_TURNS = 2  # the agent's first turns where a greeting counts, and the last turns for a closing
HOLD_GAP_SECONDS = 60.0  # a silence this long between two agent turns is a hold
SENTIMENT_TURNS = 2  # the customer's first and last turns that give the sentiment at start and end
WRITTEN_CHANNELS = frozenset({"chat", "email", "whatsapp", "social", "sms", "web", "messaging"})
AGENT, CUSTOMER = "agent", "customer"


def _phrases(by_language: Mapping[str, list[str]]) -> tuple[str, ...]:
    return tuple(f" {' '.join(tokens(p))} " for phrases in by_language.values() for p in phrases)


GREETINGS = _phrases(autoqa_phrases.GREETING)
CLOSINGS = _phrases(autoqa_phrases.CLOSING)
HOLDS = _phrases(autoqa_phrases.HOLD)
HOLD_THANKS = _phrases(autoqa_phrases.HOLD_THANKS)


@dataclass(slots=True)  # not frozen: made for every turn, and frozen init costs
class Turn:
    index: int
    speaker: str
    text: str
    at: float | None  # seconds from the first timed turn
    words: list[str] = field(default_factory=list, compare=False)

    @property
    def padded(self) -> str:
        return f" {' '.join(self.words)} "


@dataclass(frozen=True, slots=True)
class Check:
    passed: bool | None
    evidence: int | None = None
    matched: str | None = None  # the words that passed it, for highlighting

    def to_dict(self) -> dict[str, object]:
        return {"passed": self.passed, "evidence": self.evidence}


@dataclass(frozen=True, slots=True)
class AutoQA:
    greeting: Check
    closing: Check
    customer_name_used: Check
    hold_announced: Check
    agent_max_response_seconds: float | None
    sentiment_start: float | None
    sentiment_end: float | None

    def to_dict(self) -> dict[str, object]:
        checks = ("greeting", "closing", "customer_name_used", "hold_announced")
        result: dict[str, object] = {name: getattr(self, name).to_dict() for name in checks}
        result["agent_max_response_seconds"] = self.agent_max_response_seconds
        result["sentiment_start"] = self.sentiment_start
        result["sentiment_end"] = self.sentiment_end
        return result


def seconds_of(value: Any, origin: datetime | None) -> tuple[float | None, datetime | None]:
    """``value`` (seconds, or a timestamp) as seconds from ``origin``, the first timestamp seen."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value), origin
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


def _first_match(turns: Sequence[Turn], phrases: tuple[str, ...]) -> Check:
    for turn in turns:
        padded = turn.padded
        for phrase in phrases:
            if phrase in padded:
                return Check(True, turn.index, phrase.strip())
    return Check(False)


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
    names = [part for part in (customer_name or "").replace(",", " ").split() if len(part) > 1]
    if not names:
        return Check(None)
    for turn in agent_turns:
        for name in names[:1] + names[-1:]:
            found = _names_in(turn, name)
            if found:
                return Check(True, turn.index, found)
    return Check(False)


def hold_check(turns: Sequence[Turn]) -> Check:
    """Every silence of :data:`HOLD_GAP_SECONDS` between two agent turns announced before and thanked after."""
    evidence = None
    for before, after in zip(turns, turns[1:], strict=False):
        if before.at is None or after.at is None or after.at - before.at < HOLD_GAP_SECONDS:
            continue
        if before.speaker != AGENT or after.speaker != AGENT:
            continue
        announced = _first_match([before], HOLDS)
        thanked = _first_match([after], HOLD_THANKS)
        if not (announced.passed and thanked.passed):
            return Check(False, before.index)
        evidence = before.index if evidence is None else evidence
    return Check(None) if evidence is None else Check(True, evidence)


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


def _sentiment_of(turns: Sequence[Turn], language: str | None) -> float | None:
    if not turns:
        return None
    words: list[str] = []
    for turn in turns:
        words += turn.words
        words.append(".")  # a turn ends a clause: a negation does not reach into the next one
    return model_for(language).of_words(words).score


def autoqa(
    turns: Sequence[Turn], *, language: str | None, customer_name: str | None = None, channel: str | None = None
) -> AutoQA | None:
    """The checks for one conversation; ``None`` without at least one agent and one customer turn."""
    agent = [turn for turn in turns if turn.speaker == AGENT]
    customer = [turn for turn in turns if turn.speaker == CUSTOMER]
    if not agent or not customer:
        return None
    written = channel is None or channel in WRITTEN_CHANNELS
    return AutoQA(
        greeting=_first_match(agent[:FIRST_TURNS], GREETINGS),
        closing=_first_match(agent[-FIRST_TURNS:], CLOSINGS),
        customer_name_used=customer_name_check(agent, customer_name),
        hold_announced=hold_check(turns),
        agent_max_response_seconds=max_response_seconds(turns) if written else None,
        sentiment_start=_sentiment_of(customer[:SENTIMENT_TURNS], language),
        sentiment_end=_sentiment_of(customer[-SENTIMENT_TURNS:], language),
    )
