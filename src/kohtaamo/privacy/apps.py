from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """GDPR rights (export, erasure), retention and the audit trail of who read or changed what."""

    name = "kohtaamo.privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        from . import sections  # noqa: F401 (registers the customer-page section)
