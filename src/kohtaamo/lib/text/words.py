"""Words and their lemmas, looked up once: the text rules run on every turn of every transcript.

simplemma does the lemmatising ("laskua", "laskun", "laskussa" → "lasku"); each language keeps a
memo of the surface forms it has seen, so a word costs one dictionary lookup after its first time.
"""

import re
from collections.abc import Iterable

import simplemma

LANGUAGES = ("fi", "sv", "en")
# words with an apostrophe stay whole ("don't"); clause punctuation is a token so negation stops there
TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|[.,!?;:]")
BOUNDARY = frozenset(".,!?;:")
MEMO_LIMIT = 200_000  # distinct surface forms per language before the memo starts again


def tokens(text: str) -> list[str]:
    """Lower-cased words and clause punctuation, in order."""
    return TOKEN.findall(text.lower())


class Lemmas:
    """Memoised lemmas of one language."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._memo: dict[str, str] = {}

    def __call__(self, word: str) -> str:
        lemma = self._memo.get(word)
        if lemma is None:
            if len(self._memo) >= MEMO_LIMIT:
                self._memo.clear()
            lemma = simplemma.lemmatize(word, self.language).lower() if len(word) > 1 else word
            self._memo[word] = lemma
        return lemma

    def all(self, words: Iterable[str]) -> list[str]:
        return [self(word) for word in words]


_LEMMAS: dict[str, Lemmas] = {}


def lemmas_of(language: str) -> Lemmas:
    """The shared memo for ``language`` (one per process)."""
    found = _LEMMAS.get(language)
    if found is None:
        found = _LEMMAS[language] = Lemmas(language)
    return found


def lemma_phrase(phrase: str, language: str) -> tuple[str, ...]:
    """A phrase as the lemmas it is matched by ("soittaa uudelleen" → ("soittaa", "uudelleen"))."""
    lemma = lemmas_of(language)
    return tuple(lemma(word) for word in tokens(phrase) if word not in BOUNDARY)
