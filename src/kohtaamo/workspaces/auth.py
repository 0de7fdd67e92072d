"""How a request becomes an actor: a signed-in member on pages, a bearer token on the API.

Pages: ``workspace_view(capability)`` on every view. API: ``TokenAuth`` on the NinjaAPI (a token acts in
exactly one workspace) and ``api_actor(request, capability)`` first thing in every operation.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer

from .access import CAPABILITIES, Actor
from .models import ApiToken
from .selectors import actor_for


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = (
            ApiToken.objects.select_related("workspace")
            .filter(digest=ApiToken.digest_of(token), revoked_at__isnull=True)
            .first()
        )
        if found is None:
            return None
        now = timezone.now()
        # Writing on every request would serialise readers on SQLite; a minute's precision is plenty.
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        return found


def api_actor(request: HttpRequest, capability: str) -> Actor:
    """The token's actor, if its role has ``capability``; otherwise 403 with a sentence saying which."""
    actor = Actor.integration(request.auth)
    if not actor.can(capability):
        raise HttpError(403, f"This token may not do this (it needs the capability {capability!r}).")
    return actor


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
            request.actor = actor
            if not actor.can(capability):
                raise PermissionDenied
            return view(request, actor, *args, **kwargs)

        wrapper.capability = capability
        return wrapper

    return decorator
