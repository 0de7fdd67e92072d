"""The workspace chooser and the workspace's settings page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .access import Actor
from .auth import workspace_view
from .selectors import api_tokens_active, membership_list, workspaces_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """One workspace: go straight to it; several (an outsourcing partner): choose."""
    workspaces = workspaces_for(request.user)
    if len(workspaces) == 1:
        return redirect("customers", ws=workspaces[0][0].slug)
    return render(request, "workspaces/home.html", {"workspaces": workspaces})


@workspace_view("manage_workspace")
def settings_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    context = {"tokens": api_tokens_active(actor=actor), "members": membership_list(actor=actor)}
    return render(request, "workspaces/settings.html", context)
