"""Spelling of the agent's written messages, with the dictionary handed in.

The dictionaries are system libraries (Voikko for Finnish, hunspell for Swedish and English; loaded by
``kohtaamo.insights.dictionaries``), so this module only decides which words to ask about and what the
answer means: a ``Speller`` says whether one word is spelled right. Where no dictionary is there for the
conversation's language the check is "not available" (``passed`` None with the reason), never a pass.

Not asked about: names (a capitalised word that does not start a sentence, and words in capitals),
numbers and words with digits, web addresses, e-mail addresses, masked personal data (``[PHONE]``),
one-letter words, and the words a workspace allows (its product names).
"""

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

Speller = Callable[[str], bool]  # True when the word is spelled right

MAX_SHARE = 0.02  # fails on more misspelled words than this share of the words checked …
ALWAYS_ALLOWED = 1  # … and never on a single slip
NOT_AVAILABLE = "no dictionary for this language"
NO_LANGUAGE = "the language is not known"
NOT_WRITTEN = "not a written channel"
NO_WORDS = "no agent words to check"

_SKIPPED = re.compile(r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\[[A-Z][A-Z0-9_]*\]|\S*\d\S*", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?:]\s*$|^\s*$")


@dataclass(frozen=True, slots=True)
class Misspelling:
    turn: int
    word: str

    def to_dict(self) -> dict[str, object]:
        return {"turn": self.turn, "word": self.word}


@dataclass(frozen=True, slots=True)
class SpellingResult:
    passed: bool | None
    misspelled: tuple[Misspelling, ...] = ()
    words_checked: int = 0
    reason: str | None = None  # why ``passed`` is None

    @property
    def evidence(self) -> int | None:
        return self.misspelled[0].turn if self.misspelled else None

    def to_dict(self) -> dict[str, object]:
        return {
            "passed": self.passed,
            "evidence": self.evidence,
            "misspelled": [m.to_dict() for m in self.misspelled],
            "words_checked": self.words_checked,
            "reason": self.reason,
        }


def _blank_keeping_the_full_stop(match: re.Match[str]) -> str:
    """A skipped piece as a space, keeping a sentence's end it swallowed ("viite 12AB. Katso")."""
    piece = match.group()
    return " " + piece[len(piece.rstrip(".!?:,;")) :]


def words_to_check(text: str) -> list[str]:
    """The words of ``text`` a dictionary is asked about, as written (see the module's list of skips)."""
    cleaned = _SKIPPED.sub(_blank_keeping_the_full_stop, text)
    found = []
    for match in _WORD.finditer(cleaned):
        word = match.group()
        if len(word) < 2 or word.isupper():
            continue
        starts_sentence = _SENTENCE_END.search(cleaned[: match.start()]) is not None
        if word[0].isupper() and not starts_sentence:
            continue  # a name: the customer's, a street's, a product's
        found.append(word)
    return found


def _spelled_right(word: str, speller: Speller) -> bool:
    if speller(word) or speller(word.lower()):
        return True
    parts = [part for part in re.split(r"-", word) if part]  # "asiakas-palvelu", "e-mail"
    return len(parts) > 1 and all(len(part) < 2 or speller(part) or speller(part.lower()) for part in parts)


def threshold(words_checked: int) -> int:
    """The most misspelled words a conversation of ``words_checked`` words may have and still pass."""
    return max(ALWAYS_ALLOWED, int(words_checked * MAX_SHARE))


def spelling_check(
    agent_turns: Iterable[tuple[int, str]], speller: Speller | None, *, allowed: Iterable[str] = ()
) -> SpellingResult:
    """The agent's turns (index, text) checked with ``speller`` (None: not available for the language)."""
    if speller is None:
        return SpellingResult(None, reason=NOT_AVAILABLE)
    allow = frozenset(word.lower() for word in allowed)
    misspelled: list[Misspelling] = []
    checked = 0
    for index, text in agent_turns:
        for word in words_to_check(text):
            if word.lower() in allow:
                continue
            checked += 1
            if not _spelled_right(word, speller):
                misspelled.append(Misspelling(index, word))
    if not checked:
        return SpellingResult(None, reason=NO_WORDS)
    return SpellingResult(len(misspelled) <= threshold(checked), tuple(misspelled), checked)


def allowed_words(phrases: Sequence[str]) -> tuple[str, ...]:
    """A QA lead's allow list (product names, each phrase one or more words) as single words."""
    return tuple(dict.fromkeys(word.lower() for phrase in phrases for word in _WORD.findall(phrase)))
