from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    """Quality monitoring: scorecards, evaluations, calibration, disputes and coaching."""

    name = "kohtaamo.quality"
    verbose_name = _("Quality")

    def ready(self) -> None:
        from kohtaamo.timeline.extensions import after_ingest

        from . import sections  # noqa: F401 (registers the interaction-page sections: automatic checks, "Evaluate")
        from .tasks import autoqa_schedule

        after_ingest(autoqa_schedule)
