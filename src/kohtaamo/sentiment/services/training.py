"""Training the workspace's classifier, and switching it on and off.

A training is asked for (a row, and a background task once the request commits) and then run: the
labelled examples as they are at that moment are cross-validated and, when there are enough of each
label, a model is trained on all of them and stored as JSON. Switching on is a separate, deliberate step
taken after reading the cross-validated accuracy; ingest reads with the switched-on model from then on.
"""

from django.db import transaction
from django.utils import timezone

from kohtaamo.lib.text.classifier import cross_validate, enough_examples, label_counts, train
from kohtaamo.privacy.services.audit import audit_record
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.models import Workspace

from ..models import SentimentClassifier
from ..selectors import labelled_examples


class SwitchError(ValueError):
    """A classifier that cannot be switched on (too few examples, not trained yet)."""


def sentiment_training_request(*, actor: Actor) -> SentimentClassifier:
    """A training asked for: a row saying "training" until the worker runs it
    (``tasks.sentiment_training_run``)."""
    with transaction.atomic():
        classifier = SentimentClassifier.objects.create(
            workspace=actor.workspace, requested_by=actor.user, requested_at=timezone.now()
        )
        audit_record(actor=actor, action="sentiment.train", object_type="sentiment_classifier", object_id=classifier.pk)
    return classifier


def sentiment_classifier_train(*, workspace: Workspace, classifier: SentimentClassifier) -> SentimentClassifier:
    """Cross-validate and train on the workspace's labelled examples; too few of a label: nothing is trained."""
    examples = labelled_examples(workspace)
    counts = label_counts(examples)
    classifier.counts = counts
    if not enough_examples(counts):
        classifier.status = SentimentClassifier.Status.TOO_FEW
    else:
        classifier.evaluation = cross_validate(examples).to_dict()
        classifier.model = train(examples)
        classifier.status = SentimentClassifier.Status.READY
    classifier.trained_at = timezone.now()
    with transaction.atomic():
        classifier.save(update_fields=["counts", "evaluation", "model", "status", "trained_at"])
        # Earlier trainings nobody switched on are only history now; their weights are large.
        SentimentClassifier.objects.of(workspace).filter(active=False, pk__lt=classifier.pk).exclude(
            status=SentimentClassifier.Status.TRAINING
        ).delete()
    return classifier


def sentiment_classifier_switch(*, actor: Actor, classifier: SentimentClassifier, on: bool) -> SentimentClassifier:
    """Switch the workspace's sentiment to ``classifier`` (on) or back to the shipped lexicon (off)."""
    if on and classifier.status != SentimentClassifier.Status.READY:
        raise SwitchError("only a trained classifier can be switched on")
    with transaction.atomic():
        now = timezone.now()
        active = SentimentClassifier.objects.of(actor).filter(active=True)
        active.update(active=False, switched_at=now)
        if on:
            classifier.active, classifier.switched_at = True, now
            classifier.save(update_fields=["active", "switched_at"])
        audit_record(actor=actor, action="sentiment.switch_on" if on else "sentiment.switch_off",
                     object_type="sentiment_classifier", object_id=classifier.pk,
                     detail=classifier.evaluation if on else {})  # fmt: skip
    classifier.refresh_from_db()
    return classifier
