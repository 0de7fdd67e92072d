"""The webhook path every connector kind answers, and the settings page's list of connectors."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from kohtaamo.inputs.address import client_address
from kohtaamo.ratelimit import Limit, hit
from kohtaamo.workspaces.access import Actor, get_visible_or_404
from kohtaamo.workspaces.auth import workspace_view

from .models import Connector
from .registry import kind_of
from .selectors import connector_statuses
from .selectors.tokens import connector_by_path_token
from .services.connectors import connector_remove

# Requests a minute from one address to paths that are no connector's: guessing is braked.
UNKNOWN_PATH_RATE = 60


def _too_many(limit: Limit) -> JsonResponse:
    response = JsonResponse({"detail": f"Too many requests; try again in {limit.reset_seconds} s."}, status=429)
    for name, value in limit.headers().items():
        response[name] = value
    return response


@csrf_exempt  # a platform posts here: the path token and its signature are the proof, not a cookie
@never_cache
def webhook(request: HttpRequest, token: str) -> HttpResponse:
    """A platform's delivery to a connector: rate-limited per connector, then the connector's kind answers."""
    by_token = hit(f"hooks:token:{token[:64]}", limit=settings.KOHTAAMO_CONNECTOR_RATE, window=60)
    if not by_token.allowed:
        return _too_many(by_token)
    connector = connector_by_path_token(token)
    if connector is None:
        by_address = hit(f"hooks:ip:{client_address(request)}", limit=UNKNOWN_PATH_RATE, window=60)
        if not by_address.allowed:
            return _too_many(by_address)
        return JsonResponse({"detail": "No connector at this address."}, status=404)
    return kind_of(connector.kind).webhook(connector, request)


@workspace_view("manage_workspace")
def connector_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The workspace's connectors with their webhook path or mailbox, and how each is doing."""
    base = request.build_absolute_uri("/").rstrip("/")
    return render(request, "connectors/list.html", {"statuses": connector_statuses(actor=actor), "base": base})


@require_POST
@workspace_view("manage_workspace")
def connector_remove_view(request: HttpRequest, actor: Actor, connector_id: int) -> HttpResponse:
    connector = get_visible_or_404(Connector, actor, connector_id)
    connector_remove(connector=connector)
    messages.success(request, _("Connector %(name)s removed; what it brought in stays.") % {"name": connector.name})
    return redirect("connectors", ws=actor.workspace.slug)
