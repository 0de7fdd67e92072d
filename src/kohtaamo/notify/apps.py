from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    """Proactive notifications: incidents, deliveries and deflection."""

    name = "kohtaamo.notify"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from . import sections  # noqa: F401 (registers the customer-page section)
