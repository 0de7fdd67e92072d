"""The workspace chooser and the workspace's settings page (sign-in rules and API tokens)."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ..access import Actor
from ..auth import workspace_view
from ..forms import (
    RedactionPatternFormSet,
    TokenCreateForm,
    WorkspaceDataForm,
    WorkspaceSecurityForm,
)
from ..selectors import api_token_find, api_tokens_active, membership_list, workspaces_for
from ..services import api_token_create, api_token_revoke, workspace_redaction_set, workspace_security_set

PATTERNS_PREFIX = "pattern"


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """One workspace: go straight to it; several (an outsourcing partner): choose."""
    workspaces = workspaces_for(request.user)
    if len(workspaces) == 1:
        return redirect("customers", ws=workspaces[0][0].slug)
    return render(request, "workspaces/home.html", {"workspaces": workspaces})


@workspace_view("view_customers")
def workspace_home(request: HttpRequest, actor: Actor) -> HttpResponse:
    """``/w/SLUG/`` is where people type a workspace's address: its first page, as the home page goes."""
    return redirect("customers", ws=actor.workspace.slug)


@workspace_view("manage_workspace")
def settings_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Members, sign-in rules, personal data in incoming text and API tokens.

    Each form posts its ``action``; a new secret is shown once."""
    action = request.POST.get("action") if request.method == "POST" else None
    initial = {"require_admin_two_factor": actor.workspace.require_admin_two_factor}
    security = WorkspaceSecurityForm(request.POST if action == "security" else None, initial=initial)
    data = WorkspaceDataForm(
        request.POST if action == "data" else None,
        initial={"redact_personal_data": actor.workspace.redact_personal_data},
    )
    # A post without the patterns table (a script setting only the switch) leaves the patterns as they are.
    posts_patterns = action == "data" and f"{PATTERNS_PREFIX}-TOTAL_FORMS" in request.POST
    patterns = RedactionPatternFormSet(
        request.POST if posts_patterns else None,
        initial=actor.workspace.redaction_patterns,
        prefix=PATTERNS_PREFIX,
    )
    token_form = TokenCreateForm(request.POST if action == "token_create" else None)
    new_secret = None
    if action == "security" and security.is_valid():
        workspace_security_set(workspace=actor.workspace, **security.cleaned_data)
        messages.success(request, _("Sign-in rules saved."))
        return redirect("workspace-settings", ws=actor.workspace.slug)
    if action == "data" and data.is_valid() and (not posts_patterns or patterns.is_valid()):
        workspace_redaction_set(
            workspace=actor.workspace,
            changed_by=actor.user,
            patterns=patterns.patterns() if posts_patterns else None,
            **data.cleaned_data,
        )
        messages.success(request, _("Personal data settings saved."))
        return redirect("workspace-settings", ws=actor.workspace.slug)
    if action == "token_revoke":
        key = request.POST.get("token", "")
        token = api_token_find(actor=actor, key=key) if key.isdigit() else None
        if token is None:
            raise Http404
        api_token_revoke(token=token, revoked_by=actor.user)
        messages.success(request, _("Token %(name)s revoked: it no longer opens the API.") % {"name": token.name})
        return redirect("workspace-settings", ws=actor.workspace.slug)
    if action == "token_create" and token_form.is_valid():
        days = token_form.cleaned_data["expires_in_days"]
        _token, new_secret = api_token_create(
            workspace=actor.workspace,
            name=token_form.cleaned_data["name"],
            created_by=actor.user,
            read_only=token_form.cleaned_data["read_only"],
            expires_at=timezone.now() + timedelta(days=days) if days else None,
        )
        token_form = TokenCreateForm()
    context = {
        "tokens": api_tokens_active(actor=actor),
        "members": membership_list(actor=actor),
        "security": security,
        "data_form": data,
        "patterns": patterns,
        "token_form": token_form,
        "new_secret": new_secret,
    }
    refused = token_form.errors or (posts_patterns and not patterns.is_valid())
    return render(request, "workspaces/settings.html", context, status=400 if refused else 200)
