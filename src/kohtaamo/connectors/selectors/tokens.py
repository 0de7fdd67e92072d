"""A webhook's one read: its connector found by the path token, before any workspace is known.

The unguessable token in the path is the key (a platform has no session and no API token), so this is
the one read of the connectors app that does not pass through ``objects.of``; the structure test names
this module.
"""

from ..models import Connector


def connector_by_path_token(token: str) -> Connector | None:
    """The enabled connector with this path token, with its workspace; None when there is none."""
    if not token or len(token) > 64:
        return None
    return Connector.objects.select_related("workspace").filter(path_token=token, enabled=True).first()
