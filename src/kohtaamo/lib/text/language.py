"""Which language a text is in: Finnish, Swedish or English (or ``None`` when it cannot be told).

simplemma's own detector lemmatises every word in every candidate language (about 0.6 ms a sentence);
this one asks the same dictionaries once per distinct word and remembers the answer, and gives the
letters only one language uses (å, "ck", …) and the commonest function words a say of their own, so a
transcript's language costs microseconds. Words known in several languages count for each.
"""

import simplemma

from .words import LANGUAGES, MEMO_LIMIT, TOKEN

# The commonest function words: decisive on short texts where dictionary membership is shared.
FUNCTION_WORDS = {
    "fi": "ja on ei en että se minä mä sinä te me he olen oli ole kun mutta jos tai kiitos hei moi "
    "onko voi voisitte teille minulle mulla teidän minun kanssa vielä nyt sitten myös joo kyllä "
    "hyvä päivää huomenta",
    "sv": "och är inte jag du det att som har en ett för med på till av vi ni de om men eller tack hej "
    "kan ska vill min mitt din ert er nu också ja nej bra dag",
    "en": "and is not the a an to of you it that i we they have has for with on in at my your but or "
    "thank thanks hello hi can will would please yes no this",
}
_FUNCTION = {language: frozenset(words.split()) for language, words in FUNCTION_WORDS.items()}
_SWEDISH_LETTERS = frozenset("å")
SAMPLE_WORDS = 80  # enough words to tell the language; the rest of a long transcript adds nothing

_memo: dict[str, tuple[float, float, float]] = {}


def _word_votes(word: str) -> tuple[float, float, float]:
    votes = _memo.get(word)
    if votes is None:
        if len(_memo) >= MEMO_LIMIT:
            _memo.clear()
        scores = []
        for language in LANGUAGES:
            score = 1.0 if simplemma.is_known(word, language) else 0.0
            if word in _FUNCTION[language]:
                score += 2.0
            scores.append(score)
        if _SWEDISH_LETTERS.intersection(word):
            scores[1] += 2.0
        votes = _memo[word] = (scores[0], scores[1], scores[2])
    return votes


def detect_language(text: str, candidates: tuple[str, ...] = LANGUAGES) -> str | None:
    """The most likely of ``candidates`` (a subset of fi, sv, en), or ``None`` for no clear winner."""
    fi = sv = en = 0.0
    for index, word in enumerate(TOKEN.findall(text.lower())):
        if index >= SAMPLE_WORDS:
            break
        if len(word) < 2:
            continue
        votes = _word_votes(word)
        fi += votes[0]
        sv += votes[1]
        en += votes[2]
    totals = sorted(((score, language) for language, score in zip(LANGUAGES, (fi, sv, en), strict=True)
                     if language in candidates), reverse=True)  # fmt: skip
    if not totals or totals[0][0] == 0 or (len(totals) > 1 and totals[0][0] == totals[1][0]):
        return None
    return totals[0][1]
