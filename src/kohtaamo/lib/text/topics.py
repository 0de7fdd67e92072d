"""Topics by keyword: a taxonomy names each topic's words and phrases per language, matched by lemma.

"laskua", "laskun" and "laskussa" all match the keyword "lasku", because both sides go through the
same lemmatiser; a phrase ("power cut") matches its lemmas in order, next to each other.  A workspace
brings its own taxonomy; :data:`DEFAULT_TAXONOMY` is an energy and telecom starting point.
"""

from collections.abc import Iterable, Mapping

from .words import BOUNDARY, MEMO_LIMIT, lemma_phrase, lemmas_of

type TaxonomyData = Mapping[str, Mapping[str, Iterable[str]]]  # topic → language → keywords and phrases

DEFAULT_TAXONOMY: dict[str, dict[str, list[str]]] = {
    "billing": {
        "fi": ["lasku", "laskutus", "maksu", "eräpäivä", "hinta", "veloitus", "hyvitys", "perintä"],
        "sv": ["faktura", "räkning", "betalning", "fakturering", "pris", "förfallodag", "kreditering"],
        "en": ["invoice", "bill", "billing", "payment", "price", "charge", "refund", "due date"],
    },
    "outage": {
        "fi": ["katkos", "sähkökatko", "häiriö", "vikailmoitus", "sähköt poikki", "ei sähköä"],
        "sv": ["avbrott", "strömavbrott", "störning", "felanmälan", "ingen ström"],
        "en": ["outage", "power cut", "blackout", "disruption", "no power"],
    },
    "contract": {
        "fi": ["sopimus", "irtisanoa", "irtisanominen", "tarjous", "määräaikainen", "vaihtaa yhtiö"],
        "sv": ["avtal", "säga upp", "uppsägning", "erbjudande", "byta bolag"],
        "en": ["contract", "cancel", "cancellation", "offer", "renewal", "switch supplier"],
    },
    "moving": {
        "fi": ["muutto", "muuttaa", "uusi osoite", "muuttoilmoitus"],
        "sv": ["flytt", "flytta", "ny adress", "flyttanmälan"],
        "en": ["move", "moving", "new address", "relocation"],
    },
    "meter": {
        "fi": ["mittari", "lukema", "mittarilukema", "etäluenta"],
        "sv": ["mätare", "mätarställning", "avläsning"],
        "en": ["meter", "meter reading", "reading"],
    },
    "service": {
        "fi": ["asiakaspalvelu", "jono", "jonottaa", "odotusaika", "palvelu"],
        "sv": ["kundtjänst", "kö", "väntetid", "bemötande", "service"],
        "en": ["customer service", "queue", "waiting time", "service", "support"],
    },
}


class Taxonomy:
    """A taxonomy compiled for matching: single lemmas in a set, phrases as lemma tuples."""

    def __init__(self, data: TaxonomyData) -> None:
        self.topics = tuple(data)
        self._words: dict[str, dict[str, set[str]]] = {}
        self._phrases: dict[str, dict[str, list[tuple[str, ...]]]] = {}
        # per language, word as written → (its lemma, the topics it names): each word looked up once
        self._memo: dict[str, dict[str, tuple[str, frozenset[str]]]] = {}
        for topic, by_language in data.items():
            for language, keywords in by_language.items():
                for keyword in keywords:
                    parts = lemma_phrase(keyword, language)
                    if len(parts) == 1:
                        self._words.setdefault(language, {}).setdefault(parts[0], set()).add(topic)
                        self._words[language].setdefault(keyword.lower(), set()).add(topic)
                    elif parts:
                        self._phrases.setdefault(language, {}).setdefault(topic, []).append(parts)

    def match(self, words: list[str], language: str | None) -> list[str]:
        """The topics ``words`` (from :func:`words.tokens`) mention, in taxonomy order."""
        if language is None:
            return []
        lemma = lemmas_of(language)
        memo = self._memo.setdefault(language, {})
        found: set[str] = set()
        lemmas_seen: set[str] = set()
        for word in set(words):  # each distinct word once: a transcript repeats most of its words
            known = memo.get(word)
            if known is None:
                known = memo[word] = self._look_up(word, language)
                if len(memo) > MEMO_LIMIT:
                    memo.clear()
            lemmas_seen.add(known[0])
            if known[1]:
                found |= known[1]
        phrases_here = [
            (topic, phrase)
            for topic, phrases in self._phrases.get(language, {}).items()
            if topic not in found
            for phrase in phrases
            if lemmas_seen.issuperset(phrase)
        ]
        if phrases_here:  # only now is the order of the words needed
            lemmas = [lemma(word) for word in words if word not in BOUNDARY]
            found.update(topic for topic, phrase in phrases_here if _contains(lemmas, phrase))
        return [topic for topic in self.topics if topic in found]

    def _look_up(self, word: str, language: str) -> tuple[str, frozenset[str]]:
        by_word = self._words.get(language, {})
        base = lemmas_of(language)(word)
        return base, frozenset(by_word.get(base) or by_word.get(word) or ())


def _contains(lemmas: list[str], phrase: tuple[str, ...]) -> bool:
    first, size = phrase[0], len(phrase)
    return any(lemmas[index : index + size] == list(phrase) for index, lemma in enumerate(lemmas) if lemma == first)
