"""A workspace's labelled sentiment examples and the classifiers trained on them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kohtaamo.feedback.models import Answer
from kohtaamo.workspaces.access import WorkspaceOwned
from kohtaamo.workspaces.models import Workspace


class Sentiment(models.TextChoices):
    POSITIVE = "positive", _("positive")
    NEUTRAL = "neutral", _("neutral")
    NEGATIVE = "negative", _("negative")


class SentimentExample(WorkspaceOwned):
    """A text a person labelled positive, neutral or negative, to train the workspace's own classifier.

    A labelled survey comment keeps its text on the answer (``answer``), so erasing the customer's answer
    empties the example too; a typed or imported example holds its text here, masked like ingest masks.
    ``content_hash`` makes a re-import of the same text change its label instead of adding it twice.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+", db_index=False)
    answer = models.ForeignKey(Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("text"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    sentiment = models.CharField(_("sentiment"), max_length=10, choices=Sentiment.choices)
    content_hash = models.CharField(max_length=32, blank=True)
    labelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    labelled_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "answer"], condition=Q(answer__isnull=False), name="sentiment_example_answer_once"
            ),
            models.UniqueConstraint(
                fields=["workspace", "content_hash"],
                condition=Q(answer__isnull=True),
                name="sentiment_example_text_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sentiment}: {self.text[:40]}"


class SentimentClassifier(WorkspaceOwned):
    """One training of the workspace's classifier: its cross-validated evaluation and, when trained, its weights.

    ``model`` is the JSON ``lib.text.classifier.train`` made (vocabulary, IDF, coefficients): data, never a
    pickle. At most one classifier of a workspace is ``active``; while none is, the lexicon model reads.
    """

    class Status(models.TextChoices):
        TRAINING = "training", _("training")
        READY = "ready", _("ready")
        TOO_FEW = "too_few", _("too few examples to train")
        FAILED = "failed", _("failed")

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+", db_index=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.TRAINING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    requested_at = models.DateTimeField()
    trained_at = models.DateTimeField(null=True, blank=True)
    counts = models.JSONField(default=dict, blank=True)  # examples per label
    evaluation = models.JSONField(default=dict, blank=True)  # lib.text.classifier.Evaluation.to_dict()
    model = models.JSONField(default=dict, blank=True)
    active = models.BooleanField(default=False)
    switched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["workspace", "-requested_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace"], condition=Q(active=True), name="sentiment_classifier_one_active"
            )
        ]

    def __str__(self) -> str:
        return f"sentiment classifier {self.pk} ({self.status})"
