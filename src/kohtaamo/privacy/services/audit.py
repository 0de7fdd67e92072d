"""The audit trail's one write: ``audit_record``, called wherever someone reads personal data or administers.

Events are appended, never changed (``models.AuditEvent``). ``detail`` carries ids, counts and field names,
never what a person typed: it is limited in size and to plain values so a caller cannot log a transcript.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from kohtaamo.inputs.address import client_address
from kohtaamo.privacy.models import AuditEvent
from kohtaamo.workspaces.access import Actor

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.http import HttpRequest

    from kohtaamo.workspaces.models import ApiToken, Workspace

MAX_DETAIL_BYTES = 2000


def actor_label(actor: Actor) -> str:
    """How the trail names who acted: the user's email, the token's name and prefix, or the system."""
    if actor.user is not None:
        return actor.user.email or actor.user.username
    if actor.token is not None:
        return f"token {actor.token.name} ({actor.token.prefix}…)"
    return "system"


def _checked_detail(detail: dict[str, Any] | None) -> dict[str, Any]:
    detail = detail or {}
    for key, value in detail.items():
        values = value if isinstance(value, list) else [value]
        if not all(v is None or isinstance(v, int | float | bool | str) for v in values):
            raise ValidationError({"detail": f"{key}: only plain values or lists of them"})
    if len(json.dumps(detail, default=str)) > MAX_DETAIL_BYTES:
        raise ValidationError({"detail": f"at most {MAX_DETAIL_BYTES} bytes"})
    return detail


def audit_record(
    *,
    action: str,
    actor: Actor | None = None,
    workspace: Workspace | None = None,
    user: User | None = None,
    token: ApiToken | None = None,
    object_type: str = "",
    object_id: object = "",
    request: HttpRequest | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. Give the ``actor``, or (in services that have no actor) the ``workspace`` and ``user``."""
    if actor is None:
        if workspace is None:
            raise ValueError("audit_record needs an actor or a workspace")
        actor = Actor(user, workspace, "member", token=token) if user or token else Actor.system(workspace)
    return AuditEvent.objects.create(
        workspace=actor.workspace,
        user=actor.user,
        token=actor.token,
        actor_label=actor_label(actor)[:200],
        action=action,
        object_type=object_type,
        object_id=str(object_id)[:64],
        client_address=client_address(request),
        at=timezone.now(),
        detail=_checked_detail(detail),
    )


def audit_record_many(
    *, workspace: Workspace, action: str, object_type: str, objects: list[tuple[object, dict[str, Any]]]
) -> list[AuditEvent]:
    """Append one system event per ``(object_id, detail)`` in one statement (ingestion's merges of a batch)."""
    now = timezone.now()
    events = [
        AuditEvent(
            workspace=workspace,
            actor_label="system",
            action=action,
            object_type=object_type,
            object_id=str(object_id)[:64],
            at=now,
            detail=_checked_detail(detail),
        )  # fmt: skip
        for object_id, detail in objects
    ]
    return AuditEvent.objects.bulk_create(events, batch_size=500)
