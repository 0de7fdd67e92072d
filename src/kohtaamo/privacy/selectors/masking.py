"""Whether the actor sees customers' phone numbers and email addresses masked (a workspace setting)."""

from kohtaamo.privacy.models import RetentionPolicy
from kohtaamo.workspaces.access import Actor, Role


def identifiers_masked_for(*, actor: Actor) -> bool:
    """Agents see them masked when the workspace says so; other roles always see them."""
    if actor.role != Role.AGENT:
        return False
    return RetentionPolicy.objects.of(actor).filter(mask_identifiers_for_agents=True).exists()
