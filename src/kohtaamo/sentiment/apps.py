from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SentimentConfig(AppConfig):
    """A workspace's own sentiment model: labelled examples, a classifier trained and cross-validated on
    them, and the switch that has ingest read with it instead of the shipped lexicon."""

    name = "kohtaamo.sentiment"
    verbose_name = _("Sentiment model")
