"""Adding and removing connectors."""

from django.db import transaction

from kohtaamo.privacy.services.audit import audit_record
from kohtaamo.workspaces.models import Workspace

from ..kinds import ConnectorInvalid
from ..models import Connector
from ..registry import KINDS


def connector_add(*, workspace: Workspace, kind: str, name: str, options: dict[str, object]) -> Connector:
    """A new connector of ``kind``; ``options`` are split into plain settings and sealed secrets.

    Raises :class:`ConnectorInvalid` (naming the field) for an unknown kind, a name in use or settings
    that cannot work.
    """
    if kind not in KINDS:
        raise ConnectorInvalid(f"kind must be one of {', '.join(sorted(KINDS))}")
    implementation = KINDS[kind]
    unknown = set(options) - set(implementation.setting_fields) - set(implementation.secret_fields)
    if unknown:
        raise ConnectorInvalid(f"{', '.join(sorted(unknown))} is not a setting of a {kind} connector")
    name = name.strip()
    if not name or len(name) > 100:
        raise ConnectorInvalid("name must be 1–100 characters")
    settings = {k: v for k, v in options.items() if k in implementation.setting_fields and v not in (None, "")}
    secrets = {k: v for k, v in options.items() if k in implementation.secret_fields and v not in (None, "")}
    implementation.check(settings, secrets)
    with transaction.atomic():
        if Connector.objects.of(workspace).filter(name=name).exists():
            raise ConnectorInvalid(f"a connector named {name!r} exists already")
        connector = Connector.objects.create(
            workspace=workspace, kind=kind, name=name, settings=settings, secrets=secrets
        )
        audit_record(workspace=workspace, action="connector.add", object_type="connector",
                     object_id=connector.pk, detail={"kind": kind, "name": name})  # fmt: skip
    return connector


def connector_remove(*, connector: Connector) -> None:
    """Remove a connector; what it brought in stays (the interactions are the workspace's)."""
    with transaction.atomic():
        audit_record(workspace=connector.workspace, action="connector.remove", object_type="connector",
                     object_id=connector.pk, detail={"kind": connector.kind, "name": connector.name})  # fmt: skip
        connector.delete()
