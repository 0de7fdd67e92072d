from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from .auth import workspace_view
from .selectors import workspaces_for


@login_required
def home(request):
    """One workspace: go straight to it; several (an outsourcing partner): choose."""
    workspaces = workspaces_for(request.user)
    if len(workspaces) == 1:
        return redirect("customers", ws=workspaces[0][0].slug)
    return render(request, "workspaces/home.html", {"workspaces": workspaces})


@workspace_view("manage_workspace")
def settings_page(request, actor):
    tokens = actor.workspace.api_tokens.filter(revoked_at__isnull=True).order_by("-created_at")
    members = actor.workspace.memberships.select_related("user").order_by("user__email")
    return render(request, "workspaces/settings.html", {"tokens": tokens, "members": members})
