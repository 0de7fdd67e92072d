"""Who may do what in a workspace: the one place roles are turned into permissions.

Views never look up a workspace by hand: ``workspace_view`` resolves the slug to the user's membership
(404 when they have none, so another brand's workspace is indistinguishable from a missing one) and
checks the capability (403 when their role lacks it).
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from .models import Membership, Role, Workspace

# API tokens act with this role: integrations read and write data, they do not administer.
INTEGRATION = "integration"
ALL_ROLES = frozenset(Role.values)
MANAGERS = frozenset({Role.ADMIN, Role.CX_MANAGER})
LEADS = MANAGERS | {Role.TEAM_LEAD}
CAPABILITIES: dict[str, frozenset[str]] = {
    # customers and interactions
    "view_customers": ALL_ROLES | {INTEGRATION},
    "import_data": MANAGERS | {INTEGRATION},
    "manage_workspace": frozenset({Role.ADMIN}),
    "undo_merge": MANAGERS,
    # feedback: agents see their own figures only (the selectors narrow it)
    "view_feedback": ALL_ROLES,
    "manage_surveys": MANAGERS,
    "follow_up": LEADS,
    # quality: agents see their own evaluations only (the selectors narrow it)
    "view_quality": ALL_ROLES,
    "evaluate": MANAGERS | {Role.QA_EVALUATOR, Role.TEAM_LEAD},
    "manage_scorecards": MANAGERS | {Role.QA_EVALUATOR},
    "calibrate": MANAGERS | {Role.QA_EVALUATOR, Role.TEAM_LEAD},
    "coach": LEADS,
    # operations and capacity
    "view_operations": LEADS,
    "plan_staffing": LEADS,
    # incidents and notifications
    "view_incidents": ALL_ROLES,
    "manage_incidents": MANAGERS,
    "send_incidents": MANAGERS | {INTEGRATION},
    # journeys and the improvement loop
    "view_journeys": LEADS | {Role.QA_EVALUATOR},
    "manage_journeys": MANAGERS,
}


@dataclass(frozen=True)
class Actor:
    """A user acting in one workspace with one role."""

    user: object
    workspace: Workspace
    role: str

    def can(self, capability: str) -> bool:
        return self.role in CAPABILITIES[capability]


def actor_for(user, slug: str) -> Actor:
    if not user.is_authenticated:
        raise Http404
    membership = Membership.objects.select_related("workspace").filter(user=user, workspace__slug=slug).first()
    if membership is not None:
        return Actor(user, membership.workspace, membership.role)
    if user.is_superuser:
        workspace = Workspace.objects.filter(slug=slug).first()
        if workspace is not None:
            return Actor(user, workspace, Role.ADMIN)
    raise Http404


def workspaces_for(user) -> list[tuple[Workspace, str]]:
    if not user.is_authenticated:
        return []
    if user.is_superuser:
        roles = dict(Membership.objects.filter(user=user).values_list("workspace_id", "role"))
        return [(w, roles.get(w.pk, Role.ADMIN)) for w in Workspace.objects.all()]
    return [(m.workspace, m.role) for m in Membership.objects.filter(user=user).select_related("workspace")]


def workspace_view(capability: str) -> Callable:
    """Decorate a view taking ``(request, actor, ...)`` from a URL with ``<slug:ws>``."""

    def decorator(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, ws: str, *args, **kwargs):
            actor = actor_for(request.user, ws)
            if not actor.can(capability):
                raise PermissionDenied
            request.actor = actor
            return view(request, actor, *args, **kwargs)

        return wrapper

    return decorator
