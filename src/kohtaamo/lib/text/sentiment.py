"""Sentiment of a text from a shipped lexicon and a few rules, for Finnish, Swedish and English.

A word counts by its surface form or its lemma ("huonoa" → "huono"). The rules: a negator flips and
dampens the sentiment words in the next three words of its clause ("ei ollut hyvää", "inte bra", and
"ei mitään valittamista" / "not bad at all" the other way); an intensifier or a softener scales the
next sentiment word; after "but" the rest counts more than what came before; phrases score as one
(complaints without a sentiment word — waiting, calling again, nobody answering — and greetings whose
"good" is no judgement). The sum is squashed to −1…1 the way VADER does (x / √(x² + 15)).
"""

import math
from dataclasses import dataclass
from types import ModuleType

from .lexicons import en, fi, parse_scores, sv
from .words import BOUNDARY, MEMO_LIMIT, lemmas_of, tokens

NOT = "<not>"
NEGATION_REACH = 3  # words after a negator that it turns round
NEGATION_FACTOR = -0.75
CONTRAST_BEFORE, CONTRAST_AFTER = 0.5, 1.5
PHRASE_GAP = 2  # words allowed between two parts of a phrase ("soitin jo taas uudelleen")
SQUASH = 15.0
THRESHOLD = 0.1  # |score| below this is neutral

_NONE, _NEGATOR, _INTENSIFIER, _CONTRAST, _BOUNDARY = range(5)
type Phrase = tuple[tuple[str, ...], float]
type Entry = tuple[str, float, int, tuple[Phrase, ...]]  # lemma, valence or multiplier, role, phrases


@dataclass(slots=True)  # not frozen: made for every turn, and frozen init costs
class Sentiment:
    score: float
    label: str  # positive, neutral or negative


def label_of(score: float) -> str:
    return "positive" if score >= THRESHOLD else "negative" if score <= -THRESHOLD else "neutral"


class SentimentModel:
    """One language's lexicon and rules, with a memo from surface word to what it does."""

    def __init__(self, language: str, lexicon: ModuleType) -> None:
        self.language = language
        self._lemma = lemmas_of(language)
        self._negators = frozenset(lexicon.NEGATORS.split())
        self._contrast = frozenset(lexicon.CONTRAST.split())
        # Looked up by the word as written, then by its lemma ("huonoa" → "huono"). The listed words are
        # never lemmatised themselves: "pleased" must not make "please" positive, nor "fin" the lemma "fi".
        self._valence = parse_scores(lexicon.VALENCE)
        self._intensifiers = parse_scores(lexicon.INTENSIFIERS)
        phrases: dict[str, list[Phrase]] = {}
        for phrase, valence in parse_scores(lexicon.PHRASES).items():
            parts = tuple(NOT if word in self._negators else self._lemma(word) for word in tokens(phrase))
            phrases.setdefault(parts[0], []).append((parts[1:], valence))
        self._phrases = {first: tuple(sorted(found, key=lambda p: -len(p[0]))) for first, found in phrases.items()}
        self._memo: dict[str, Entry] = {}

    def entry(self, word: str) -> Entry:
        """What ``word`` does here: its lemma, its valence (or multiplier), its role, phrases it starts."""
        found = self._memo.get(word)
        if found is not None:
            return found
        if len(self._memo) >= MEMO_LIMIT:
            self._memo.clear()
        if word in BOUNDARY:
            found = (word, 0.0, _BOUNDARY, ())
        elif word in self._negators:
            found = (NOT, 0.0, _NEGATOR, self._phrases.get(NOT, ()))
        else:
            lemma = self._lemma(word)
            phrases = self._phrases.get(word, ()) + (self._phrases.get(lemma, ()) if lemma != word else ())
            if word in self._contrast:
                found = (lemma, 0.0, _CONTRAST, phrases)
            elif word in self._intensifiers:
                found = (lemma, self._intensifiers[word], _INTENSIFIER, phrases)
            else:
                valence = self._valence.get(word)
                if valence is None:
                    valence = self._valence.get(lemma, 0.0)
                found = (lemma, valence, _NONE, phrases)
        self._memo[word] = found
        return found

    def _phrase_end(self, words: list[str], start: int, rest: tuple[str, ...]) -> int:
        """Where the phrase whose later parts are ``rest`` ends if it starts at ``start``, or -1."""
        position, memo, entry = start + 1, self._memo, self.entry
        for part in rest:
            for candidate in range(position, min(len(words), position + PHRASE_GAP + 1)):
                word = words[candidate]
                if word == part or (memo.get(word) or entry(word))[0] == part:
                    position = candidate + 1
                    break
            else:
                return -1
        return position

    def raw_score(self, words: list[str]) -> float:
        """The unsquashed sum over ``words`` (from :func:`words.tokens`)."""
        total, weight, boost, negation_left, exclamations = 0.0, 1.0, 1.0, 0, 0
        memo, entry, index, count = self._memo, self.entry, 0, len(words)
        while index < count:
            lemma, value, role, phrases = memo.get(words[index]) or entry(words[index])
            if phrases:
                matched = False
                for rest, valence in phrases:
                    end = self._phrase_end(words, index, rest)
                    if end > 0:
                        total += valence * weight
                        negation_left, boost, index, matched = 0, 1.0, end, True
                        break
                if matched:
                    continue
            index += 1
            if role == _NONE:
                if value:
                    value *= boost
                    if negation_left:
                        value *= NEGATION_FACTOR
                    total += value * weight
                    boost = 1.0
                if negation_left:
                    negation_left -= 1
            elif role == _NEGATOR:
                negation_left = NEGATION_REACH
            elif role == _INTENSIFIER:
                boost = value
                negation_left = max(negation_left - 1, 0)
            elif role == _CONTRAST:
                total *= CONTRAST_BEFORE
                weight = CONTRAST_AFTER
                negation_left = 0
            else:  # clause boundary
                negation_left, boost = 0, 1.0
                if lemma == "!":
                    exclamations += 1
        if total and exclamations:
            total += math.copysign(0.3 * min(exclamations, 3), total)
        return total

    def score(self, text: str) -> Sentiment:
        return self.of_words(tokens(text))

    def of_words(self, words: list[str]) -> Sentiment:
        raw = self.raw_score(words)
        score = raw / math.sqrt(raw * raw + SQUASH) if raw else 0.0
        return Sentiment(round(score, 4), label_of(score))


_MODELS: dict[str, SentimentModel] = {}
_LEXICONS = {"fi": fi, "sv": sv, "en": en}


def model_for(language: str | None) -> SentimentModel:
    """The model of ``language``; English for a language without a lexicon (better than nothing, and said so)."""
    key = language if language in _LEXICONS else "en"
    model = _MODELS.get(key)
    if model is None:
        model = _MODELS[key] = SentimentModel(key, _LEXICONS[key])
    return model


def sentiment(text: str, language: str | None) -> Sentiment:
    return model_for(language).score(text)
