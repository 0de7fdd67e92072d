"""A workspace's topic taxonomy, and what was read in each stored text: its language, sentiment and topics.

A reading belongs to one interaction's transcript or one survey answer's text, and is made again when that
text changes (its ``content_hash``) or the taxonomy does (`kohtaamo insights topics rebuild`). Each topic a
text mentions is one :class:`TopicMention` row, with the facts a report groups by copied onto it (the week,
the month, the sentiment, the survey response), so the Topics page counts one indexed table.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kohtaamo.feedback.models import Answer, Response
from kohtaamo.timeline.models import Interaction
from kohtaamo.workspaces.access import WorkspaceOwned
from kohtaamo.workspaces.models import Workspace

LANGUAGES = ("fi", "sv", "en")


class Sentiment(models.TextChoices):
    POSITIVE = "positive", _("positive")
    NEUTRAL = "neutral", _("neutral")
    NEGATIVE = "negative", _("negative")


class Source(models.TextChoices):
    TRANSCRIPT = "transcript", _("transcripts")
    COMMENT = "comment", _("survey comments")


class Topic(WorkspaceOwned):
    """One topic of a workspace's taxonomy: its name and its words and phrases in each language."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+", db_index=False)
    key = models.SlugField(_("key"), max_length=50)
    labels = models.JSONField(_("names"), default=dict, blank=True)  # language → name
    keywords = models.JSONField(_("words and phrases"), default=dict, blank=True)  # language → list of phrases
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "key"], name="topic_key_unique")]
        ordering = ["position", "key"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.key

    def label(self, language: str | None = None) -> str:
        """The name in ``language`` (the page's by default), else in English, else any, else the key."""
        language = (language or get_language() or "en")[:2]
        for code in (language, "en", *LANGUAGES):
            if self.labels.get(code):
                return self.labels[code]
        return self.key


class TextReading(WorkspaceOwned):
    """What was read in one stored text: language, sentiment and the topic keys it mentions."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+", db_index=False)
    interaction = models.OneToOneField(
        Interaction, null=True, blank=True, on_delete=models.CASCADE, related_name="text_reading"
    )
    answer = models.OneToOneField(Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="text_reading")
    content_hash = models.CharField(max_length=32, blank=True)  # the text's row's when it was read
    # An answer typed on the survey page has no content hash; its text only grows (an SMS reply added), so
    # its length tells a changed text.
    text_length = models.PositiveIntegerField(default=0)
    at = models.DateTimeField()
    language = models.CharField(max_length=8, blank=True)
    sentiment = models.CharField(max_length=10, choices=Sentiment.choices)
    sentiment_score = models.FloatField()
    topics = models.JSONField(default=list, blank=True)  # keys, in taxonomy order

    class Meta:
        indexes = [models.Index(fields=["workspace", "at"])]

    def __str__(self) -> str:
        return f"{self.sentiment} {self.topics}"


class TopicMention(WorkspaceOwned):
    """One topic one text mentions, with what the Topics page groups and compares by."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+", db_index=False)
    reading = models.ForeignKey(TextReading, on_delete=models.CASCADE, related_name="mentions")
    topic = models.CharField(max_length=50)
    source = models.CharField(max_length=12, choices=Source.choices)
    sentiment = models.CharField(max_length=10, choices=Sentiment.choices)
    response = models.ForeignKey(Response, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField()
    week = models.DateField()  # Monday of the week, on the workspace's clock
    month = models.DateField()  # first of the month, likewise

    class Meta:
        indexes = [models.Index(fields=["workspace", "at", "topic", "source", "sentiment"], name="mention_report")]

    def __str__(self) -> str:
        return self.topic
