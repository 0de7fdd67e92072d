"""Suggestions of new topics from texts no topic matched: the lemmas and lemma pairs many of them share.

Deterministic and explainable on purpose: a CX manager is shown "12 comments say *kotiakku*" with the
comments, not a cluster number. Per language, each text counts once for each distinct lemma pair (two
words next to each other, stopwords left out) and each distinct lemma; a pair is suggested when enough
texts share it (pairs first: they say more), and a single lemma only when no suggested pair contains it.
The most shared come first; ties go to the alphabetically first, so the same texts always give the same
suggestions.
"""

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from .stopwords import STOPWORDS
from .stored import PLACEHOLDER
from .words import BOUNDARY, lemmas_of, tokens

MIN_TEXTS = 3  # texts that must share a lemma or pair before it is worth a look
MIN_LETTERS = 3  # shorter lemmas are mostly particles the stopword lists missed
EXAMPLES = 3


@dataclass(frozen=True)
class Suggestion:
    language: str
    lemmas: tuple[str, ...]
    texts: int  # how many texts mention it
    examples: list[int] = field(default_factory=list)  # indexes into the texts given, first ones first

    @property
    def phrase(self) -> str:
        return " ".join(self.lemmas)


def _lemmas(text: str, language: str) -> list[str | None]:
    """The text's lemmas in order, ``None`` where a stopword or clause boundary breaks a pair."""
    lemma, stop = lemmas_of(language), STOPWORDS.get(language, frozenset())
    out: list[str | None] = []
    for word in tokens(PLACEHOLDER.sub(" ", text)):
        base = None if word in BOUNDARY else lemma(word)
        out.append(base if base and len(base) >= MIN_LETTERS and base not in stop and word not in stop else None)
    return out


def suggest_topics(
    texts: Sequence[tuple[str, str | None]], *, min_texts: int = MIN_TEXTS, limit: int = 10
) -> list[Suggestion]:
    """The commonest lemma pairs and lemmas of ``texts`` ((text, language) pairs), most texts first."""
    found: dict[tuple[str, tuple[str, ...]], list[int]] = defaultdict(list)
    for index, (text, language) in enumerate(texts):
        if language is None:
            continue
        lemmas = _lemmas(text, language)
        pairs = {(a, b) for a, b in zip(lemmas, lemmas[1:], strict=False) if a and b and a != b}
        for key in pairs | {(word,) for word in lemmas if word}:
            found[(language, key)].append(index)
    counts = Counter({key: len(indexes) for key, indexes in found.items() if len(indexes) >= min_texts})
    by_count = sorted(counts, key=lambda key: (-counts[key], key))
    # Pairs first: "kotiakku asennus" says more than "asennus". A pair on a word an earlier pair has is the
    # same thing again; a single word that a chosen pair contains is too.
    chosen: list[tuple[str, tuple[str, ...]]] = []
    covered: set[tuple[str, str]] = set()
    for size in (2, 1):
        for language, words in (key for key in by_count if len(key[1]) == size):
            if any((language, word) in covered for word in words):
                continue
            chosen.append((language, words))
            covered.update((language, word) for word in words)
    chosen.sort(key=lambda key: (-counts[key], key))
    return [Suggestion(language, lemmas, counts[(language, lemmas)], _distinct(texts, found[(language, lemmas)]))
            for language, lemmas in chosen[:limit]]  # fmt: skip


def _distinct(texts: Sequence[tuple[str, str | None]], indexes: list[int]) -> list[int]:
    """The first examples that read differently: a comment many customers wrote alike is shown once."""
    seen: set[str] = set()
    picked: list[int] = []
    for index in indexes:
        text = " ".join(texts[index][0].split()).casefold()
        if text not in seen:
            seen.add(text)
            picked.append(index)
            if len(picked) == EXAMPLES:
                break
    return picked
