"""Writes on workspaces, memberships and API tokens."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from kohtaamo.privacy.services.audit import audit_record

from .access import Role
from .models import ApiToken, Membership, Workspace

TOKEN_PREFIX = "kht_"  # noqa: S105 (a public prefix that makes leaked tokens easy to spot)


@transaction.atomic
def workspace_create(
    *, slug: str, name: str, time_zone: str = "Europe/Helsinki", country: str = "FI", languages: list[str] | None = None
) -> Workspace:
    """Create a client workspace; the installation's superusers administer every workspace."""
    workspace = Workspace(
        slug=slug,
        name=name,
        time_zone=time_zone,
        country=country.upper(),
        languages=languages or ["fi", "sv", "en"],
    )
    workspace.full_clean()
    workspace.save()
    for admin in get_user_model().objects.filter(is_superuser=True):
        Membership.objects.get_or_create(workspace=workspace, user=admin, defaults={"role": Role.ADMIN})
    return workspace


def membership_set(*, workspace: Workspace, user: User, role: str, changed_by: User | None = None) -> Membership:
    """Give the user this role in the workspace (adding them when they are not yet a member)."""
    before = Membership.objects.filter(workspace=workspace, user=user).values_list("role", flat=True).first()
    membership, _ = Membership.objects.update_or_create(workspace=workspace, user=user, defaults={"role": role})
    if before != role:
        audit_record(
            workspace=workspace, user=changed_by, action="membership.change", object_type="user", object_id=user.pk,
            detail={"role": role, "previous_role": before},
        )  # fmt: skip
    return membership


def user_create(*, email: str, password: str | None, name: str = "", is_superuser: bool = False) -> User:
    """Users log in with their email address; it is also their username."""
    email = email.strip().lower()
    user = get_user_model()(username=email, email=email, first_name=name, is_superuser=is_superuser)
    user.is_staff = is_superuser
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


def api_token_create(*, workspace: Workspace, name: str, created_by: User | None = None) -> tuple[ApiToken, str]:
    """Returns the token and its secret; the secret is shown once and only its hash is kept."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        workspace=workspace,
        name=name,
        prefix=secret[:10],
        digest=ApiToken.digest_of(secret),
        created_by=created_by,
    )
    audit_record(
        workspace=workspace, user=created_by, action="token.create", object_type="api_token", object_id=token.pk,
        detail={"prefix": token.prefix},
    )  # fmt: skip
    return token, secret


def api_token_revoke(*, token: ApiToken, revoked_by: User | None = None) -> None:
    """The token stops working at once; its row stays so the settings page can say who used it."""
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        workspace=token.workspace, user=revoked_by, action="token.revoke", object_type="api_token",
        object_id=token.pk, detail={"prefix": token.prefix},
    )  # fmt: skip
