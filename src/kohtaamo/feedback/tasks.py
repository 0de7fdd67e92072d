"""Background tasks: thin wrappers that take ids and call a service (run them every few minutes)."""

from django.tasks import task

from kohtaamo.workspaces.models import Workspace

from .services.invitations import invitations_generate_all
from .services.sending import invitations_send


@task
def invitations_generate_task(workspace_id: int) -> int:
    """Create invitations from the workspace's trigger rules; returns how many were created."""
    reports = invitations_generate_all(workspace=Workspace.objects.get(pk=workspace_id))
    return sum(report.created for report in reports.values())


@task
def invitations_send_task(workspace_id: int) -> int:
    """Email the workspace's due invitations; returns how many were sent."""
    return invitations_send(workspace=Workspace.objects.get(pk=workspace_id)).sent
