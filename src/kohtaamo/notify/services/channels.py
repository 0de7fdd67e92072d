"""Writes of the notification settings: how a workspace sends on each channel, and its rules."""

from django.db import transaction

from kohtaamo.notify.models import ChannelConfig, NotifyPolicy
from kohtaamo.workspaces.models import Workspace


@transaction.atomic
def channel_config_set(*, workspace: Workspace, channel: str, **fields: object) -> ChannelConfig:
    """Create or change how the workspace sends on one channel."""
    config, _created = ChannelConfig.objects.get_or_create(workspace=workspace, channel=channel)
    for name, value in fields.items():
        setattr(config, name, value)
    config.full_clean()
    config.save()
    return config


@transaction.atomic
def notify_policy_set(*, workspace: Workspace, **fields: object) -> NotifyPolicy:
    """Change the workspace's notification rules (saved for the first time on the first change)."""
    policy, _created = NotifyPolicy.objects.get_or_create(workspace=workspace)
    for name, value in fields.items():
        setattr(policy, name, value)
    policy.full_clean()
    policy.save()
    return policy
