"""Signing in: the login form and its second step (a code), two-factor enrolment, the lockout page, passwords.

Public pages (no workspace yet), so they declare no capability; the structure test lists them by name.
"""

import time
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import user_login_failed
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login

from ..forms import CodeForm
from ..presenters import totp_qr_svg, totp_secret_text
from ..selectors import totp_device_of, user_get
from ..services import (
    login_lock_reset,
    totp_device_confirm,
    totp_device_remove,
    totp_device_start,
    totp_login_verify,
)

# The password step is remembered this long while the code is asked for.
PENDING = "kohtaamo_login_pending"
PENDING_SECONDS = 300


def login_locked(request: HttpRequest, original_response: Any = None, credentials: dict | None = None) -> HttpResponse:
    """What a locked-out login sees (django-axes calls this): 429 and a sentence saying what to do."""
    cooloff = settings.AXES_COOLOFF_TIME
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(cooloff.total_seconds() // 60) if cooloff else None,
    }
    return render(request, "workspaces/locked.html", context, status=429)


class LoginView(auth_views.LoginView):
    """Email and password; when the user has an authenticator, the code is asked before they are let in."""

    template_name = "workspaces/login.html"

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if totp_device_of(user) is None:
            return super().form_valid(form)
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": user.backend,
            "at": time.time(),
            "next": self.get_success_url(),
        }
        return redirect("login-code")


def login_code(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the authenticator. A wrong code counts as a failed login."""
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return redirect("login")
    user = user_get(pending["user"])
    if user is None:
        return redirect("login")
    credentials = {"username": user.get_username()}
    if not AxesProxyHandler.is_allowed(request, credentials):
        return login_locked(request, None, credentials)
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        device = totp_login_verify(user=user, token=form.cleaned_data["code"]) if form.is_valid() else None
        if device is not None:
            del request.session[PENDING]
            auth_login(request, user, backend=pending["backend"])
            otp_login(request, device)
            return redirect(pending["next"])
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if not AxesProxyHandler.is_allowed(request, credentials):
            return login_locked(request, None, credentials)
        form.add_error(None, _("That code did not match. Type the code your app shows now."))
    return render(request, "workspaces/login_code.html", {"form": form}, status=400 if form.errors else 200)


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return ""


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Set up, confirm or turn off two-factor login (TOTP: any authenticator app)."""
    user = request.user
    assert isinstance(user, User)  # login_required
    device = totp_device_of(user)
    verified = user.is_verified()  # type: ignore[attr-defined]  # added by django-otp's middleware
    next_url = _next_url(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        action = request.POST.get("action")
        if action == "remove" and device is not None and verified:
            if totp_device_remove(user=user, token=code):
                messages.success(request, _("Two-factor login is off."))
                return redirect("two-factor")
        elif action == "verify" and device is not None:
            if (found := totp_login_verify(user=user, token=code)) is not None:
                otp_login(request, found)
                return redirect(next_url or "home")
        elif action == "confirm" and device is None:
            pending = totp_device_start(user=user)
            if totp_device_confirm(device=pending, token=code):
                otp_login(request, pending)
                messages.success(request, _("Two-factor login is on. Next time you log in, we ask for a code."))
                return redirect(next_url or "two-factor")
        form.add_error("code", _("That code did not match. Type the code your app shows now."))
    context: dict[str, Any] = {"form": form, "device": device, "verified": verified, "next": next_url}
    if device is None:
        pending = totp_device_start(user=user)
        context |= {"qr": totp_qr_svg(pending), "secret": totp_secret_text(pending)}
    return render(request, "workspaces/two_factor.html", context, status=400 if form.errors else 200)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password from the emailed link also lifts a lock on the account: the owner proved it."""

    template_name = "workspaces/password_reset_confirm.html"

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        login_lock_reset(username=form.user.get_username())
        return response
