"""Reads of memberships, tokens and authenticators: which workspaces a person may enter, as whom, with which keys."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from .access import Actor, Role
from .models import ApiToken, Membership, Workspace


def actor_for(user: User | AnonymousUser, slug: str) -> Actor:
    """The user's actor in the workspace with this slug; 404 when they are not a member."""
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


def workspaces_for(user: User | AnonymousUser) -> list[tuple[Workspace, str]]:
    """The workspaces the user may enter, with their role in each (a superuser enters all as admin)."""
    if not user.is_authenticated:
        return []
    if user.is_superuser:
        roles = dict(Membership.objects.filter(user=user).values_list("workspace_id", "role"))
        return [(w, roles.get(w.pk, Role.ADMIN)) for w in Workspace.objects.all()]
    return [(m.workspace, m.role) for m in Membership.objects.filter(user=user).select_related("workspace")]


def api_tokens_active(*, actor: Actor) -> QuerySet[ApiToken]:
    """The workspace's tokens that still open the API (not revoked, not expired), newest first."""
    return (
        ApiToken.objects.filter(workspace=actor.workspace, revoked_at__isnull=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
        .select_related("created_by")
        .order_by("-created_at")
    )


def api_token_list(*, actor: Actor) -> QuerySet[ApiToken]:
    """Every token the workspace has had, revoked and expired ones too, newest first (for `token list`)."""
    return ApiToken.objects.filter(workspace=actor.workspace).select_related("created_by").order_by("-created_at")


def api_token_find(*, actor: Actor, key: str) -> ApiToken | None:
    """The workspace's token by its id or the start of its secret (as `token list` shows it)."""
    key = key.strip().rstrip("…")
    tokens = ApiToken.objects.filter(workspace=actor.workspace)
    if key.isdigit():
        return tokens.filter(pk=int(key)).first()
    matches = list(tokens.filter(prefix__startswith=key[:10])[:2]) if len(key) >= 6 else []
    return matches[0] if len(matches) == 1 else None


def membership_list(*, actor: Actor) -> QuerySet[Membership]:
    """Who works in the workspace, and as what, by email."""
    return Membership.objects.filter(workspace=actor.workspace).select_related("user").order_by("user__email")


def totp_device_of(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator, or None when they have not enrolled in two-factor login."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def totp_device_pending(user: User) -> TOTPDevice | None:
    """The authenticator being set up (shown as a QR code until its first code is confirmed)."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


def user_get(pk: int) -> User | None:
    """A user by id (the login's second step knows only the id it kept in the session)."""
    return get_user_model().objects.filter(pk=pk, is_active=True).first()
