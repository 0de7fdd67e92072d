from typing import Any

from django.http import HttpRequest

from .selectors import workspaces_for


def workspace_navigation(request: HttpRequest) -> dict[str, Any]:
    """The workspace switcher and the current actor, for the page header."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {"my_workspaces": workspaces_for(request.user), "actor": getattr(request, "actor", None)}
