"""The daily retention run (Django Tasks, run by ``kohtaamo worker``): each run books the next one."""

from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from kohtaamo.privacy.models import RetentionPolicy
from kohtaamo.privacy.services.retention import retention_apply
from kohtaamo.workspaces.models import Workspace

EVERY = timedelta(days=1)


def retention_schedule(*, workspace_id: int) -> None:
    """Start the workspace's daily runs (saving the settings does; a second chain stops itself)."""
    retention_enforce.enqueue(workspace_id)


@task()
def retention_enforce(workspace_id: int) -> dict:
    """Apply the workspace's retention limits, then queue tomorrow's run."""
    workspace = Workspace.objects.filter(pk=workspace_id).first()
    policy = RetentionPolicy.objects.of(workspace).first() if workspace else None
    if workspace is None or policy is None:
        return {}
    now = timezone.now()
    # Another chain already ran today (the settings were saved twice): let that one carry on alone.
    if policy.last_run_at is not None and now - policy.last_run_at < EVERY - timedelta(hours=1):
        return {"skipped": True}
    report = retention_apply(workspace=workspace, now=now)
    retention_enforce.using(run_after=now + EVERY).enqueue(workspace_id)
    return report.as_dict()
