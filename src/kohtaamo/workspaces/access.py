"""Who may do what in a workspace, and which rows they may see: the one door for tenant scoping.

Every read of workspace data passes through here. A request becomes an ``Actor`` in
``kohtaamo.workspaces.auth``: ``workspace_view`` resolves a page URL's slug to the user's membership (404
when they have none, so another brand's workspace is indistinguishable from a missing one) and checks the
view's capability (403 when the role lacks it); ``api_actor`` does the same for an API token.

Rows are scoped by ``Model.objects.of(actor)`` on every ``WorkspaceOwned`` model, and single objects are
fetched with ``get_visible_or_404``. Role rules (an agent sees their own, a lead their team) narrow these
querysets in the selector that owns them, once. Memberships and API tokens are the keys to the door, not
rows behind it: only this package reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self

from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from .models import ApiToken, Workspace

# API tokens act with this role: integrations read and write data, they do not administer.
INTEGRATION = "integration"
# Commands, tasks and the demo act as the system: the whole workspace, every capability.
SYSTEM = "system"


class Role(models.TextChoices):
    ADMIN = "admin", _("Admin")
    CX_MANAGER = "cx_manager", _("CX manager")
    QA_EVALUATOR = "qa_evaluator", _("QA evaluator")
    TEAM_LEAD = "team_lead", _("Team lead")
    AGENT = "agent", _("Agent")


ALL_ROLES = frozenset(Role.values)
MANAGERS = frozenset({Role.ADMIN, Role.CX_MANAGER})
LEADS = MANAGERS | {Role.TEAM_LEAD}
# Capability → the roles that have it. Every view (``workspace_view``) and API operation (``api_actor``)
# names one of these; a test checks that each does.
CAPABILITIES: dict[str, frozenset[str]] = {
    # customers and interactions
    "view_customers": ALL_ROLES | {INTEGRATION},
    "import_data": MANAGERS | {INTEGRATION},
    "manage_workspace": frozenset({Role.ADMIN}),
    "undo_merge": MANAGERS,
    # feedback: agents see their own figures only (the selectors narrow it)
    "view_feedback": ALL_ROLES,
    "read_feedback_api": MANAGERS | {INTEGRATION},
    "manage_surveys": MANAGERS,
    "follow_up": LEADS,
    # quality: agents see their own evaluations only (the selectors narrow it)
    "view_quality": ALL_ROLES,
    "evaluate": MANAGERS | {Role.QA_EVALUATOR, Role.TEAM_LEAD},
    "manage_scorecards": MANAGERS | {Role.QA_EVALUATOR},
    "calibrate": MANAGERS | {Role.QA_EVALUATOR, Role.TEAM_LEAD},
    "coach": LEADS,
    "read_quality_api": MANAGERS | {INTEGRATION},
    # a workspace's own sentiment model: labelling examples, and training and switching it on (which changes
    # how every text the workspace receives is read from then on)
    "label_sentiment": MANAGERS | {Role.QA_EVALUATOR},
    "manage_sentiment_model": MANAGERS,
    # operations and capacity; integrations (a wallboard, a BI tool) may read KPIs and plans
    "view_operations": LEADS,
    "read_operations_api": LEADS | {INTEGRATION},
    "calculate_staffing": ALL_ROLES | {INTEGRATION},
    "plan_staffing": LEADS,
    # incidents and notifications
    "view_incidents": ALL_ROLES,
    "read_incidents_api": MANAGERS | {INTEGRATION},
    "manage_incidents": MANAGERS,
    "send_incidents": MANAGERS | {INTEGRATION},
    # outbound events: webhook subscriptions (their secrets sign what customers' data is sent with)
    "manage_webhooks": frozenset({Role.ADMIN, INTEGRATION}),
    # journeys and the improvement loop
    "view_journeys": LEADS | {Role.QA_EVALUATOR},
    "manage_journeys": MANAGERS,
    "read_journeys_api": MANAGERS | {INTEGRATION},
    # topics of transcripts and comments: the taxonomy, its report and its suggestions
    "view_topics": LEADS | {Role.QA_EVALUATOR},
    "manage_topics": MANAGERS,
    # personal data (GDPR): a person's export and erasure, retention, the audit trail
    "export_personal_data": MANAGERS | {INTEGRATION},
    "erase_personal_data": frozenset({Role.ADMIN, INTEGRATION}),
    "view_audit": frozenset({Role.ADMIN}),
    "manage_privacy": frozenset({Role.ADMIN}),
}

# What a read-only token keeps of the integration's capabilities: reading, and computing without storing
# anything (a staffing calculation). Everything else (imports, incidents) is a 403 for it.
READ_ONLY_CAPABILITIES = frozenset(
    {
        "view_customers",
        "read_feedback_api",
        "read_operations_api",
        "read_incidents_api",
        "read_quality_api",
        "read_journeys_api",
        "calculate_staffing",
        "export_personal_data",
    }  # fmt: skip
)


@dataclass(frozen=True)
class Actor:
    """Someone acting in one workspace with one role: a member (``user``), an API token, or the system.

    Selectors take an actor and return only what it may see; services record ``user`` as the author.
    """

    user: User | None
    workspace: Workspace
    role: str
    token: ApiToken | None = None

    @classmethod
    def system(cls, workspace: Workspace) -> Actor:
        """Commands, tasks and the demo: the whole workspace, every capability, nobody's name on it."""
        return cls(None, workspace, SYSTEM)

    @classmethod
    def integration(cls, token: ApiToken) -> Actor:
        return cls(None, token.workspace, INTEGRATION, token=token)

    @property
    def user_id(self) -> int | None:
        return self.user.pk if self.user is not None else None

    @property
    def read_only(self) -> bool:
        return self.token is not None and self.token.read_only

    def can(self, capability: str) -> bool:
        """The role's capabilities (``CAPABILITIES``), narrowed once here for a read-only token."""
        if self.read_only and capability not in READ_ONLY_CAPABILITIES:
            return False
        return self.role == SYSTEM or self.role in CAPABILITIES[capability]


class WorkspaceQuerySet[M: models.Model](models.QuerySet[M]):
    def _workspace_path(self) -> str:
        path: str = getattr(self.model, "workspace_path")  # noqa: B009 (every WorkspaceOwned has it)
        return path

    def of(self, scope: Actor | Workspace) -> Self:
        """Only the rows of the actor's workspace (a workspace itself is accepted for the system's writes)."""
        workspace = scope.workspace if isinstance(scope, Actor) else scope
        return self.filter(**{self._workspace_path(): workspace})

    def of_by_scan(self, scope: Actor | Workspace) -> Self:
        """The same rows as ``of``, with a workspace condition no index can serve ("workspace_id + 0").

        For a query that reads most of a big table: SQLite then scans it in file order, which is several
        times faster than fetching each row through the workspace index (journeys' long windows).
        """
        workspace = scope.workspace if isinstance(scope, Actor) else scope
        column = f"{self._workspace_path()}_id"
        return self.annotate(_workspace_by_scan=models.F(column) + 0).filter(_workspace_by_scan=workspace.pk)


class WorkspaceOwned(models.Model):
    """A row that belongs to one workspace, directly or through its parent (``workspace_path``).

    Read it only through ``Model.objects.of(actor)`` or ``get_visible_or_404``; a structure test
    (tests/test_structure.py) fails on any other query of a workspace-owned model.
    """

    workspace_path = "workspace"
    objects = WorkspaceQuerySet.as_manager()

    class Meta:
        abstract = True


def get_visible_or_404[M: models.Model](source: type[M] | models.QuerySet[M], actor: Actor, pk: Any) -> M:
    """One object the actor may see, or 404 (another workspace's id looks exactly like a missing one).

    ``source`` is a model, or a queryset a selector has already narrowed by role.
    """
    queryset = source if isinstance(source, models.QuerySet) else source._default_manager.all()
    if not isinstance(queryset, WorkspaceQuerySet):
        raise TypeError(f"{queryset.model.__name__} is not workspace-owned")
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    found = queryset.of(actor).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
