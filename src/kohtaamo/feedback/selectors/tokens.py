"""The public survey's one read: an invitation found by its token, before any workspace is known.

The unguessable single-use token is the key (there is no signed-in actor), so this is the one read of
the feedback app that does not pass through ``objects.of``; the structure test names this module.
"""

from ..models import Invitation


def invitation_by_token(token: str) -> Invitation | None:
    """The invitation with this token, with its survey and workspace; None when there is none."""
    return Invitation.objects.select_related("survey", "workspace").filter(token=token).first()
