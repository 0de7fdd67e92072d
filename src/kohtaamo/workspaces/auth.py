"""How a request becomes an actor: a signed-in member on pages, a bearer token on the API.

Pages: ``workspace_view(capability)`` on every view. API: ``TokenAuth`` on the NinjaAPI (a token acts in
exactly one workspace) and ``api_actor(request, capability)`` first thing in every operation.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer

from .access import CAPABILITIES, Actor, Role
from .models import ApiToken
from .selectors import actor_for


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = ApiToken.objects.select_related("workspace").filter(digest=ApiToken.digest_of(token)).first()
        now = timezone.now()
        if found is None or not found.is_usable(now):
            return None
        # Writing on every request would serialise readers on SQLite; a minute's precision is plenty.
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        return found


def api_actor(request: HttpRequest, capability: str) -> Actor:
    """The token's actor, if its role has ``capability``; otherwise 403 with a sentence saying which."""
    actor = Actor.integration(request.auth)  # type: ignore[attr-defined]  # set by TokenAuth (django-ninja)
    if not actor.can(capability):
        if actor.read_only and Actor(None, actor.workspace, actor.role).can(capability):
            raise HttpError(403, f"This token is read-only: it may not do this (capability {capability!r}).")
        raise HttpError(403, f"This token may not do this (it needs the capability {capability!r}).")
    return actor


def needs_two_factor(request: HttpRequest, actor: Actor) -> bool:
    """An admin of a workspace that requires two-factor login, whose session was not verified by a code."""
    if actor.role != Role.ADMIN or not actor.workspace.require_admin_two_factor:
        return False
    is_verified = getattr(request.user, "is_verified", None)
    return not (is_verified is not None and is_verified())


def workspace_view(capability: str) -> Callable:
    """Decorate a view taking ``(request, actor, ...)`` from a URL with ``<slug:ws>``."""
    if capability not in CAPABILITIES:
        raise KeyError(f"unknown capability {capability!r}")

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, ws: str, *args: Any, **kwargs: Any) -> HttpResponse:
            actor = actor_for(request.user, ws)
            # Set before the check so that the 403 page shows the workspace's navigation and names the role.
            request.actor = actor  # type: ignore[attr-defined]  # for templates and middleware
            if not actor.can(capability):
                raise PermissionDenied
            if needs_two_factor(request, actor):
                return redirect(f"{reverse('two-factor')}?{urlencode({'next': request.get_full_path()})}")
            # Pages show times on the workspace's clock (the readable filters and Django's read this).
            with timezone.override(actor.workspace.tz):
                return view(request, actor, *args, **kwargs)

        wrapper.capability = capability  # type: ignore[attr-defined]  # read by the structure test
        return wrapper

    return decorator
