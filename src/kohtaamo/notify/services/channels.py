"""Writes of the notification settings: how a workspace sends on each channel, and its rules."""

from django.contrib.auth.models import User
from django.db import transaction

from kohtaamo.notify.models import ChannelConfig, NotifyPolicy
from kohtaamo.privacy.services.audit import audit_record
from kohtaamo.workspaces.models import Workspace


@transaction.atomic
def channel_config_set(
    *, workspace: Workspace, channel: str, changed_by: User | None = None, **fields: object
) -> ChannelConfig:
    """Create or change how the workspace sends on one channel."""
    config, _created = ChannelConfig.objects.get_or_create(workspace=workspace, channel=channel)
    for name, value in fields.items():
        setattr(config, name, value)
    config.full_clean()
    config.save()
    # Field names only: the values may be secrets (an SMTP password, a webhook token).
    audit_record(
        workspace=workspace, user=changed_by, action="settings.change", object_type="notify_channel", object_id=channel,
        detail={"fields": sorted(fields)},
    )  # fmt: skip
    return config


@transaction.atomic
def notify_policy_set(*, workspace: Workspace, changed_by: User | None = None, **fields: object) -> NotifyPolicy:
    """Change the workspace's notification rules (saved for the first time on the first change)."""
    policy, _created = NotifyPolicy.objects.get_or_create(workspace=workspace)
    for name, value in fields.items():
        setattr(policy, name, value)
    policy.full_clean()
    policy.save()
    audit_record(
        workspace=workspace, user=changed_by, action="settings.change", object_type="notify_policy",
        object_id=workspace.pk, detail={"fields": sorted(fields)},
    )  # fmt: skip
    return policy
