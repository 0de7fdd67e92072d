"""Writes on workspaces, memberships and API tokens."""

import secrets
from datetime import datetime

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from kohtaamo.lib.text.custom_patterns import PatternError, check_patterns
from kohtaamo.lib.text.pii import KINDS as PII_KINDS
from kohtaamo.privacy.services.audit import audit_record

from .access import Role
from .labels import KINDS, Kind
from .models import ApiToken, Membership, TokenScope, Workspace
from .patterns import pattern_message
from .selectors import totp_device_of, totp_device_pending

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
    from kohtaamo.insights.services.topics import topics_seed  # the insights app builds on workspaces

    topics_seed(workspace=workspace)
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


def api_token_create(
    *,
    workspace: Workspace,
    name: str,
    created_by: User | None = None,
    read_only: bool = False,
    expires_at: datetime | None = None,
) -> tuple[ApiToken, str]:
    """Returns the token and its secret; the secret is shown once and only its hash is kept."""
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry must be in the future.")})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        workspace=workspace,
        name=name.strip(),
        prefix=secret[:10],
        digest=ApiToken.digest_of(secret),
        created_by=created_by,
        scope=TokenScope.READ_ONLY if read_only else TokenScope.FULL,
        expires_at=expires_at,
    )
    token.full_clean()
    token.save()
    audit_record(
        workspace=workspace, user=created_by, action="token.create", object_type="api_token", object_id=token.pk,
        detail={"prefix": token.prefix},
    )  # fmt: skip
    return token, secret


def api_token_revoke(*, token: ApiToken, revoked_by: User | None = None) -> None:
    """The token stops working at once; its row stays so the settings page can say who used it."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            workspace=token.workspace, user=revoked_by, action="token.revoke", object_type="api_token",
            object_id=token.pk, detail={"prefix": token.prefix},
        )  # fmt: skip


def login_lock_reset(*, username: str = "", address: str = "") -> int:
    """Lift a login lock on an account or a client address: its failed attempts are forgotten.

    Returns how many attempt records were removed (0: nothing was locked or failing).
    """
    if not username and not address:
        raise ValueError("name an account or an address to unlock")
    return int(
        AxesProxyHandler.reset_attempts(username=username.strip().lower() or None, ip_address=address.strip() or None)
    )


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """Begin two-factor enrolment: a new secret, unconfirmed until the user types its first code.

    An enrolment left half-way is reused, so reloading the page does not change the QR code.
    """
    return totp_device_pending(user) or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Confirm an enrolment with a code from the authenticator app; False when the code is wrong."""
    if not device.verify_token(token.strip()):
        return False
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


@transaction.atomic
def totp_device_remove(*, user: User, token: str) -> bool:
    """Turn two-factor login off; the current code is asked so a left-open session cannot do it alone."""
    device = totp_device_of(user)
    if device is None or not device.verify_token(token.strip()):
        return False
    TOTPDevice.objects.filter(user=user).delete()
    return True


def totp_login_verify(*, user: User, token: str) -> TOTPDevice | None:
    """The user's authenticator when ``token`` is its current code (each code works once), else None.

    django-otp slows repeated failures down (1, 2, 4 … seconds between tries) on top of the login lock.
    """
    device = totp_device_of(user)
    if device is None or not device.verify_token(token.strip()):
        return None
    return device


def workspace_security_set(*, workspace: Workspace, require_admin_two_factor: bool) -> Workspace:
    """The workspace's sign-in rules: whether its admins must log in with a code."""
    workspace.require_admin_two_factor = require_admin_two_factor
    workspace.full_clean()
    workspace.save(update_fields=["require_admin_two_factor"])
    return workspace


@transaction.atomic
def workspace_labels_set(
    *, workspace: Workspace, kind: Kind, labels: dict[str, dict[str, str]], changed_by: User | None = None
) -> Workspace:
    """Replace the workspace's names for one kind of key (attributes or contact reasons).

    Locks the row so two admins saving the two kinds at once do not overwrite each other's half.
    """
    if kind not in KINDS:
        raise ValidationError({"kind": _("Unknown kind of key.")})
    locked = Workspace.objects.select_for_update().get(pk=workspace.pk)
    locked.display_labels = {**(locked.display_labels or {}), kind: labels}
    locked.full_clean()
    locked.save(update_fields=["display_labels"])
    workspace.display_labels = locked.display_labels
    audit_record(
        workspace=workspace, user=changed_by, action="settings.change", object_type="workspace",
        object_id=workspace.pk, detail={"labels": kind, "keys": len(labels)},
    )  # fmt: skip
    return workspace


@transaction.atomic
def workspace_redaction_set(
    *,
    workspace: Workspace,
    redact_personal_data: bool,
    patterns: dict[str, str] | None = None,
    changed_by: User | None = None,
) -> Workspace:
    """Whether incoming free text is masked before it is stored, and the workspace's own patterns (name →
    regular expression, in order; ``None`` keeps them); each change is in the audit trail.

    Only what arrives afterwards is affected: stored texts are not re-read (masked ones cannot be unmasked).
    """
    before = (workspace.redact_personal_data, workspace.redaction_patterns)
    workspace.redact_personal_data = redact_personal_data
    if patterns is not None:
        try:
            check_patterns(patterns, reserved=PII_KINDS)
        except PatternError as error:
            raise ValidationError({"redaction_patterns": pattern_message(error)}) from None
        workspace.redaction_patterns = [{"name": name, "pattern": pattern} for name, pattern in patterns.items()]
    workspace.full_clean()
    workspace.save(update_fields=["redact_personal_data", "redaction_patterns"])
    if before[0] != redact_personal_data:
        audit_record(
            workspace=workspace, user=changed_by, action="settings.change", object_type="workspace",
            object_id=workspace.pk, detail={"field": "redact_personal_data", "value": redact_personal_data},
        )  # fmt: skip
    if before[1] != workspace.redaction_patterns:
        audit_record(
            workspace=workspace, user=changed_by, action="settings.change", object_type="workspace",
            object_id=workspace.pk, detail={"field": "redaction_patterns", "names": list(patterns or {}),
                    "patterns": list((patterns or {}).values())},
        )  # fmt: skip
    return workspace
