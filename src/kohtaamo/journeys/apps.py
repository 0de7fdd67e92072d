from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JourneysConfig(AppConfig):
    """Journeys and the improvement loop: personas, touchpoints, paths, actions."""

    name = "kohtaamo.journeys"
    verbose_name = _("Journeys")
