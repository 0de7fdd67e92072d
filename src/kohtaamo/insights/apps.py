from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    """Text intelligence: personal data masked, language, sentiment and topics of every text."""

    name = "kohtaamo.insights"
    verbose_name = _("Insights")
