"""What makes a conversation worth a human look (the spotlight): the customer's sentiment falling from
start to end, a long silence or response delay, words of escalation or churn, a repeat contact.

Escalation words are matched in the customer's turns as whole words in order; a word ending in ``*``
matches any ending, so Finnish inflections count ("irtisano*" is "irtisanon", "irtisanoa", "irtisanoisin").
"""

from collections.abc import Sequence
from dataclasses import dataclass

from kohtaamo.lib.text.words import BOUNDARY, tokens

from .autoqa import CUSTOMER, Turn

SENTIMENT_DROP = 0.4  # end this much below the start (on −1…1)
LONG_SILENCE_SECONDS = 120.0  # dead air in a call
LONG_RESPONSE_SECONDS = 15 * 60.0  # a customer left waiting in a written channel

ESCALATION = {
    "fi": ["irtisano*", "irtisanomi*", "vaihdan yhtiö*", "vaihdan toise*", "vaihdan sähköyhtiö*",
           "vaihdan operaattori*", "lopetan sopimuk*", "kilpailija*", "kuluttajaneuvo*", "kuluttajariitalautakun*",
           "reklamaatio*",
           "valitu*", "esimie*", "esihenkilö*", "asianajaj*", "oikeuteen", "huijau*", "en enää ikinä"],
    "sv": ["säga upp", "säger upp", "sagt upp", "uppsägning*", "byter bolag", "byta bolag", "byter leverantör",
           "byta leverantör", "konkurrent*", "konsumentverket", "klagomål*", "anmäl*", "chef*", "advokat*",
           "aldrig mer"],
    "en": ["cancel*", "terminate*", "termination", "switch provider*", "switching to", "leave you", "competitor*",
           "complain*", "complaint*", "manager", "supervisor", "ombudsman", "lawyer*", "never again", "unacceptable"],
}  # fmt: skip


def _compile(by_language: dict[str, list[str]]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(w for w in tokens(p.replace("*", "")) if w not in BOUNDARY) + (("*",) if p.endswith("*") else ())
                 for phrases in by_language.values() for p in phrases)  # fmt: skip


PHRASES = _compile(ESCALATION)


def _matches_at(words: Sequence[str], start: int, phrase: tuple[str, ...]) -> bool:
    prefix = phrase[-1] == "*"
    parts = phrase[:-1] if prefix else phrase
    if start + len(parts) > len(words):
        return False
    for offset, part in enumerate(parts):
        word = words[start + offset]
        last = offset == len(parts) - 1
        if not (word.startswith(part) if last and prefix else word == part):
            return False
    return True


def escalation_in(turns: Sequence[Turn]) -> tuple[int | None, list[str]]:
    """The first customer turn with escalation or churn words, and the words as said (in order, once)."""
    first: int | None = None
    found: dict[str, None] = {}
    for turn in turns:
        if turn.speaker != CUSTOMER:
            continue
        words = [word for word in turn.words if word not in BOUNDARY]
        for start in range(len(words)):
            for phrase in PHRASES:
                if phrase[0].startswith(words[start][:1]) and _matches_at(words, start, phrase):
                    length = len(phrase) - (phrase[-1] == "*")
                    found[" ".join(words[start : start + length])] = None
                    first = turn.index if first is None else first
    return first, list(found)


@dataclass(frozen=True, slots=True)
class Signals:
    sentiment_start: float | None
    sentiment_end: float | None
    longest_silence_seconds: float | None
    agent_max_response_seconds: float | None
    escalation_words: list[str]
    repeat_contact: bool


def reasons(signals: Signals) -> list[tuple[str, object]]:
    """Why the conversation is worth a look, most telling first: (reason code, the figure that shows it)."""
    out: list[tuple[str, object]] = []
    if signals.escalation_words:
        out.append(("escalation", ", ".join(signals.escalation_words)))
    start, end = signals.sentiment_start, signals.sentiment_end
    if start is not None and end is not None and end <= start - SENTIMENT_DROP:
        out.append(("sentiment_fell", f"{start:+.2f} → {end:+.2f}"))
    if signals.longest_silence_seconds is not None and signals.longest_silence_seconds >= LONG_SILENCE_SECONDS:
        out.append(("long_silence", round(signals.longest_silence_seconds)))
    if signals.agent_max_response_seconds is not None and signals.agent_max_response_seconds >= LONG_RESPONSE_SECONDS:
        out.append(("slow_response", round(signals.agent_max_response_seconds / 60)))
    if signals.repeat_contact:
        out.append(("repeat_contact", None))
    return out
