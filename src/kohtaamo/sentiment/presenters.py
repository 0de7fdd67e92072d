"""The training result as the page shows it: both accuracies with n and a 95 % interval, and their paired
difference for the verdict badge (trained − lexicon, in percentage points, on the same examples)."""

from dataclasses import dataclass

from kohtaamo.lib.cxmetrics import Difference
from kohtaamo.lib.cxmetrics.estimates import wilson_interval
from kohtaamo.lib.text.classifier import Evaluation

from .models import SentimentClassifier


@dataclass(frozen=True)
class Accuracy:
    percent: float
    low: float
    high: float
    correct: int
    n: int


@dataclass(frozen=True)
class TrainingView:
    classifier: SentimentClassifier
    trained: Accuracy
    lexicon: Accuracy
    comparison: Difference
    folds: int


def _accuracy(correct: int, n: int) -> Accuracy:
    low, high = wilson_interval(correct, n)
    return Accuracy(100.0 * correct / n, 100.0 * low, 100.0 * high, correct, n)


def training_view(classifier: SentimentClassifier | None) -> TrainingView | None:
    """The figures of a finished training; ``None`` while training, after too few examples, or on failure."""
    if classifier is None or classifier.status != SentimentClassifier.Status.READY or not classifier.evaluation:
        return None
    evaluation = Evaluation(**classifier.evaluation)
    difference, low, high, p_value = evaluation.difference()
    return TrainingView(
        classifier=classifier,
        trained=_accuracy(evaluation.trained_correct, evaluation.n),
        lexicon=_accuracy(evaluation.lexicon_correct, evaluation.n),
        comparison=Difference(difference, low, high, p_value, evaluation.n, evaluation.n, too_few=False),
        folds=evaluation.folds,
    )
