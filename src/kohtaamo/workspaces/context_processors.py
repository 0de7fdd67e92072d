from .selectors import workspaces_for


def workspace_navigation(request) -> dict:
    """The workspace switcher and the current actor, for the page header."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {"my_workspaces": workspaces_for(request.user), "actor": getattr(request, "actor", None)}
