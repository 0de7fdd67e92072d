"""A workspace's own sentiment classifier, trained on the examples its staff labelled, and an honest
comparison with the shipped lexicon model on the same examples.

The features are the lemmas of a text and their pairs in a row (simplemma: "laskua", "laskun" → "lasku";
the pair "ei hyvä" carries the negation a lone "hyvä" would lose), weighted by TF-IDF; a multinomial
logistic regression (scikit-learn) learns the three labels. Stratified k-fold cross-validation predicts
every example with a model that did not see it, and the lexicon model reads the same examples, so the two
accuracies and their paired difference (McNemar's exact test) speak of the same texts.

A trained model is stored as JSON (vocabulary, IDF weights, coefficients), never pickled: reading it back
runs no code, and scoring a text needs no scikit-learn at all (``TrainedSentiment``).
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .sentiment import Sentiment, model_for
from .words import BOUNDARY, lemmas_of, tokens

LABELS = ("negative", "neutral", "positive")  # sorted: scikit-learn's order of the classes
MIN_PER_LABEL = 20  # examples of each label before a model is trained (and can be switched on)
FOLDS = 5
MAX_FEATURES = 20_000
FORMAT = 1  # of the stored JSON
Z95 = 1.959964


class ModelError(ValueError):
    """A stored model that cannot be read back (wrong format, shapes that do not fit)."""


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    language: str | None
    sentiment: str  # one of LABELS


def features_of(words: Sequence[str], language: str | None) -> list[str]:
    """The lemmas of ``words`` and each pair of lemmas in a row within a clause."""
    lemma = lemmas_of(language or "en")
    out: list[str] = []
    pairs: list[str] = []
    previous = None
    for word in words:
        if word in BOUNDARY:
            previous = None
            continue
        current = lemma(word)
        out.append(current)
        if previous is not None:
            pairs.append(f"{previous} {current}")
        previous = current
    return out + pairs


def _features(example: Example) -> list[str]:
    return features_of(tokens(example.text), example.language)


def label_counts(examples: Sequence[Example]) -> dict[str, int]:
    return {label: sum(e.sentiment == label for e in examples) for label in LABELS}


def enough_examples(counts: dict[str, int]) -> bool:
    return all(counts.get(label, 0) >= MIN_PER_LABEL for label in LABELS)


def _fit(documents: list[list[str]], labels: list[str]) -> tuple[Any, Any]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(analyzer=lambda features: features, sublinear_tf=True, max_features=MAX_FEATURES)
    matrix = vectorizer.fit_transform(documents)
    # Balanced class weights: a workspace's examples are mostly complaints, and the rarer labels still count.
    regression = LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced")
    regression.fit(matrix, labels)
    return vectorizer, regression


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Cross-validated accuracy of the trained model beside the lexicon model's, on the same ``n`` examples.

    ``only_trained`` and ``only_lexicon`` count the examples exactly one of the two got right; the paired
    difference (trained − lexicon, in percentage points) and its interval and p-value come from them.
    """

    n: int
    folds: int
    trained_correct: int
    lexicon_correct: int
    only_trained: int
    only_lexicon: int

    @property
    def trained_accuracy(self) -> float:
        return self.trained_correct / self.n

    @property
    def lexicon_accuracy(self) -> float:
        return self.lexicon_correct / self.n

    def difference(self) -> tuple[float, float, float, float]:
        """(difference, interval low, interval high, two-sided p) in percentage points."""
        from scipy import stats

        n, b, c = self.n, self.only_trained, self.only_lexicon
        difference = (b - c) / n
        spread = math.sqrt(max(b + c - (b - c) ** 2 / n, 0.0)) / n
        p_value = float(stats.binomtest(min(b, c), b + c, 0.5).pvalue) if b + c else 1.0
        low, high = difference - Z95 * spread, difference + Z95 * spread
        return 100 * difference, 100 * low, 100 * high, min(p_value, 1.0)

    def to_dict(self) -> dict[str, int]:
        return {
            "n": self.n,
            "folds": self.folds,
            "trained_correct": self.trained_correct,
            "lexicon_correct": self.lexicon_correct,
            "only_trained": self.only_trained,
            "only_lexicon": self.only_lexicon,
        }


def cross_validate(examples: Sequence[Example], *, folds: int = FOLDS, seed: int = 13) -> Evaluation:
    """Every example predicted by a model trained on the other folds, and by the lexicon model."""
    from sklearn.model_selection import StratifiedKFold

    if not enough_examples(label_counts(examples)):
        raise ValueError(f"at least {MIN_PER_LABEL} examples of each of {', '.join(LABELS)} are needed")
    documents = [_features(e) for e in examples]
    labels = np.array([e.sentiment for e in examples])
    predicted = np.empty(len(examples), dtype=object)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train, test in splitter.split(documents, labels):
        vectorizer, regression = _fit([documents[i] for i in train], list(labels[train]))
        predicted[test] = regression.predict(vectorizer.transform([documents[i] for i in test]))
    trained = predicted == labels
    lexicon = np.array([model_for(e.language).score(e.text).label == e.sentiment for e in examples])
    return Evaluation(
        n=len(examples),
        folds=folds,
        trained_correct=int(trained.sum()),
        lexicon_correct=int(lexicon.sum()),
        only_trained=int((trained & ~lexicon).sum()),
        only_lexicon=int((lexicon & ~trained).sum()),
    )


def train(examples: Sequence[Example]) -> dict[str, Any]:
    """A model trained on all of ``examples``, as the JSON that is stored."""
    if not enough_examples(label_counts(examples)):
        raise ValueError(f"at least {MIN_PER_LABEL} examples of each of {', '.join(LABELS)} are needed")
    vectorizer, regression = _fit([_features(e) for e in examples], [e.sentiment for e in examples])
    vocabulary = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
    return {
        "format": FORMAT,
        "labels": [str(label) for label in regression.classes_],
        "vocabulary": vocabulary,
        "idf": [round(float(v), 6) for v in vectorizer.idf_],
        "coef": [[round(float(v), 6) for v in row] for row in regression.coef_],
        "intercept": [round(float(v), 6) for v in regression.intercept_],
    }


class TrainedSentiment:
    """A stored model read back: scores a text the way ``SentimentModel`` does (−1…1 and a label).

    The score is P(positive) − P(negative); the label is the most probable one.
    """

    def __init__(self, data: dict[str, Any]) -> None:
        try:
            if data.get("format") != FORMAT or list(data["labels"]) != list(LABELS):
                raise ModelError("not a stored sentiment model of this version")
            vocabulary = [str(term) for term in data["vocabulary"]]
            idf = [float(v) for v in data["idf"]]
            coef = [[float(v) for v in row] for row in data["coef"]]
            intercept = [float(v) for v in data["intercept"]]
        except (KeyError, TypeError, ValueError) as error:
            raise ModelError(f"a stored sentiment model cannot be read: {error}") from None
        if len(idf) != len(vocabulary) or len(coef) != len(LABELS) or len(intercept) != len(LABELS):
            raise ModelError("a stored sentiment model's parts do not fit together")
        if any(len(row) != len(vocabulary) for row in coef):
            raise ModelError("a stored sentiment model's parts do not fit together")
        # term → (its IDF, its weight for each label): one lookup per feature when scoring
        self._terms = {term: (idf[i], tuple(row[i] for row in coef)) for i, term in enumerate(vocabulary)}
        self._intercept = intercept

    def of_words(self, words: Sequence[str], language: str | None) -> Sentiment:
        counts: dict[str, int] = {}
        for feature in features_of(words, language):
            if feature in self._terms:
                counts[feature] = counts.get(feature, 0) + 1
        logits = list(self._intercept)
        if counts:
            # TF-IDF as the vectoriser made it: sublinear term frequency times IDF, scaled to unit length
            weights = {term: (1.0 + math.log(count)) * self._terms[term][0] for term, count in counts.items()}
            norm = math.sqrt(sum(w * w for w in weights.values()))
            for term, weight in weights.items():
                for k, coefficient in enumerate(self._terms[term][1]):
                    logits[k] += coefficient * weight / norm
        top = max(logits)
        exps = [math.exp(v - top) for v in logits]
        total = sum(exps)
        probabilities = [v / total for v in exps]
        best = max(range(len(LABELS)), key=lambda k: probabilities[k])
        return Sentiment(round(probabilities[2] - probabilities[0], 4), LABELS[best])

    def score(self, text: str, language: str | None) -> Sentiment:
        return self.of_words(tokens(text), language)
