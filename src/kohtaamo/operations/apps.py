from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Operations and capacity: KPIs, forecasts and staffing."""

    name = "kohtaamo.operations"
    verbose_name = _("Operations")
