"""Writes of the notification settings: how a workspace sends on each channel, and its rules."""

from django.contrib.auth.models import User
from django.db import transaction

from kohtaamo.notify.models import SECRET_OPTIONS, ChannelConfig, NotifyPolicy
from kohtaamo.privacy.services.audit import audit_record
from kohtaamo.workspaces.models import Workspace


@transaction.atomic
def channel_config_set(
    *,
    workspace: Workspace,
    channel: str,
    secrets: dict[str, str] | None = None,
    clear_secrets: bool = False,
    changed_by: User | None = None,
    **fields: object,
) -> ChannelConfig:
    """Create or change how the workspace sends on one channel.

    Secrets (``SECRET_OPTIONS``) go to the encrypted field, also when given inside ``options``; a secret
    not given keeps its saved value, so the settings form never needs to show one.
    """
    config, _created = ChannelConfig.objects.get_or_create(workspace=workspace, channel=channel)
    options = fields.pop("options", None)
    given = dict(secrets or {})
    if isinstance(options, dict):
        given.update({k: options[k] for k in SECRET_OPTIONS if options.get(k)})
        fields["options"] = {k: v for k, v in options.items() if k not in SECRET_OPTIONS}
    elif options is not None:
        fields["options"] = options  # not an object: full_clean names the field
    kept = {} if clear_secrets else dict(config.secrets or {})
    config.secrets = {**kept, **{k: str(v) for k, v in given.items() if k in SECRET_OPTIONS and v}}
    for name, value in fields.items():
        setattr(config, name, value)
    config.full_clean()
    config.save()
    # Names only: the values may be secrets (an SMTP password, a webhook token).
    audit_record(
        workspace=workspace, user=changed_by, action="settings.change", object_type="notify_channel",
        object_id=channel, detail={"fields": sorted(fields), "secrets": sorted(k for k, v in given.items() if v)},
    )  # fmt: skip
    return config


@transaction.atomic
def channel_secrets_reseal(*, workspace: Workspace) -> int:
    """Encrypt every saved secret again with the current key (after a key rotation); returns how many."""
    configs = [c for c in ChannelConfig.objects.of(workspace).select_for_update() if c.secrets]
    for config in configs:
        config.save(update_fields=["secrets"])  # read with any known key, written with the current one
    return len(configs)


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
