"""Training in the background (Django Tasks, run by ``kohtaamo worker``): five folds of cross-validation and a
final fit over thousands of examples take seconds to minutes, longer than a page should wait."""

from django.db import transaction
from django.tasks import task

from kohtaamo.workspaces.models import Workspace

from .models import SentimentClassifier
from .services.training import sentiment_classifier_train


def sentiment_training_schedule(classifier: SentimentClassifier) -> None:
    """Queue the training of ``classifier`` once the transaction that asked for it has committed."""
    workspace_id, classifier_id = classifier.workspace_id, classifier.pk
    transaction.on_commit(lambda: sentiment_training_run.enqueue(workspace_id, classifier_id))


@task()
def sentiment_training_run(workspace_id: int, classifier_id: int) -> dict:
    """Train the classifier a person asked for, unless it or its workspace is gone."""
    workspace = Workspace.objects.filter(pk=workspace_id).first()
    if workspace is None:
        return {}
    classifier = (
        SentimentClassifier.objects.of(workspace)
        .filter(pk=classifier_id, status=SentimentClassifier.Status.TRAINING)
        .first()
    )
    if classifier is None:
        return {}
    try:
        trained = sentiment_classifier_train(workspace=workspace, classifier=classifier)
    except Exception:
        # The page must not say "training" for ever: it says the training failed, and the error is logged.
        SentimentClassifier.objects.of(workspace).filter(pk=classifier_id).update(
            status=SentimentClassifier.Status.FAILED
        )
        raise
    return {"status": trained.status, "counts": trained.counts}
