"""Reads of a workspace's retention settings."""

from kohtaamo.privacy.models import RetentionPolicy
from kohtaamo.workspaces.access import Actor


def retention_policy_get(*, actor: Actor) -> RetentionPolicy:
    """The workspace's retention settings; unsaved defaults (keep everything) until an admin sets them."""
    found = RetentionPolicy.objects.of(actor).first()
    return found or RetentionPolicy(workspace=actor.workspace)
