"""The workspace chooser and the workspace's settings page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..access import Actor
from ..auth import workspace_view
from ..forms import WorkspaceSecurityForm
from ..selectors import api_tokens_active, membership_list, workspaces_for
from ..services import workspace_security_set


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """One workspace: go straight to it; several (an outsourcing partner): choose."""
    workspaces = workspaces_for(request.user)
    if len(workspaces) == 1:
        return redirect("customers", ws=workspaces[0][0].slug)
    return render(request, "workspaces/home.html", {"workspaces": workspaces})


@workspace_view("manage_workspace")
def settings_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Members, sign-in rules and API tokens; a POST changes the sign-in rules."""
    initial = {"require_admin_two_factor": actor.workspace.require_admin_two_factor}
    security = WorkspaceSecurityForm(request.POST or None, initial=initial)
    if request.method == "POST" and security.is_valid():
        workspace_security_set(workspace=actor.workspace, **security.cleaned_data)
        messages.success(request, _("Sign-in rules saved."))
        return redirect("workspace-settings", ws=actor.workspace.slug)
    context = {"tokens": api_tokens_active(actor=actor), "members": membership_list(actor=actor), "security": security}
    return render(request, "workspaces/settings.html", context)
