from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConnectorsConfig(AppConfig):
    """Connectors: WhatsApp, Chatwoot and email bringing conversations in."""

    name = "kohtaamo.connectors"
    verbose_name = _("Connectors")
