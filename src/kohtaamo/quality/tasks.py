"""Automatic QA in the background (Django Tasks, run by ``kohtaamo worker``): ingest queues one run per
batch it wrote, and a run checks whatever is still unchecked, so runs that overlap find little to do."""

from django.db import transaction
from django.tasks import task

from kohtaamo.quality.services.autoqa import autoqa_run
from kohtaamo.workspaces.models import Workspace


def autoqa_schedule(workspace: Workspace) -> None:
    """Queue a catch-up run once the batch that wrote new transcripts has committed."""
    workspace_id = workspace.pk
    transaction.on_commit(lambda: autoqa_catch_up.enqueue(workspace_id))


@task()
def autoqa_catch_up(workspace_id: int) -> dict:
    """Check the workspace's interactions whose transcripts are not checked yet."""
    workspace = Workspace.objects.filter(pk=workspace_id).first()
    if workspace is None:
        return {}
    report = autoqa_run(workspace=workspace)
    return {"checked": report.checked, "skipped": report.skipped}
