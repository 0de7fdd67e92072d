from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    """Customer feedback: surveys, NPS/CSAT/CES metrics, verbatims and the closed loop."""

    name = "kohtaamo.feedback"
    verbose_name = _("Feedback")

    def ready(self) -> None:
        from . import sections  # noqa: F401 (registers the customer-page section)
