from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspacesConfig(AppConfig):
    name = "kohtaamo.workspaces"
    verbose_name = _("Workspaces")

    def ready(self) -> None:
        from . import checks  # noqa: F401 -- registers the deployment check
