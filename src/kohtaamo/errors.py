"""The error pages: 400, 403, 404 and 500 in the app's own look, with the navigation when a member is known.

Django's default handlers would render these templates too, but the 500 one renders without the request
(no user, no navigation) and none of them can name the role that lacked access. A 500 page must not fail
itself: if rendering with the request raises (the database may be what broke), it is rendered without
the request, and if even that fails, a fixed page that still links the stylesheet is returned.
"""

import logging

from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from kohtaamo.workspaces.access import Role

logger = logging.getLogger(__name__)


def _render(request: HttpRequest, template_name: str, status: int, context: dict | None = None) -> HttpResponse:
    template = loader.get_template(template_name)
    try:
        body = template.render(context or {}, request)
    except Exception:
        if status < 500:
            raise
        logger.exception("the %s page could not be rendered with the request; rendering it without", status)
        try:
            body = template.render({})
        except Exception:
            logger.exception("the %s page could not be rendered at all; answering with a fixed page", status)
            body = _fixed_page()
    return HttpResponse(body, status=status)


def _fixed_page() -> str:
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><title>{_("Something went wrong")}</title>'
        f'<link rel="stylesheet" href="{static("kohtaamo/app.css")}"></head><body><main class="card">'
        f'<h1>{_("Something went wrong")}</h1><p><a href="/">{_("Start page")}</a></p></main></body></html>'
    )


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _render(request, "400.html", 400)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """403, naming the role that lacks the page when a workspace is known."""
    actor = getattr(request, "actor", None)
    role = Role(actor.role).label if actor is not None and actor.role in Role.values else ""
    return _render(request, "403.html", 403, {"actor_role_label": role})


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _render(request, "404.html", 404)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    return _render(request, "500.html", 500)
