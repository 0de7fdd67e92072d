"""Sentiment lexicons shipped with Kohtaamo, one module per language (no download at run time).

Each module holds ``VALENCE`` (word score, −3…3, as base forms; inflected forms are found through
simplemma's lemmas), ``NEGATORS`` (words), ``INTENSIFIERS`` (word multiplier), ``CONTRAST`` (words after
which the rest of the sentence weighs more: "but") and ``PHRASES`` (phrase score): complaints that
carry no sentiment word, such as waiting, calling again or nobody answering, and set phrases whose
meaning is not the sum of their words.  Written as "word score, word score" text to keep them readable.
"""


def parse_scores(text: str) -> dict[str, float]:
    """``"hyvä 2, huono -2"`` → ``{"hyvä": 2.0, "huono": -2.0}`` (the last word of a piece is its score)."""
    scores: dict[str, float] = {}
    for piece in text.replace("\n", ",").split(","):
        parts = piece.split()
        if parts:
            scores[" ".join(parts[:-1])] = float(parts[-1])
    return scores
