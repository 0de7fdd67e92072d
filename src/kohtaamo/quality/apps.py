from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    """Quality monitoring: scorecards, evaluations, calibration, disputes and coaching."""

    name = "kohtaamo.quality"
    verbose_name = _("Quality")

    def ready(self) -> None:
        from . import sections  # noqa: F401 (registers the interaction page's "Evaluate")
