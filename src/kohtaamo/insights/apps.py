from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    """Text intelligence: personal data masked, language, sentiment and topics of every text."""

    name = "kohtaamo.insights"
    verbose_name = _("Insights")

    def ready(self) -> None:
        from kohtaamo.feedback.extensions import after_answers
        from kohtaamo.timeline.extensions import after_ingest

        from . import sections  # noqa: F401 (registers the topic chips of the interaction and customer pages)
        from .tasks import readings_schedule

        after_ingest(readings_schedule)
        after_answers(readings_schedule)
