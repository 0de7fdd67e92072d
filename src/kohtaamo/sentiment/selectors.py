"""Reads of the sentiment model: labelled examples, comments still to label, trainings, and the model ingest uses."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from kohtaamo.feedback.models import Answer
from kohtaamo.feedback.selectors.answers import answers_for, verbatim_list
from kohtaamo.lib.text.classifier import LABELS, Example, ModelError, TrainedSentiment
from kohtaamo.workspaces.access import Actor, get_visible_or_404
from kohtaamo.workspaces.models import Workspace

from .models import SentimentClassifier, SentimentExample

TO_LABEL = 20  # survey comments offered for labelling on one page


def _texts(rows: QuerySet[SentimentExample]) -> QuerySet[SentimentExample]:
    return rows.select_related("answer").order_by("-labelled_at", "-pk")


def labelled_examples(workspace: Workspace | Actor) -> list[Example]:
    """Every labelled example with its text (a survey comment's from its answer); emptied texts are left out."""
    found = []
    for row in _texts(SentimentExample.objects.of(workspace)).iterator(chunk_size=2000):
        text = row.answer.text if row.answer is not None else row.text
        if text.strip():
            found.append(Example(text, row.language or None, row.sentiment))
    return found


def example_counts(*, actor: Actor) -> dict[str, int]:
    """Labelled examples per label (what training will see, emptied comments included until it reads them)."""
    counts = dict.fromkeys(LABELS, 0)
    for sentiment in SentimentExample.objects.of(actor).values_list("sentiment", flat=True).iterator():
        counts[sentiment] = counts.get(sentiment, 0) + 1
    return counts


def recent_examples(*, actor: Actor, limit: int = 20) -> list[SentimentExample]:
    return list(_texts(SentimentExample.objects.of(actor))[:limit])


def example_get(*, actor: Actor, example_id: int) -> SentimentExample:
    return get_visible_or_404(SentimentExample, actor, example_id)


def comments_to_label(*, actor: Actor, limit: int = TO_LABEL) -> list[Answer]:
    """The newest survey comments the actor may see that nobody has labelled yet."""
    labelled = SentimentExample.objects.of(actor).filter(answer=OuterRef("pk"))
    return list(verbatim_list(actor=actor).filter(~Exists(labelled))[:limit])


def answer_get(*, actor: Actor, answer_id: int) -> Answer:
    """A survey comment the actor may see (another workspace's, or one hidden by role, is a 404)."""
    return get_visible_or_404(answers_for(actor).exclude(text=""), actor, answer_id)


def latest_training(*, actor: Actor) -> SentimentClassifier | None:
    return SentimentClassifier.objects.of(actor).order_by("-requested_at", "-pk").first()


def active_classifier(*, actor: Actor) -> SentimentClassifier | None:
    return SentimentClassifier.objects.of(actor).filter(active=True).first()


def classifier_get(*, actor: Actor, classifier_id: int) -> SentimentClassifier:
    return get_visible_or_404(SentimentClassifier, actor, classifier_id)


@dataclass(frozen=True, slots=True)
class _Loaded:
    classifier_id: int
    switched_at: object
    model: TrainedSentiment


_loaded: dict[int, _Loaded] = {}


def trained_sentiment_for(workspace: Workspace) -> TrainedSentiment | None:
    """The switched-on classifier of ``workspace`` for ingest to read with, or ``None`` for the lexicon.

    Asked once per import batch or analyser: the weights are read from the database (and parsed) only
    when the switched-on classifier has changed since this process last read them.
    """
    current = SentimentClassifier.objects.of(workspace).filter(active=True).values_list("pk", "switched_at").first()
    if current is None:
        _loaded.pop(workspace.pk, None)
        return None
    held = _loaded.get(workspace.pk)
    if held is not None and (held.classifier_id, held.switched_at) == current:
        return held.model
    stored = SentimentClassifier.objects.of(workspace).filter(pk=current[0]).values_list("model", flat=True).first()
    try:
        model = TrainedSentiment(stored or {})
    except ModelError:
        return None  # never seen: the server wrote it; reading with the lexicon beats failing every import
    _loaded[workspace.pk] = _Loaded(current[0], current[1], model)
    return model
